// The review of the mutants the suite does not detect (reviews.json), read by the score.
//
// Stryker counts every survivor against the score, also a mutant no client can tell from
// the original (a spin count, a fast path the slow path repeats) and one in reference API
// the spec has no operation for (the promise API, the spin setting). The review says which
// is which, mutant by mutant, with the reason; SURVIVORS.md holds the longer discussion.
// The score is then given three ways: Stryker's, without the equivalent mutants, and
// without the code outside the spec's operations too. The review never turns a verdict:
// a reviewed mutant still counts as undetected in Stryker's score.
import { mutantKey, mutantKeyAt, proportion, type Proportion, type ReportMutant, type Sample } from './sample.ts';

/**
 * - `equivalent`: no client using the spec's operations as Rust allows can see the change
 *   (the spec allows both behaviours, or the code only decides speed, memory, an internal
 *   check that cannot fire, or a misuse check for what Rust's types forbid);
 * - `outside`: the mutated code is reached only through API or settings the spec has no
 *   operation for (the reference's promise API, its closure API, its configuration, a
 *   worker terminated from outside, a run without schedule hooks, its own size limits);
 * - `unreached`: inside the spec's operations, but no scenario of the suite reaches it
 *   (a value kind, a scale, a thread ending mid-run): the scenarios should grow;
 * - `gap`: reached, and a behaviour a rule forbids that its checks miss: a rule should be
 *   sharpened.
 */
export type Verdict = 'equivalent' | 'outside' | 'unreached' | 'gap';
export const VERDICTS: readonly Verdict[] = ['equivalent', 'outside', 'unreached', 'gap'];

export interface Review {
  readonly verdict: Verdict;
  readonly why: string;
}

/** reviews.json: one review per mutant, by `mutantKey`. */
export type Reviews = Readonly<Record<string, Review>>;

const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The locations (`locationKey`: a mutant key up to its mutator) with a mutant reviewed with one of `verdicts` (`--verdict`). */
export function reviewedLocations(reviews: Reviews, verdicts: readonly string[]): Set<string> {
  for (const v of verdicts) if (!VERDICTS.includes(v as Verdict)) throw new Error(`mutation: --verdict ${v} is not one of ${VERDICTS.join(', ')}`);
  return new Set(Object.entries(reviews).filter(([, r]) => verdicts.includes(r.verdict)).map(([key]) => key.slice(0, key.indexOf('|'))));
}

/** Reviews that do not name a Verdict or give no reason: a programming error in reviews.json. */
export function validateReviews(reviews: Reviews, source = 'reviews.json'): Reviews {
  for (const [key, r] of Object.entries(reviews)) {
    if (!VERDICTS.includes(r.verdict)) throw new Error(`${source}: ${key}: verdict ${JSON.stringify(r.verdict)} is not one of ${VERDICTS.join(', ')}`);
    if (typeof r.why !== 'string' || r.why.trim() === '') throw new Error(`${source}: ${key}: a review says why`);
  }
  return reviews;
}

export interface ReviewCounts {
  /** Undetected mutants per verdict, and those without a review. */
  readonly equivalent: number;
  readonly outside: number;
  readonly unreached: number;
  readonly gap: number;
  readonly unreviewed: number;
}

/** How the undetected mutants among `mutants` (file, result) were reviewed. */
export function countReviews(mutants: readonly { file: string; mutant: ReportMutant }[], reviews: Reviews): ReviewCounts {
  const counts = { equivalent: 0, outside: 0, unreached: 0, gap: 0, unreviewed: 0 };
  for (const { file, mutant } of mutants) {
    if (!UNDETECTED.has(mutant.status)) continue;
    const review = reviews[mutantKey(file, mutant)];
    if (review === undefined) counts.unreviewed++;
    else counts[review.verdict]++;
  }
  return counts;
}

/**
 * How many locations from the start of the sample's order have every undetected mutant
 * reviewed, given the first `measured` of them have results (the review's own prefix).
 */
export function reviewedPrefix(sample: Sample, measured: number, results: Record<string, { mutants: ReportMutant[] }>, reviews: Reviews): number {
  const unreviewed = new Set<string>();
  for (const [file, f] of Object.entries(results)) for (const m of f.mutants) if (UNDETECTED.has(m.status) && reviews[mutantKey(file, m)] === undefined) unreviewed.add(mutantKey(file, m));
  const first = sample.order.slice(0, measured).findIndex((l) => l.mutants.some((kind) => unreviewed.has(mutantKeyAt(l.file, l, kind))));
  return first < 0 ? measured : first;
}

/**
 * Reviews of mutants that are no longer undetected in `results` (killed since, or gone with a
 * code change). With `sourceOf` (a file's current text), a review in a file whose results are
 * of other code (the results' `source` differs: measured before the code changed, e.g. a
 * sample moved with `--move-sample` and not yet measured again) is pending, not stale.
 */
export function staleReviews(results: Record<string, { source?: string; mutants: ReportMutant[] }>, reviews: Reviews, sourceOf?: (file: string) => string | undefined): string[] {
  const undetected = new Set<string>();
  for (const [file, f] of Object.entries(results)) for (const m of f.mutants) if (UNDETECTED.has(m.status)) undetected.add(mutantKey(file, m));
  // Pending: the file is still there, and its results are of other code (a file gone, or never measured, leaves its reviews stale).
  const pending = (key: string): boolean => {
    const file = key.slice(0, key.indexOf('@'));
    const now = sourceOf?.(file);
    const measured = results[file]?.source;
    return now !== undefined && measured !== undefined && measured !== now;
  };
  return Object.keys(reviews).filter((key) => !undetected.has(key) && !pending(key));
}

/**
 * The score of `detected` out of `mutants` once the review is taken into account: without
 * the equivalent mutants (nothing could detect them), and without the code outside the
 * spec's operations too (no conformance suite can reach it). Unreviewed survivors stay in.
 */
export function reviewedScores(detected: number, mutants: number, counts: ReviewCounts): { withoutEquivalent: Proportion; withinSpec: Proportion } {
  return {
    withoutEquivalent: proportion(detected, mutants - counts.equivalent),
    withinSpec: proportion(detected, mutants - counts.equivalent - counts.outside),
  };
}
