// The engine's actors as a host runs them (each in its worker thread), with
// every progress event kept, closed when the test file ends.
import { after } from 'node:test';
import type { ReceiverActorApi, SenderActorApi } from '../../electron/engine/actors/api.js';
import { createReceiverActor } from '../../electron/engine/actors/receiverActor.js';
import { createSenderActor } from '../../electron/engine/actors/senderActor.js';
import type { FileProgress, SendOptions } from '../../shared/transfer.js';
import { tempDir } from './tmp.js';

const actors: Array<ReceiverActorApi | SenderActorApi> = [];
after(async () => {
  await Promise.all(actors.splice(0).map((a) => a.close()));
});

/** A receiver actor on a new temporary folder; `received` holds each file's latest progress. */
export async function receiver(endpoint = 'tcp://127.0.0.1:0') {
  const actor = createReceiverActor();
  actors.push(actor);
  const dir = await tempDir('zd-recv');
  const received = new Map<string, FileProgress>();
  actor.onProgress((files) => files.forEach((f) => received.set(f.id, f)));
  const status = await actor.start({ dir, bind: [endpoint] });
  return { actor, dir: status.dir!, endpoint: status.endpoints[0]!, received };
}

/** A sender actor; `files` holds each file's latest progress. */
export function sender() {
  const actor = createSenderActor();
  actors.push(actor);
  const files = new Map<string, FileProgress>();
  actor.onProgress((batch) => batch.forEach((f) => files.set(f.id, f)));
  return { actor, files };
}

/** Sends `paths` from a new sender and resolves with each file's last progress. */
export async function sendAll(endpoint: string, paths: string[], options: Partial<SendOptions> = {}) {
  const { actor, files } = sender();
  const result = await actor.send(endpoint, paths, options);
  // idle() resolves only after every file's last progress was delivered.
  await actor.idle();
  return { result, files: result.fileIds.map((id) => files.get(id)!) };
}
