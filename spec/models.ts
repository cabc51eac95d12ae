// Every chapter's model, by the name scenarios and histories use.
import type { Model } from './model/types.ts';
import { barrierModel } from './generated/barrier.model.ts';
import { channelModel } from './generated/channels.model.ts';
import { condvarModel } from './generated/condvar.model.ts';
import { mutexModel } from './generated/mutex.model.ts';
import { rwlockModel } from './generated/rwlock.model.ts';
import { onceModel } from './generated/once.model.ts';

// The models are generic in their state; the engine handles them as opaque.
const models: { readonly [name: string]: Model<any, any> } = {
  channel: channelModel,
  mutex: mutexModel,
  rwlock: rwlockModel,
  condvar: condvarModel,
  barrier: barrierModel,
  once: onceModel,
};

export function modelNamed(name: string): Model<unknown, unknown> {
  const model = models[name];
  if (model === undefined) throw new Error(`no model named ${JSON.stringify(name)}; known: ${Object.keys(models).join(', ')}`);
  return model;
}
