// The lexical layer of the example notation: splitting a line at separators that are
// not inside a string or brackets, reading values (JSON, and long strings as
// `"L"×50000 + "·"`: spec/model/value-text.ts), and taking a call
// `[name =] [receiver.]op(args)` apart. No knowledge of handles or constructors here.
import type { Outcome } from '../../model/types.ts';
import { parseValueText } from '../../model/value-text.ts';

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Splits `text` at every `separator` that is outside double-quoted strings and
 * brackets. Returns undefined when brackets or quotes do not balance.
 */
export function splitTopLevel(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  const closers: string[] = [];
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch in OPENERS) closers.push(OPENERS[ch]);
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (closers.pop() !== ch) return undefined;
    } else if (closers.length === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  if (inString || closers.length > 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `tx2 = tx.clone()`, `tx.send(1)`, `drop(tx)`, `select(rx1, rx2)`, `sync_channel(1)`, `mpmc::channel()`. */
export interface CallSyntax {
  /** The name on the left of `=`, if any. */
  readonly binding?: string;
  /** The handle before the `.`, if any. */
  readonly receiver?: string;
  /** The function or method name; may contain `::` (`mpmc::channel`). */
  readonly name: string;
  /** The arguments' source text, trimmed; empty for `()`. */
  readonly args: readonly string[];
}

/** What is wrong with a piece of example text: a value of its own, so it cannot be mistaken for a result. */
export interface SyntaxProblem {
  readonly problem: string;
}

export function isProblem(value: unknown): value is SyntaxProblem {
  return typeof value === 'object' && value !== null && 'problem' in value;
}

const CALL = /^(?:([A-Za-z_]\w*)\s*=\s*)?(?:([A-Za-z_]\w*)\s*\.\s*)?([A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)\s*\((.*)\)$/s;

export function parseCallSyntax(text: string): CallSyntax | SyntaxProblem {
  const match = CALL.exec(text.trim());
  if (!match) return { problem: `expected an operation such as \`h.op(args)\`, \`drop(h)\` or \`h2 = h.clone()\`, got \`${text.trim()}\`` };
  const [, binding, receiver, name, argText] = match;
  const args = argText.trim() === '' ? [] : splitTopLevel(argText, ',');
  if (!args) return { problem: `unbalanced brackets or quotes in \`${text.trim()}\`` };
  if (args.some((arg) => arg.trim() === '')) return { problem: `empty argument in \`${text.trim()}\`` };
  return {
    ...(binding === undefined ? {} : { binding }),
    ...(receiver === undefined ? {} : { receiver }),
    name,
    args: args.map((arg) => arg.trim()),
  };
}

const OUTCOME = /^([A-Z][A-Za-z0-9]*)(?:\s*\((.*)\))?$/s;

/** One alternative after `->`: `Ok`, `Ok(1)`, `Full(2)`, `Ok(["rx2", 5])`, or `blocks`. */
export function parseOutcome(text: string): Outcome | 'blocks' | SyntaxProblem {
  const trimmed = text.trim();
  if (trimmed === 'blocks') return 'blocks';
  const match = OUTCOME.exec(trimmed);
  if (!match) return { problem: `bad outcome \`${trimmed}\` (expected \`Kind\`, \`Kind(value)\` or \`blocks\`)` };
  const [, kind, valueText] = match;
  if (valueText === undefined) return { kind };
  const value = parseValueText(valueText);
  if (value === undefined) return { problem: `bad outcome \`${trimmed}\`: \`${valueText}\` is not a JSON value` };
  return { kind, value };
}
