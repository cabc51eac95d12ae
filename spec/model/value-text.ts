// The text of a value in examples, counterexamples and timelines: JSON, except that a
// long run of one character is written `"L"×50000` and pieces of a string are joined
// with `+` (`"B"×70000 + "·"`). A value beyond 48 KiB takes paths through an
// implementation that short ones do not, so examples need such values, and a
// counterexample that holds one must still fit on a line and read back as an example.
import type { Value } from './types.ts';

/** The shortest run of one character written as `"c"×n`. */
const RUN_FROM = 32;
/** The largest `×n` a value's text may hold (16 Mi characters), so a typo cannot exhaust memory. */
export const MAX_STRING_REPEAT = 16 * 1024 * 1024;

export function formatValue(v: Value): string {
  if (typeof v === 'string') return formatString(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const object = v as { readonly [key: string]: Value };
    return `{${Object.keys(object).map((k) => `${JSON.stringify(k)}:${formatValue(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function formatString(s: string): string {
  if (s.length < RUN_FROM) return JSON.stringify(s);
  const pieces: string[] = [];
  let plain = '';
  const chars = Array.from(s); // code points: a character beyond the BMP repeats as a pair
  for (let i = 0; i < chars.length; ) {
    let j = i + 1;
    while (j < chars.length && chars[j] === chars[i]) j++;
    if (j - i >= RUN_FROM) {
      if (plain !== '') pieces.push(JSON.stringify(plain));
      plain = '';
      pieces.push(`${JSON.stringify(chars[i])}×${j - i}`);
    } else plain += chars.slice(i, j).join('');
    i = j;
  }
  if (plain !== '') pieces.push(JSON.stringify(plain));
  return pieces.join(' + ');
}

/** A value's text as `formatValue` writes it (or plain JSON, with any spacing), or undefined when it is not one. */
export function parseValueText(text: string): Value | undefined {
  try {
    return JSON.parse(text) as Value;
  } catch {
    try {
      const json = expandStrings(text);
      return json === undefined ? undefined : (JSON.parse(json) as Value);
    } catch {
      return undefined; // a bad escape inside one of the strings
    }
  }
}

const REPEAT = /\s*×\s*(\d+)/y;
const PLUS = /\s*\+\s*"/y;

/** The JSON text of `text`, with every string expression (`"a"×3 + "b"`) evaluated; undefined if one is malformed. */
function expandStrings(text: string): string | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', from)) {
    out.push(text.slice(from, i));
    let value = '';
    for (;;) {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      let piece = JSON.parse(text.slice(i, end)) as string;
      i = end;
      REPEAT.lastIndex = i;
      const repeat = REPEAT.exec(text);
      if (repeat) {
        const times = Number(repeat[1]);
        if (times > MAX_STRING_REPEAT) return undefined;
        piece = piece.repeat(times);
        i = REPEAT.lastIndex;
      }
      value += piece;
      PLUS.lastIndex = i;
      if (!PLUS.exec(text)) break;
      i = PLUS.lastIndex - 1;
    }
    out.push(JSON.stringify(value));
    from = i;
  }
  out.push(text.slice(from));
  return out.join('');
}

/** The index just past the JSON string literal that starts at `start` (a `"`), or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}
