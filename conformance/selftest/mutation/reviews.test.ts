// The review of undetected mutants: counted per verdict, left out of the score only as the
// figure says, stale once the mutant is detected, and refused when malformed.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countReviews, reviewedLocations, reviewedPrefix, reviewedScores, staleReviews, validateReviews, type Reviews } from './reviews.ts';
import { locationKey, measuredPrefix, mutantKey, mutantKind, type ReportMutant, type Sample } from './sample.ts';

const at = (line: number, mutatorName: string, status: string): ReportMutant => ({
  id: `${line}:${mutatorName}`,
  mutatorName,
  status,
  location: { start: { line, column: 1 }, end: { line, column: 9 } },
});

const FILE = 'reference/a.ts';
const spin = at(1, 'ConditionalExpression', 'Survived');
const promiseApi = at(2, 'BlockStatement', 'NoCoverage');
const bigValue = at(3, 'ArithmeticOperator', 'NoCoverage');
const unreviewed = at(4, 'EqualityOperator', 'Survived');
const killed = at(5, 'BooleanLiteral', 'Killed');
const mutants = [spin, promiseApi, bigValue, unreviewed, killed].map((mutant) => ({ file: FILE, mutant }));

const reviews: Reviews = {
  [mutantKey(FILE, spin)]: { verdict: 'equivalent', why: 'a spin count' },
  [mutantKey(FILE, promiseApi)]: { verdict: 'outside', why: 'recvAsync only' },
  [mutantKey(FILE, bigValue)]: { verdict: 'unreached', why: 'values over 256 bytes' },
};

describe('countReviews', () => {
  it('counts the undetected mutants per verdict, and those not reviewed', () => {
    expect(countReviews(mutants, reviews)).toEqual({ equivalent: 1, outside: 1, unreached: 1, gap: 0, unreviewed: 1 });
  });

  it('ignores a review of a detected mutant: the review never turns a verdict', () => {
    const withKilled = { ...reviews, [mutantKey(FILE, killed)]: { verdict: 'equivalent', why: 'wrongly reviewed' } } as Reviews;
    expect(countReviews(mutants, withKilled).equivalent).toBe(1);
  });
});

describe('reviewedLocations', () => {
  it('names the locations of the mutants reviewed with the verdicts asked for, as the sample keys them, and refuses an unknown verdict', () => {
    expect(reviewedLocations(reviews, ['unreached', 'outside'])).toEqual(new Set([locationKey(FILE, promiseApi.location), locationKey(FILE, bigValue.location)]));
    expect(reviewedLocations(reviews, ['gap'])).toEqual(new Set());
    expect(() => reviewedLocations(reviews, ['unreachd'])).toThrow(/--verdict unreachd is not one of equivalent, outside, unreached, gap/);
  });
});

describe('reviewedScores', () => {
  it('leaves out the equivalent mutants, then the code outside the spec; unreviewed and unreached ones stay in', () => {
    const { withoutEquivalent, withinSpec } = reviewedScores(1, 5, countReviews(mutants, reviews));
    expect(withoutEquivalent).toMatchObject({ detected: 1, of: 4, score: 0.25 });
    expect(withinSpec).toMatchObject({ detected: 1, of: 3 });
    expect(withinSpec.low).toBeLessThan(withinSpec.score);
  });
});

describe('staleReviews', () => {
  it('names reviews of mutants that are now detected or gone', () => {
    const results = { [FILE]: { mutants: [{ ...spin, status: 'Killed' }, promiseApi, bigValue] } };
    expect(staleReviews(results, reviews)).toEqual([mutantKey(FILE, spin)]);
  });

  it('leaves pending the reviews of a file whose results are of other code than it has now', () => {
    const results = { [FILE]: { source: 'old code', mutants: [promiseApi, bigValue] } };
    expect(staleReviews(results, reviews, () => 'new code')).toEqual([]);
    expect(staleReviews(results, reviews, () => 'old code')).toEqual([mutantKey(FILE, spin)]);
    // A file gone from the tree, or without results, leaves its reviews stale.
    expect(staleReviews(results, reviews, () => undefined)).toEqual([mutantKey(FILE, spin)]);
    expect(staleReviews({}, reviews, () => 'new code')).toEqual(Object.keys(reviews));
  });
});

describe('validateReviews', () => {
  it('refuses an unknown verdict and a review without a reason, naming the mutant', () => {
    expect(() => validateReviews({ k: { verdict: 'fine', why: 'x' } } as unknown as Reviews)).toThrow(/k: verdict "fine"/);
    expect(() => validateReviews({ k: { verdict: 'gap', why: ' ' } })).toThrow(/k: a review says why/);
    expect(validateReviews(reviews)).toBe(reviews);
  });
});

describe('reviewedPrefix', () => {
  // The sample's order: the killed mutant's location, the reviewed spin, the unreviewed survivor, the reviewed promise API.
  const order = [killed, spin, unreviewed, promiseApi].map((m) => ({ file: FILE, start: m.location.start, end: m.location.end, mutants: [mutantKind(m)] }));
  const sample: Sample = { seed: 1, population: { locations: 4, mutants: 4 }, order };
  const results = { [FILE]: { mutants: [killed, spin, unreviewed, promiseApi] } };

  it('counts the locations from the start whose every undetected mutant is reviewed, up to the measured ones', () => {
    expect(reviewedPrefix(sample, 4, results, reviews)).toBe(2);
    expect(reviewedPrefix(sample, 1, results, reviews)).toBe(1);
    expect(reviewedPrefix(sample, 4, results, { ...reviews, [mutantKey(FILE, unreviewed)]: { verdict: 'gap', why: 'a rule misses it' } })).toBe(4);
  });
});

describe('the committed reviews', () => {
  it('are well formed, and none is stale: every reviewed mutant is still undetected in the committed results', () => {
    const here = (name: string) => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));
    const reviews = validateReviews(here('./reviews.json') as Reviews);
    expect(Object.keys(reviews).length).toBeGreaterThan(150);
    const files = (here('./incremental.json') as { files: Record<string, { source?: string; mutants: ReportMutant[] }> }).files;
    // A file changed since its results were measured holds pending reviews, not stale ones (staleReviews' sourceOf).
    const sourceOf = (file: string) => {
      const url = new URL(`../../../${file}`, import.meta.url);
      return existsSync(url) ? readFileSync(url, 'utf8') : undefined;
    };
    expect(staleReviews(files, reviews, sourceOf)).toEqual([]);
  });

  it('cover every undetected mutant of the sample\'s measured prefix', () => {
    const here = (name: string) => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));
    const sample = here('./sample.json') as Sample;
    const { files } = here('./incremental.json') as { files: Record<string, { mutants: ReportMutant[] }> };
    const measured = measuredPrefix(sample, files);
    expect(measured).toBeGreaterThan(0);
    expect(reviewedPrefix(sample, measured, files, here('./reviews.json') as Reviews)).toBe(measured);
  });
});
