// A folder of thousands of files is queued at once: the host hears of them
// in batches of at most MAX_BATCH files (coalescer.ts), and handles the
// batches in turns of its event loop (mailbox.ts), never all in one task.
// The CLI had taken 35 ms in one task for 1,000 files, which set its event
// loop's p99 in the small-files bench. Real actors, real files.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { MAX_BATCH } from '../../electron/engine/progress/coalescer.js';
import { receiver, sender } from '../support/actors.js';
import { tempDir } from '../support/tmp.js';
import { busyWait } from '../support/busyWait.js';

const FILES = 2_000;

test(`${FILES} files queued at once reach the host in batches of at most ${MAX_BATCH}, handled in separate turns of its loop`, { timeout: 120_000 }, async () => {
  const folder = path.join(await tempDir('zd-burst'), 'many');
  await fs.mkdir(folder);
  for (let i = 0; i < FILES; i++) await fs.writeFile(path.join(folder, `f${i}`), 'x');
  const { endpoint } = await receiver();
  const { actor, files } = sender();

  // A turn of the loop is counted by an immediate that queues itself again.
  let turn = 0;
  let counting = true;
  const tick = () => {
    turn++;
    if (counting) setImmediate(tick);
  };
  tick();
  const perTurn = new Map<number, number>();
  let largest = 0;
  actor.onProgress((batch) => {
    largest = Math.max(largest, batch.length);
    perTurn.set(turn, (perTurn.get(turn) ?? 0) + batch.length);
    // A host that takes its time over each batch (the CLI writes a JSON line
    // a file): every batch, however short, outlasts the host's 5 ms slice
    // (mailbox.ts), so a loaded machine with batches piling up waits for
    // the next turn just the same.
    busyWait(6);
  });
  try {
    await actor.send(endpoint, [folder]);
    await actor.idle();
  } finally {
    counting = false;
  }
  assert.equal([...files.values()].filter((f) => f.status === 'done').length, FILES);
  assert.ok(largest <= MAX_BATCH, `a batch of ${largest} files`);
  const most = Math.max(...perTurn.values());
  assert.ok(most <= MAX_BATCH, `${most} files handled in one turn of the loop`);
});
