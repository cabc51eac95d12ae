// The bundled adapter `message-channel`: Node's MessageChannel within one thread —
// port1 sends (postMessage), port2 receives (receiveMessageOnPort, or a 'message'
// listener to wait), close() on either port ends the channel.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Adapter, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { countedPair, DISCONNECTED, EMPTY, OK, ok, refuseFlavor, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

class PortCore implements ChannelCore {
  private readonly tx: MessagePort;
  private readonly rx: MessagePort;
  /** Set by the library's 'close' event on the receiving port. */
  private closed = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.tx = port1;
    this.rx = port2;
    this.rx.once('close', () => (this.closed = true));
    // An open port (one with a 'message' listener: a receive still pending when a run
    // ends) would keep Node's event loop alive for ever, and `syncspec run` with it.
    this.tx.unref();
    this.rx.unref();
  }

  send(value: Value): Outcome {
    // postMessage never waits and reports nothing: a message to a closed channel is dropped silently.
    this.tx.postMessage(value);
    return OK;
  }

  tryRecv(): Outcome {
    const got = receiveMessageOnPort(this.rx);
    if (got !== undefined) return ok(got.message as Value);
    return this.closed ? DISCONNECTED : EMPTY;
  }

  recv(): Outcome | Promise<Outcome> {
    const now = this.tryRecv();
    if (now.kind !== 'Empty') return now;
    return new Promise((resolve) => {
      const onMessage = (message: unknown) => {
        this.rx.off('close', onClose);
        resolve(ok(message as Value));
      };
      const onClose = () => {
        this.rx.off('message', onMessage);
        resolve(DISCONNECTED);
      };
      // A 'message' listener starts the port; with none left Node stops it again, so the
      // messages after this one stay queued for receiveMessageOnPort.
      this.rx.once('message', onMessage);
      this.rx.once('close', onClose);
      this.rx.unref(); // a 'message' listener refs the port again
    });
  }

  sendersGone(): void {
    this.tx.close();
  }

  receiversGone(): void {
    this.rx.close();
  }
}

const adapter: Adapter = {
  name: 'message-channel',
  library: { name: 'node:worker_threads MessageChannel', version: process.versions.node, url: 'https://nodejs.org/api/worker_threads.html#class-messagechannel' },
  executor: 'async',
  capabilities: ['unbounded', 'send', 'recv', 'try_recv', 'clone', 'disconnect', 'iter', 'try_iter'],
  notes:
    'channel() is a MessageChannel in one thread: send is port1.postMessage(v) (never waits, reports nothing: Ok), try_recv is receiveMessageOnPort(port2) (nothing: Empty, or Disconnected once port2 saw its \'close\' event), recv is try_recv or else one \'message\' (or \'close\') event. ' +
    'The adapter counts sender handles: the last sender dropped calls port1.close(); the receiver dropped calls port2.close(). The library version is Node\'s. Not declared: bounded, rendezvous, try_send, recv_timeout, mpmc, select.',
  expectations,
  channel: {
    create(params: ChannelParams) {
      refuseFlavor('message-channel', params, ['unbounded']);
      return countedPair(new PortCore(), params);
    },
  },
};

export default adapter;
