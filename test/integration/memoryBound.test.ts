// Memory and service under attack (items 6–8 of the hardening issue), against
// the real CLI receiver with its default limits, whose peak memory (VmHWM)
// is read from /proc. Assertions have margins no loaded machine can break:
// served at all, byte-identical, memory under the bound — never a speed.
//
// The bound: 512 MB, the issue's. The design's worst case is
// worstCaseBytes() of budget.ts over the CLI's own baseline (68 MB at start,
// about 120 MB once it has stored files): 272 KiB per connection (what a
// paused socket still holds, bytes waiting for their turn, the reply queue)
// plus 96 MiB of unfinished messages and 96 MiB of requests being checked
// and written. With the 4 connections of the first test that is 193 MiB
// (203 MB) over the baseline, about 275–325 MB: a margin of about 190 MB to
// the bound. With all 256 connections it is 260 MiB (273 MB) over the
// baseline, under the bound too; the issue's attack, 40 floods of
// non-readers included, peaks at about 180–210 MB, and the figures are
// printed.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { worstCaseBytes } from '../../electron/engine/receiver/budget.js';
import { Attack, chunkFlood, connectionsOf, ISSUE_ATTACK, untilNewcomerAdmitted, type AttackPlan } from '../support/attack.js';
import { buildCli, cliSend, startCliReceiver, stopAllCli } from '../support/cliProcess.js';
import { randomFile, sha256File } from '../support/files.js';
import { tempDir } from '../support/tmp.js';
import { destroyAllZmtpClients } from '../support/zmtpSocket.js';

const MEMORY_BOUND = 512e6;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

before(buildCli);
after(async () => {
  destroyAllZmtpClients();
  await stopAllCli();
});

/** A file of `bytes` sent by the real CLI sender: it must arrive byte-identical. */
async function wellBehavedSend(endpoint: string, dest: string, bytes: number): Promise<void> {
  const file = await randomFile(path.join(await tempDir('zd-src'), 'well-behaved.bin'), bytes);
  const sent = await cliSend(endpoint, [file]);
  assert.equal(sent.code, 0, `the well-behaved sender failed: ${JSON.stringify(sent.events.slice(-2))} ${sent.stderr}`);
  assert.equal(await sha256File(path.join(dest, 'well-behaved.bin')), await sha256File(file));
}

describe('the receiver under attack, memory read from /proc', () => {
  test('three senders with 48 chunks of 16 MiB in flight each: under 512 MB, every chunk answered, and a small file still arrives', { timeout: 300_000 }, async (t) => {
    const dest = await tempDir('zd-mem');
    const receiver = await startCliReceiver(dest, { keepLines: false });
    const baseline = receiver.peakMemoryBytes();
    const floods = [0, 1, 2].map((i) => chunkFlood(receiver.endpoint, `flood-${i}.bin`));
    await wellBehavedSend(receiver.endpoint, dest, 200_000);
    const repliesWhenServed = floods.map((f) => f.codes.length);
    await Promise.all(floods.map((f) => f.done));
    for (const flood of floods) assert.deepEqual(flood.codes, Array(49).fill('READY'), 'every chunk of the flood is answered READY');
    const peak = receiver.peakMemoryBytes();
    t.diagnostic(`peak ${mb(peak)} (baseline ${mb(baseline)}); the floods had ${repliesWhenServed.join(', ')} of 49 replies when the small file was stored`);
    assert.ok(peak < MEMORY_BOUND, `the receiver's peak memory was ${mb(peak)}`);
    assert.ok(receiver.alive);
    const exit = await receiver.stop();
    assert.equal(exit.code, 0, `the receiver exited with ${exit.code ?? exit.signal} when stopped: ${receiver.stderrTail()}`);
  });

  /**
   * The attack of `plan`, established: the hogs hold every transfer slot.
   * Once a newcomer is admitted beside them (a hog's transfer is pushed out
   * only after a whole window without progress), a well-behaved CLI sender
   * moves a file.
   */
  async function servedUnderAttack(t: TestContext, plan: AttackPlan): Promise<void> {
    const dest = await tempDir('zd-mem');
    const receiver = await startCliReceiver(dest, { keepLines: false });
    const attack = new Attack(receiver.endpoint, plan);
    try {
      await attack.established;
      assert.equal(attack.counts.hogTransfers, plan.hogs * plan.transfersPerHog, 'the hogs hold every transfer slot');
      await untilNewcomerAdmitted(receiver.endpoint);
      await wellBehavedSend(receiver.endpoint, dest, 8 * 1024 * 1024);
      const peak = receiver.peakMemoryBytes();
      t.diagnostic(`peak ${mb(peak)} (worst case by design ${mb(worstCaseBytes())} + baseline); attack ${JSON.stringify(attack.counts)}`);
      assert.ok(receiver.alive, receiver.stderrTail());
      assert.ok(peak < MEMORY_BOUND, `the receiver's peak memory was ${mb(peak)}`);
    } finally {
      await attack.stop();
    }
    assert.deepEqual(attack.errors, []);
    assert.ok(attack.counts.floodsHeld + attack.counts.floodDrops > 0, 'floods were no longer read, or dropped');
    assert.ok(attack.counts.oversizedDrops > 0, 'oversized messages were dropped');
    const exit = await receiver.stop();
    assert.equal(exit.code, 0, `the receiver exited with ${exit.code ?? exit.signal} when stopped: ${receiver.stderrTail()}`);
  }

  test(`${connectionsOf(ISSUE_ATTACK)} hostile connections (slot hogs holding all 1024 transfers, ${ISSUE_ATTACK.floods} floods that never read, ${ISSUE_ATTACK.tricklers} tricklers, oversized messages, chunks over the limit): a well-behaved sender still moves a file byte-identical, under 512 MB`, { timeout: 300_000 }, (t) =>
    servedUnderAttack(t, ISSUE_ATTACK),
  );
});
