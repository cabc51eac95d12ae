import { describe, expect, it } from 'vitest';
import type { Value } from './types.ts';
import { formatValue, MAX_STRING_REPEAT, parseValueText } from './value-text.ts';

describe('the text of a value', () => {
  it('is JSON while no character runs 32 times in a row', () => {
    const tricky = JSON.parse('{"__proto__":{"a":1},"0":"zero","ключ":["", null, -0.5, true]}') as Value;
    expect(formatValue(tricky)).toBe(JSON.stringify(tricky));
    expect(formatValue('é'.repeat(31))).toBe(JSON.stringify('é'.repeat(31)));
  });

  it('writes a long run as "c"×n and joins the pieces of a string with +', () => {
    expect(formatValue(`${'B'.repeat(70_000)}·`)).toBe('"B"×70000 + "·"');
    expect(formatValue({ big: `x${'ж'.repeat(40)}${'"'.repeat(32)}!` })).toBe('{"big":"x" + "ж"×40 + "\\""×32 + "!"}');
    // A character beyond the BMP runs as one character, not as alternating halves.
    expect(formatValue('𝄞'.repeat(33))).toBe('"𝄞"×33');
  });

  it('reads back what it writes, and JSON with any spacing', () => {
    const values: Value[] = [`${'B'.repeat(70_000)}·`, [{ big: `${'ж'.repeat(40_000)}!` }, 'é'.repeat(33)], `a${'𝄞'.repeat(40)}b${'y'.repeat(31)}`, null, 0];
    for (const v of values) expect(parseValueText(formatValue(v))).toEqual(v);
    expect(parseValueText('[1, {"k": "v"}]')).toEqual([1, { k: 'v' }]);
    expect(parseValueText('"a" × 3 + "b"')).toBe('aaab');
    expect(parseValueText('{"k"×2: ["x"×2]}')).toEqual({ kk: ['xx'] });
  });

  it('is undefined for text that is not a value', () => {
    for (const text of ['"a"×', '"a" +', '"a"×2 "b"', '"\\q"×2', `"a"×${MAX_STRING_REPEAT + 1}`, 'tx', '"open']) expect(parseValueText(text)).toBeUndefined();
  });
});
