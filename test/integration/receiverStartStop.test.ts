// Starting and stopping a receiver from many callers at once, through the
// actor (as the CLI does) and through the host (as two windows do): the
// last request wins, exactly that receiver is bound and answers, every
// caller sees the same final state, and no port stays held by a receiver
// nobody owns.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { ReceiverStatus } from '../../shared/transfer.js';
import { createReceiverActor } from '../../electron/engine/actors/receiverActor.js';
import type { Host, HostPlatform } from '../../electron/host/host.js';
import { openHost } from '../../electron/host/openHost.js';
import { codeOf, RawPeer } from '../support/rawPeer.js';
import { freePort, portIsFree } from '../support/ports.js';
import { tempDir } from '../support/tmp.js';

type Op = { kind: 'start'; slot: number } | { kind: 'stop' };

/** Three receive folders, each with its own port, that requests choose between. */
async function slots(): Promise<Array<{ dir: string; port: number }>> {
  return Promise.all([0, 1, 2].map(async () => ({ dir: await tempDir('zd-race'), port: await freePort() })));
}

/** A fixed, varied sequence of requests (a small linear congruential generator: reproducible). */
function storm(seed: number, length: number, last: Op): Op[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31);
  const ops: Op[] = Array.from({ length: length - 1 }, () => (next() % 4 === 0 ? { kind: 'stop' } : { kind: 'start', slot: next() % 3 }));
  return [...ops, last];
}

/**
 * The receiver of `expected` (or none) is the only one bound: its port is
 * held and it answers, storing into its own folder; every other port is free.
 */
async function assertOnly(expected: { dir: string; port: number } | null, all: Array<{ dir: string; port: number }>, status: ReceiverStatus): Promise<void> {
  if (expected) {
    assert.equal(status.listening, true);
    assert.equal(status.dir, expected.dir);
    assert.deepEqual(status.endpoints, [`tcp://127.0.0.1:${expected.port}`]);
    const peer = new RawPeer(status.endpoints[0]!);
    const name = `probe-${Date.now()}.txt`;
    assert.deepEqual((await peer.pipeline([['HELLO', name], ['CLOSE', name, '0']])).map(codeOf), ['READY', 'READY']);
    assert.ok(existsSync(path.join(expected.dir, name)), 'the answering receiver stores into the folder its status names');
    peer.close();
  } else {
    assert.equal(status.listening, false);
  }
  for (const slot of all) {
    assert.equal(await portIsFree(slot.port), slot !== expected, `port ${slot.port} is ${slot === expected ? 'held by the receiver' : 'free'}`);
  }
}

test('concurrent starts and stops through the actor: the last one wins, nothing is orphaned', async () => {
  const actor = createReceiverActor();
  after(() => actor.close());
  const events: ReceiverStatus[] = [];
  actor.onStatus((status) => events.push(status));
  const all = await slots();
  const rounds: Op[] = [{ kind: 'start', slot: 1 }, { kind: 'stop' }, { kind: 'start', slot: 0 }, { kind: 'start', slot: 2 }];
  for (const [round, last] of rounds.entries()) {
    const ops = storm(round + 1, 25, last);
    const outcomes = await Promise.all(
      ops.map((op) => (op.kind === 'stop' ? actor.stop() : actor.start({ dir: all[op.slot]!.dir, bind: [`tcp://127.0.0.1:${all[op.slot]!.port}`] }))),
    );
    const final = actor.status();
    assert.deepEqual(outcomes.at(-1), final, 'the last caller is answered with the final state');
    assert.deepEqual(events.at(-1) ?? final, final, 'the last status event is the final state');
    await assertOnly(last.kind === 'start' ? all[last.slot]! : null, all, final);
  }
  await actor.close();
  for (const slot of all) assert.equal(await portIsFree(slot.port), true, 'closing frees the port');
});

const platform: HostPlatform = {
  shell: 'browser',
  pickFolder: async () => null,
  pickFiles: async () => null,
  openPath: async () => undefined,
  revealPath: async () => undefined,
};

test('two windows starting and stopping at once through the host: the last request wins for both', async () => {
  const host: Host = await openHost(await tempDir('zd-config'), platform);
  after(() => host.close());
  // About the order of starts and stops: the probe is a plain v1 peer, so the receiver takes plain senders too.
  await host.call('settings.setAcceptPlain', [true]);
  const seen: ReceiverStatus[] = [];
  host.events.listen((event, payload) => event === 'receiver.status' && seen.push(payload as ReceiverStatus));
  const all = await slots();
  const call = (op: Op) =>
    op.kind === 'stop'
      ? host.call('receiver.stop', [])
      : host.call('receiver.start', [{ dir: all[op.slot]!.dir, bind: `tcp://127.0.0.1:${all[op.slot]!.port}` }]);
  for (const [round, last] of ([{ kind: 'start', slot: 2 }, { kind: 'stop' }, { kind: 'start', slot: 0 }] as Op[]).entries()) {
    // Two windows' requests interleave; the host gets them in this order.
    const ops = storm(round + 11, 30, last);
    const outcomes = (await Promise.all(ops.map(call))) as ReceiverStatus[];
    const final = (await host.call('receiver.status', [])) as ReceiverStatus;
    assert.deepEqual(outcomes.at(-1), final);
    assert.deepEqual(seen.at(-1) ?? final, final, 'every window hears the final state');
    await assertOnly(last.kind === 'start' ? all[last.slot]! : null, all, final);
    const lastStart = ops.findLast((op) => op.kind === 'start') as Extract<Op, { kind: 'start' }>;
    const settings = (await host.call('settings.get', [])) as { receiveDir: string };
    assert.equal(settings.receiveDir, all[lastStart.slot]!.dir, 'the folder remembered is the last one asked for');
  }
  await host.close();
  for (const slot of all) assert.equal(await portIsFree(slot.port), true, 'closing the host frees the port');
});
