// Adapters that stop making progress, to show that a run never hangs: a deadlock is a
// liveness verdict, an adapter waiting on real timers is seen as blocked, one that
// burns real time is stopped by the watchdog, and one that never yields the event loop
// by the event-loop guard.
import type { Adapter, AsyncReceiver, Outcome, Value } from '../adapter/types.ts';
import { PromiseChannel } from './promise-channel.ts';
import { promiseChannelAdapter } from './promise-channel-adapter.ts';
import { withHandles, type Methods } from './override-methods.ts';

/**
 * A send never hands its value to a waiting receive (it goes to the buffer, or on a
 * rendezvous channel the sender waits too): the waiting receiver deadlocks.
 */
export class ReceiverNeverWoken extends PromiseChannel {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    if (this.receivers === 0) return 'disconnected';
    if (this.buffer.length < this.capacity()) {
      this.buffer.push(value);
      return 'ok';
    }
    return 'full';
  }
}

/** Deadlocks: a receive that has to wait is never woken. */
export const deadlockingAdapter: Adapter = promiseChannelAdapter('receiver-never-woken', ReceiverNeverWoken);

/**
 * A receive that polls with real timers and never sees anything (it watches the wrong
 * flag), so its promise never settles while timers keep firing. The polling stops on its
 * own after a while and never keeps the process alive.
 */
export const realTimerPoller: Adapter = withReceiver('real-timer-poller', {
  recv: () =>
    new Promise<Outcome>(() => {
      let polls = 0;
      const poll = () => {
        if (++polls < 200) setTimeout(poll, 1).unref();
      };
      poll();
    }),
});

/** A recv_timeout that ignores its AbortSignal: once its timer fired it should have returned Timeout, and never does. */
export const ignoresAbort: Adapter = withReceiver('ignores-abort', { recvTimeout: () => new Promise<Outcome>(() => {}) });

/** A library that takes real time: every send burns `ms` of CPU before answering; receives never settle. */
export function slowAdapter(ms: number): Adapter {
  return withHandles(`slow-${ms}ms`, {
    sender: (sender) => ({
      send: (value: Value) => {
        const until = performance.now() + ms;
        while (performance.now() < until);
        return sender.send(value);
      },
    }),
    receiver: () => ({ recv: () => new Promise<Outcome>(() => {}) }),
  });
}

/**
 * A receive that never yields the event loop: it spins on resolved promises (each
 * callback queues the next), which starves every timer, the executor's watchdog with them.
 */
export const microtaskSpinner: Adapter = withReceiver('microtask-spinner', {
  recv: () =>
    new Promise<Outcome>(() => {
      const spin = (): Promise<void> => Promise.resolve().then(spin);
      void spin();
    }),
});

/**
 * A receive whose result reaches its caller `hops` macrotasks (setImmediate) after the
 * channel decided it, each hop handing on to the next: wake-ups chained through tasks, as
 * a futex-style library's Atomics.waitAsync hand-offs are. Correct, only slow.
 */
export function wakesThroughTasks(hops: number): Adapter {
  return withHandles(`wakes-through-${hops}-tasks`, {
    receiver: (receiver) => ({
      recv: () => {
        const got = receiver.recv();
        if (!(got instanceof Promise)) return got;
        const hop = (outcome: Outcome, left: number): Promise<Outcome> => (left === 0 ? Promise.resolve(outcome) : new Promise((resolve) => setImmediate(() => resolve(hop(outcome, left - 1)))));
        return got.then((outcome) => hop(outcome, hops));
      },
    }),
  });
}

/** A send that loops synchronously for ever, inside the call. */
export const syncLooper: Adapter = withHandles('sync-looper', {
  sender: () => ({
    send: () => {
      for (;;);
    },
  }),
});

function withReceiver(name: string, methods: Methods<AsyncReceiver>): Adapter {
  return withHandles(name, { receiver: () => methods });
}
