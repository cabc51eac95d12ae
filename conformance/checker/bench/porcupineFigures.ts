// Porcupine's measured check times on the checker corpus, copied from
// shared/research/checker-anchor.md ("Results: Porcupine median check time, ms (min–max of 5)"):
// anishathalye/porcupine 55508eb, Go 1.19, GOMAXPROCS = 2, the project's 2-vCPU build machine,
// 5 checks per file in a fresh process, 60 s budget, 14 GiB heap cap.

export type PorcupineFigure =
  | { readonly kind: 'time'; readonly medianMs: number; readonly minMs: number; readonly maxMs: number }
  /** Did not finish: `timeout` (> 60 s), `memout` (> 14 GiB heap), or `not-run` (a smaller size already failed). */
  | { readonly kind: 'timeout' | 'memout' | 'not-run'; readonly note: string };

const t = (medianMs: number, minMs: number, maxMs: number): PorcupineFigure => ({ kind: 'time', medianMs, minMs, maxMs });
const timeout = (note: string): PorcupineFigure => ({ kind: 'timeout', note });
const memout = (note: string): PorcupineFigure => ({ kind: 'memout', note });
const notRun: PorcupineFigure = { kind: 'not-run', note: 'not run (a smaller size already failed)' };

type Row = Readonly<Record<'ok' | 'illegal-dup' | 'illegal-empty' | 'illegal-swap', PorcupineFigure>>;

const FIGURES: Readonly<Record<string, Row>> = {
  'c2-n100': { ok: t(0.168, 0.142, 0.206), 'illegal-dup': t(0.142, 0.132, 0.203), 'illegal-empty': t(0.197, 0.18, 0.244), 'illegal-swap': t(0.168, 0.116, 0.269) },
  'c4-n100': { ok: t(0.192, 0.17, 0.514), 'illegal-dup': t(0.329, 0.246, 0.427), 'illegal-empty': t(0.336, 0.184, 0.542), 'illegal-swap': t(0.464, 0.329, 0.527) },
  'c8-n100': { ok: t(1.11, 0.79, 1.18), 'illegal-dup': t(1.1, 0.6, 1.3), 'illegal-empty': t(3.42, 2.59, 4.15), 'illegal-swap': t(0.752, 0.56, 1.22) },
  'c2-n1000': { ok: t(21.8, 20.9, 23.3), 'illegal-dup': t(0.643, 0.561, 0.938), 'illegal-empty': t(0.613, 0.534, 1.38), 'illegal-swap': t(0.692, 0.597, 1.25) },
  'c4-n1000': {
    ok: timeout('timeout (> 60 s; 11.2 GiB heap)'),
    'illegal-dup': t(2829, 2540, 3020),
    'illegal-empty': t(2378, 2030, 2790),
    'illegal-swap': t(2775, 2280, 2850),
  },
  'c8-n1000': {
    ok: timeout('timeout (> 60 s; 12.2 GiB)'),
    'illegal-dup': timeout('timeout (> 60 s; 12.9 GiB)'),
    'illegal-empty': timeout('timeout (> 60 s; 12.9 GiB)'),
    'illegal-swap': timeout('timeout (> 60 s; 12.0 GiB)'),
  },
  'c2-n10000': {
    ok: memout('memout (> 14 GiB after ≈ 40 s)'),
    'illegal-dup': memout('memout (≈ 40 s)'),
    'illegal-empty': memout('memout (≈ 40 s)'),
    'illegal-swap': memout('memout (≈ 40 s)'),
  },
  'c4-n10000': { ok: notRun, 'illegal-dup': memout('memout (≈ 26 s)'), 'illegal-empty': memout('memout (≈ 26 s)'), 'illegal-swap': memout('memout (≈ 26 s)') },
  'c8-n10000': { ok: notRun, 'illegal-dup': notRun, 'illegal-empty': notRun, 'illegal-swap': notRun },
};

export function porcupineFigure(clients: number, ops: number, variant: string): PorcupineFigure {
  const row = FIGURES[`c${clients}-n${ops}`];
  const figure = row?.[variant as keyof Row];
  return figure ?? notRun;
}
