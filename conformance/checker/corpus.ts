// The checker corpus format (shared/checker-histories/README.md): FIFO-queue histories
// recorded from real executions, used to time the checker against Porcupine. This module
// reads a file and turns it into a History of the `fifo-queue` model.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { outcome } from '../../spec/model/types.ts';
import type { History, HistoryOp } from '../history/types.ts';
import { FIFO_QUEUE } from './fifo/fifoQueueModel.ts';

export interface CorpusOp {
  readonly client: number;
  readonly op: 'enq' | 'deq';
  readonly value?: number;
  readonly result?: 'empty' | number;
  readonly call: number;
  readonly ret: number;
}

export interface CorpusFile {
  readonly model: 'fifo-queue';
  readonly clients: number;
  readonly ops: readonly CorpusOp[];
  readonly expected: 'ok' | 'illegal';
  readonly meta?: { readonly [key: string]: unknown };
}

/** Reads `fifo-c{C}-n{N}-{variant}.json` or `.json.gz`. */
export function readCorpusFile(path: string): CorpusFile {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const file = JSON.parse(text) as CorpusFile;
  if (file.model !== FIFO_QUEUE) throw new Error(`${path}: model is ${String(file.model)}, expected ${FIFO_QUEUE}`);
  return file;
}

/** The corpus history as a checker History: op id = index in the file, actor `c<client>`, one queue `q`. */
export function corpusToHistory(file: CorpusFile): History<null> {
  const ops: HistoryOp[] = file.ops.map((o, id) => ({
    id,
    actor: `c${o.client}`,
    name: o.op,
    target: 'q',
    args: o.op === 'enq' ? [o.value!] : [],
    call: o.call,
    ret: o.ret,
    result: o.op === 'enq' ? outcome('Ok') : o.result === 'empty' ? outcome('Empty') : outcome('Ok', o.result!),
  }));
  return { model: FIFO_QUEUE, params: null, ops };
}

/** The parts of a corpus file name: `fifo-c4-n1000-illegal-swap.json.gz` → 4, 1000, `illegal-swap`. */
export function parseCorpusName(name: string): { clients: number; ops: number; variant: string } | undefined {
  const m = /^fifo-c(\d+)-n(\d+)-([a-z-]+)\.json(\.gz)?$/.exec(name);
  return m ? { clients: Number(m[1]), ops: Number(m[2]), variant: m[3] } : undefined;
}
