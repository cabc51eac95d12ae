// The repeater adapter past the library's limit of 1,024 pending pushes: the adapter
// queues the rest itself, so an unbounded channel stays unbounded, in order, and the
// last sender's drop still ends it only after every value.
import { describe, expect, it } from 'vitest';
import type { AsyncReceiver, AsyncSender, Outcome } from '../../conformance/adapter/types.ts';
import repeater from './index.ts';

describe('repeater adapter', () => {
  it('takes 3,000 sends with no receive in between, then delivers them in order and disconnects', async () => {
    const { sender, receiver } = repeater.channel!.create({ flavor: 'unbounded', capacity: null, profile: 'mpsc' }) as { sender: AsyncSender; receiver: AsyncReceiver };
    for (let i = 0; i < 3000; i++) expect(await sender.send(i)).toEqual({ kind: 'Ok' });
    sender.drop!();
    const got: Outcome[] = [];
    for (let i = 0; i < 3001; i++) got.push(await receiver.recv());
    expect(got.slice(0, 3000)).toEqual(Array.from({ length: 3000 }, (_, i) => ({ kind: 'Ok', value: i })));
    expect(got[3000]).toEqual({ kind: 'Disconnected' });
  });
});
