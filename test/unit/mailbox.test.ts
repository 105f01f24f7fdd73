// The host's side of an actor's mailbox (mailbox.ts), over a real worker
// thread: messages are handled in slices of the host's event loop, yet in
// the order the worker sent them, with a call's awaiting code run before any
// later event; a worker that fails after answering keeps its answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActorClient } from '../../electron/engine/actors/mailbox.js';
import type { EchoEvents, EchoMethods } from '../support/echoWorker.js';
import { busyWait } from '../support/busyWait.js';
import { until } from '../support/wait.js';

const ECHO = new URL('../support/echoWorker.ts', import.meta.url);

/** A flag the worker sets once it has sent what the test waits for. */
const newFlag = () => new Int32Array(new SharedArrayBuffer(4));

/** Holds this thread (as a long task would) until the worker set `flag`: whatever it sent is then all waiting at once, however loaded the machine. */
function holdUntil(flag: Int32Array): void {
  // 'not-equal': it had signalled already, before this thread came to wait.
  assert.notEqual(Atomics.wait(flag, 0, 0, 30_000), 'timed-out', 'the worker to signal within 30 s');
}

test('events and results are heard in the order sent: the code awaiting a result runs before a later event', async () => {
  const client = new ActorClient<EchoMethods, EchoEvents>(ECHO);
  try {
    const heard: string[] = [];
    client.on('tick', (text) => heard.push(text));
    // Once to start the worker, then with the host held while the worker sends.
    await client.call('around', 0);
    await until(() => heard.includes('after'), 'the first call\'s last event');
    heard.length = 0;
    const sent = newFlag();
    const answered = client.call('around', 3, sent).then((value) => heard.push(`awaited ${value}`));
    // Held: everything the worker sends meanwhile waits in the mailbox at once.
    holdUntil(sent);
    await answered;
    await until(() => heard.length >= 5, 'every event of the second call');
    assert.deepEqual(heard, ['before 0', 'before 1', 'before 2', 'awaited done', 'after']);
  } finally {
    await client.shutdown();
  }
});

test('a worker that fails after answering a call: the answer stands, and later calls fail', async () => {
  const client = new ActorClient<EchoMethods, EchoEvents>(ECHO);
  await client.call('around', 0);
  const flag = newFlag();
  const answer = client.call('answerThenCrash', flag);
  // Held until the worker answered and is failing; the failure itself reaches this thread a moment later.
  holdUntil(flag);
  busyWait(300);
  assert.equal(await answer, 'answered');
  await client.ended;
  await assert.rejects(client.call('around', 0), /stopped/);
});
