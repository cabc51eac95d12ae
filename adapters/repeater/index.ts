// The bundled adapter `repeater`: @repeaterjs/repeater's `Repeater`, an async iterator
// whose executor gets `push` and `stop`. Only unbounded channels: push queues the value
// and the channel's send returns at once (the notes say why no other flavour).
import { MAX_QUEUE_LENGTH, Repeater, type Push, type Stop } from '@repeaterjs/repeater';
import type { Adapter, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { refuseFlavor, countedPair, disconnected, DISCONNECTED, OK, ok, type ChannelCore } from '../common/channel-handles.ts';

class RepeaterCore implements ChannelCore {
  readonly repeater: Repeater<Value>;
  private push!: Push<Value>;
  private stop!: Stop;
  /** Settled by the library when the repeater stops (stop() called, or the consumer's return()). */
  private stopped = false;
  /** Set when the adapter calls return(): the library stops later (a promise), but the receiver is gone now. */
  private receiverGone = false;

  constructor(params: ChannelParams) {
    refuseFlavor('repeater', params, ['unbounded']);
    const executor = (push: Push<Value>, stop: Stop) => {
      this.push = push;
      this.stop = stop;
      void stop.then(() => (this.stopped = true));
      // The repeater finishes once stopped and the executor's result has settled.
      return stop;
    };
    this.repeater = new Repeater<Value>(executor);
    // The executor runs on the first next(): start it now, so that push exists before any send.
    this.started = this.repeater.next();
  }

  /** The first next(), which started the executor: the first recv takes its result. */
  private started: Promise<IteratorResult<Value>> | undefined;

  async send(value: Value): Promise<Outcome> {
    if (this.stopped || this.receiverGone) return disconnected(value);
    // The library refuses a 1,025th pending push (RepeaterOverflowError): past that the adapter queues the values itself.
    if (this.overflow.length > 0 || this.pending === MAX_QUEUE_LENGTH) this.overflow.push(value);
    else this.pushCounted(value);
    return OK;
  }

  /** Values sent while the library's queue of pending pushes was full, oldest first. */
  private readonly overflow: Value[] = [];
  /**
   * Pushes not settled yet. A push settles at the next() after the one that took its value,
   * so this counts up to one more than the library holds: it stops short of the library's
   * limit, never past it.
   */
  private pending = 0;
  /** The last sender went while values were still in the overflow: stop once they are all pushed. */
  private stopWhenDrained = false;

  private pushCounted(value: Value): void {
    this.pending++;
    void this.push(value).then(() => {
      this.pending--;
      const next = this.overflow.shift();
      if (next !== undefined) this.pushCounted(next);
      else if (this.stopWhenDrained) this.stop();
    });
  }

  async recv(): Promise<Outcome> {
    const first = this.started;
    this.started = undefined;
    const got = await (first ?? this.repeater.next());
    return got.done === true ? DISCONNECTED : ok(got.value);
  }

  sendersGone(): void {
    if (this.overflow.length > 0) this.stopWhenDrained = true;
    else this.stop();
  }

  receiversGone(): void {
    this.receiverGone = true;
    void this.repeater.return();
  }
}

const adapter: Adapter = {
  name: 'repeater',
  library: { name: '@repeaterjs/repeater', version: '3.1.0', url: 'https://github.com/repeaterjs/repeater' },
  executor: 'async',
  capabilities: ['unbounded', 'send', 'recv', 'clone', 'disconnect', 'iter'],
  notes:
    'channel() is a Repeater without buffer whose executor keeps push and stop; send is push(v), not awaited (pushes queue up, up to the library\'s limit of 1024 pending — a 1,025th push throws RepeaterOverflowError, so the adapter keeps further values in a queue of its own and pushes each as an earlier one is taken), recv is next(). ' +
    'The executor keeps push and stop and returns the stop promise. It runs only at the first next(): the adapter calls next() once at creation to start it and hands that result to the first recv. That pending next() is a waiting receiver from the start, which is why rendezvous (no buffer, awaiting push) and bounded (FixedBuffer(n)) are not declared: the first value would always be taken at once. ' +
    'The adapter counts sender handles: the last sender dropped calls stop(); the receiver dropped calls return(). A send after the repeater stopped (the library\'s stop promise settled) or after the receiver was dropped (return() called: the library stops a few microtasks later) is Disconnected(v): push itself would drop it silently. ' +
    'Not declared: mpmc (a Repeater is one async iterator), try_*, recv_timeout, select (Repeater.race races iterators, which would lose values).',
  channel: {
    create(params: ChannelParams) {
      return countedPair(new RepeaterCore(params), params);
    },
  },
};

export default adapter;
