// The timed operations of every primitive, and the untimed ones beside them.
import { describe, expect, it } from 'vitest';
import type { OpCall } from '../../../spec/model/types.ts';
import { timeoutOfOp } from './op-timeout.ts';

const op = (target: string, name: string, ...args: OpCall['args'][number][]): OpCall => ({ id: 0, actor: 'A', name, target, args });

describe('timeoutOfOp', () => {
  it('reads the duration where each timed operation carries it', () => {
    expect(timeoutOfOp(op('rx', 'recv_timeout', 20))).toBe(20);
    expect(timeoutOfOp(op('cv', 'wait_timeout', 'g2', 'g', 50))).toBe(50);
    expect(timeoutOfOp(op('cv', 'wait_timeout_while', 'g2', 'g', 30, 'value == 0'))).toBe(30);
  });

  it('gives none for operations without a timer', () => {
    expect(timeoutOfOp(op('cv', 'wait', 'g2', 'g'))).toBeUndefined();
    expect(timeoutOfOp(op('cv', 'wait_while', 'g2', 'g', 'value == 0'))).toBeUndefined();
    expect(timeoutOfOp(op('rx', 'recv'))).toBeUndefined();
    expect(timeoutOfOp(op('b', 'wait'))).toBeUndefined();
  });
});
