// A person's Cancel and Retry on the sending side, at the moments that are
// easy to get wrong: a file still waiting in the queue, and a file cancelled
// in transit and retried before its old send has ended. A receiver played by
// the test holds a request until the test lets it go.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { Sender } from '../../electron/engine/sender/sender.js';
import type { FileProgress } from '../../shared/transfer.js';
import { commandOf, ScriptedReceiver } from '../support/scriptedReceiver.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

/** Answers READY to everything, holding each HELLO of `heldName` until `release()` lets the one held go. */
async function holdingReceiver(heldName: string) {
  let releaseHeld: (() => void) | null = null;
  let heldCount = 0;
  const receiver = await ScriptedReceiver.start(async (request) => {
    const [command, name] = commandOf(request);
    if (command === 'HELLO' && name === heldName) {
      heldCount++;
      await new Promise<void>((resolve) => (releaseHeld = resolve));
      releaseHeld = null;
    }
    return ['READY'];
  });
  const hellos = () => receiver.requests.filter((r) => commandOf(r)[0] === 'HELLO').map((r) => commandOf(r)[1]);
  /** Resolves once the n-th HELLO of the name is held. */
  const held = (n: number) => until(() => heldCount >= n && releaseHeld !== null, `HELLO ${n} of ${heldName} to be held`);
  return { receiver, release: () => releaseHeld?.(), hellos, held };
}

async function files(...names: string[]): Promise<string[]> {
  const src = await tempDir('zd-src');
  return Promise.all(names.map(async (name) => (await writeFile(path.join(src, name), name), path.join(src, name))));
}

test('a file cancelled while it waits in the queue stays cancelled and is never offered to the receiver', async () => {
  const { receiver, release, hellos, held } = await holdingReceiver('first.bin');
  const latest = new Map<string, FileProgress>();
  const sender = new Sender((update) => update.forEach((f) => latest.set(f.id, f)));
  try {
    // One file at a time: the second waits in the queue behind the held one.
    const { fileIds } = await sender.send(receiver.endpoint, await files('first.bin', 'second.bin'), { files: 1 });
    await held(1);
    sender.cancel(fileIds[1]!);
    release();
    await sender.idle();
    assert.equal(latest.get(fileIds[0]!)?.status, 'done');
    assert.equal(latest.get(fileIds[1]!)?.status, 'cancelled');
    assert.deepEqual(hellos(), ['first.bin']);
  } finally {
    await sender.close();
  }
});

test('a file cancelled in transit and retried at once is the retry from then on: it shows as the retry, and Cancel reaches the retry', async () => {
  const { receiver, release, held } = await holdingReceiver('only.bin');
  const sender = new Sender(() => undefined);
  try {
    const [id] = (await sender.send(receiver.endpoint, await files('only.bin'))).fileIds;
    await held(1);
    sender.cancel(id!);
    sender.retry(id!);
    // The old send ends once its HELLO is answered; the retry's HELLO is held in turn.
    release();
    await held(2);
    assert.notEqual(sender.files()[0]!.status, 'cancelled', 'the file is the retry, in transit');
    sender.cancel(id!);
    assert.equal(sender.files()[0]!.status, 'cancelled', 'Cancel reached the retry');
    release();
    await sender.idle();
  } finally {
    await sender.close();
  }
});
