// An adapter's expectations file: its known deviations as data, beside the module
// (docs/adapters.md, "Expectations"). `syncspec run` merges it into the adapter's own
// `expectations`, and `syncspec run --update-expectations` rewrites it from a run.
//
//   ./my-adapter.ts         → ./my-adapter.expectations.json
//   adapters/foo/index.ts   → adapters/foo/expectations.json (bundled adapter `foo` too)
//
// The file is one JSON object, rule ID → { "status": "fail", "reason": "...", "link"?: "..." }.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Expectation } from './types.ts';

export type ExpectationMap = { readonly [rule: string]: Expectation };

/** Where the expectations file of the adapter module at `modulePath` is (or would be). */
export function expectationsFileFor(modulePath: string): string {
  const stem = basename(modulePath, extname(modulePath));
  return join(dirname(modulePath), stem === 'index' ? 'expectations.json' : `${stem}.expectations.json`);
}

export type ReadResult = { ok: true; expectations: ExpectationMap } | { ok: false; error: string };

/** The file's expectations ({} when there is no file), or every problem with it, naming the file. */
export function readExpectationsFile(path: string, knownRules?: readonly string[]): ReadResult {
  if (!existsSync(path)) return { ok: true, expectations: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { ok: false, error: `expectations file ${path} is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: `expectations file ${path} must be an object: rule ID → { "status": "fail", "reason": "..." }` };
  }
  const problems: string[] = [];
  const expectations: Record<string, Expectation> = {};
  for (const [rule, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (rule.startsWith('$')) continue; // "$comment", "$schema"
    if (knownRules !== undefined && !knownRules.includes(rule)) problems.push(`${rule}: no such rule (\`syncspec rules\` lists them)`);
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || e.status !== 'fail' || typeof e.reason !== 'string' || (e.link !== undefined && typeof e.link !== 'string') || (e.replay !== undefined && typeof e.replay !== 'string')) {
      problems.push(`${rule}: must be { "status": "fail", "reason": string, "link"?: string, "replay"?: string }`);
      continue;
    }
    expectations[rule] = { status: 'fail', reason: e.reason, ...(typeof e.link === 'string' ? { link: e.link } : {}), ...(typeof e.replay === 'string' ? { replay: e.replay } : {}) };
  }
  if (problems.length > 0) return { ok: false, error: `expectations file ${path} is malformed:\n  - ${problems.join('\n  - ')}` };
  return { ok: true, expectations };
}

/** Writes the file: rule IDs sorted, one entry per line group, trailing newline. */
export function writeExpectationsFile(path: string, expectations: ExpectationMap): void {
  const sorted = Object.fromEntries(Object.keys(expectations).sort().map((rule) => [rule, expectations[rule]]));
  writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
}

/** A rule's result as the update reads it (a RuleResult, after expectations were applied). */
export interface ResultForUpdate {
  readonly rule: string;
  readonly status: string;
  readonly message?: string;
  readonly replay?: string;
}

export interface ExpectationsUpdate {
  /** The file's new content. */
  readonly expectations: ExpectationMap;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Things the file cannot fix: an error is never expected, an in-code expectation of a passing rule. */
  readonly warnings: readonly string[];
}

/**
 * The file after a run: a rule that failed (`fail`, `expected-fail`) gets an entry (an
 * existing one keeps its reason and link); one that passed or was `n/a` loses its entry;
 * `error` and `unknown` leave the file as it was, and so do the rules the run did not
 * select. Rules the adapter's own `expectations` (in code) declare are left to the code.
 */
export function updateExpectations(file: ExpectationMap, inCode: ExpectationMap, results: readonly ResultForUpdate[]): ExpectationsUpdate {
  const next: Record<string, Expectation> = { ...file };
  const added: string[] = [];
  const removed: string[] = [];
  const warnings: string[] = [];
  for (const r of results) {
    const failing = r.status === 'fail' || r.status === 'expected-fail';
    const passing = r.status === 'pass' || r.status === 'unexpected-pass' || r.status === 'n/a';
    if (failing) {
      if (next[r.rule] === undefined && inCode[r.rule] === undefined) {
        next[r.rule] = { status: 'fail', reason: reasonFrom(r.message), ...(r.replay === undefined ? {} : { replay: r.replay }) };
        added.push(r.rule);
      } else if (next[r.rule] !== undefined && next[r.rule].replay === undefined && r.replay !== undefined) {
        // Keep the reason and link; record a counterexample so other seeds give the same verdict.
        next[r.rule] = { ...next[r.rule], replay: r.replay };
      }
    } else if (passing) {
      if (next[r.rule] !== undefined) {
        delete next[r.rule];
        removed.push(r.rule);
      }
      if (inCode[r.rule] !== undefined && r.status !== 'n/a') warnings.push(`${r.rule} passed, but the adapter's own \`expectations\` (in code) still lists it: remove it there`);
    } else if (r.status === 'error') {
      warnings.push(`${r.rule} is an error (a broken adapter or a syncspec bug), never an expectation: left as it was`);
    }
  }
  return { expectations: next, added, removed, warnings };
}

function reasonFrom(message: string | undefined): string {
  const first = (message ?? '').split('\n').find((l) => l.trim().length > 0)?.trim();
  return first === undefined ? 'fails (recorded by syncspec run --update-expectations)' : `fails: ${first.length > 200 ? `${first.slice(0, 197)}...` : first}`;
}
