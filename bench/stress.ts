// `npm run stress`: how much the hardening issue's attack slows a
// well-behaved sender, as ratios measured in the same run. One real CLI
// receiver (default limits) takes a 32 MiB file from the real CLI sender, in
// interleaved rounds: on the idle receiver, and under the attack of
// test/support/attack.ts (250 connections: slot hogs holding every transfer
// slot, floods that never read, tricklers, oversized messages), run from
// this process on the same machine. Prints each round, the median ratio and
// its spread (target ≤ 3×), and the receiver's peak memory (target < 512 MB).
//   STRESS_ROUNDS=N (default 5)   STRESS_FLOODS=N (default the issue's 40)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Attack, connectionsOf, ISSUE_ATTACK, untilNewcomerAdmitted, type AttackPlan } from '../test/support/attack.js';
import { cliSend, startCliReceiver, stopAllCli } from '../test/support/cliProcess.js';
import { randomFile } from '../test/support/files.js';
import { tempFiles } from '../test/support/fuzz/folderChecks.js';
import { until } from '../test/support/wait.js';

const MiB = 1024 * 1024;
const rounds = Number(process.env.STRESS_ROUNDS ?? 5);
const floods = Number(process.env.STRESS_FLOODS ?? ISSUE_ATTACK.floods);
const plan: AttackPlan = { ...ISSUE_ATTACK, floods, tricklers: ISSUE_ATTACK.tricklers + ISSUE_ATTACK.floods - floods };

interface Timed {
  seconds: number;
  /** Why the sender failed, if it did. */
  failure?: string;
}

/** One transfer of `file` by a new CLI sender: the file's own time, from its first request to its last reply. */
async function timedSend(endpoint: string, file: string): Promise<Timed> {
  const sent = await cliSend(endpoint, [file]);
  const done = sent.events.find((e) => e.status === 'done') as { startedAt: number; updatedAt: number } | undefined;
  if (sent.code !== 0 || !done) {
    const failed = sent.events.find((e) => e.status === 'failed') as { error?: { text: string } } | undefined;
    return { seconds: Infinity, failure: failed?.error?.text ?? `exit ${sent.code}: ${sent.stderr.slice(-200)}` };
  }
  return { seconds: (done.updatedAt - done.startedAt) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const work = await mkdtemp(path.join(tmpdir(), 'zd-stress-'));
try {
  const file = await randomFile(path.join(work, 'src', 'stress.bin'), 32 * MiB);
  const recv = path.join(work, 'recv');
  const receiver = await startCliReceiver(recv, { keepLines: false });
  const received = path.join(recv, 'stress.bin');
  process.stderr.write(`Stress: ${rounds} rounds of a 32 MiB transfer, idle and under ${connectionsOf(plan)} hostile connections (${JSON.stringify(plan)})\n`);
  const results: Array<{ idle: Timed; attacked: Timed; counts: Attack['counts'] }> = [];
  for (let round = 0; round < rounds; round++) {
    let idle: Timed | undefined;
    let attacked: Timed | undefined;
    let counts: Attack['counts'] | undefined;
    // Alternate which goes first, so a drift of the machine's speed favours neither.
    for (const underAttack of round % 2 === 0 ? [false, true] : [true, false]) {
      if (!underAttack) {
        idle = await timedSend(receiver.endpoint, file);
      } else {
        const attack = new Attack(receiver.endpoint, plan);
        await attack.established;
        // Full strength: the hogs hold every slot until one of theirs made no progress for a whole window (receiver.ts).
        await untilNewcomerAdmitted(receiver.endpoint);
        attacked = await timedSend(receiver.endpoint, file);
        counts = { ...attack.counts };
        await attack.stop();
        // The attack's transfers end with its connections; the next round starts clean.
        await until(async () => (await tempFiles(recv)).length === 0, 'the attack’s temporary files to go', 120_000);
      }
      await rm(received, { force: true });
    }
    results.push({ idle: idle!, attacked: attacked!, counts: counts! });
    const ratio = attacked!.seconds / idle!.seconds;
    process.stderr.write(
      `  round ${round + 1}: idle ${idle!.seconds.toFixed(2)} s, under attack ${attacked!.failure ? `failed (${attacked!.failure})` : `${attacked!.seconds.toFixed(2)} s`}, ratio ${ratio.toFixed(1)}×; attack ${JSON.stringify(counts)}\n`,
    );
  }
  const peak = receiver.peakMemoryBytes();
  const alive = receiver.alive;
  await receiver.stop();
  const ratios = results.map((r) => r.attacked.seconds / r.idle.seconds);
  const failures = results.filter((r) => r.attacked.failure || r.idle.failure).length;
  const fmt = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'failed');
  console.log(`\nZeroDrop stress — ${rounds} interleaved rounds; ${new Date().toISOString()}`);
  console.log(`attack             ${connectionsOf(plan)} connections: ${plan.hogs} slot hogs × ${plan.transfersPerHog} transfers, ${plan.floods} floods, ${plan.tricklers} tricklers, ${plan.oversized} oversized, ${plan.overLimit} over the chunk limit`);
  console.log(`32 MiB, idle       median ${median(results.map((r) => r.idle.seconds)).toFixed(2)} s`);
  console.log(`32 MiB, attacked   median ${median(results.map((r) => r.attacked.seconds)).toFixed(2)} s; ${failures} of ${rounds} failed`);
  console.log(`ratio              median ${fmt(median(ratios))}, from ${fmt(Math.min(...ratios))} to ${fmt(Math.max(...ratios))}   target ≤ 3×   ${median(ratios) <= 3 ? '✓' : '✗'}`);
  console.log(`peak memory        ${(peak / 1e6).toFixed(0)} MB (receiver VmHWM)   target < 512 MB   ${peak < 512e6 ? '✓' : '✗'}`);
  console.log(`receiver           ${alive ? 'alive to the end' : 'DIED'}`);
} finally {
  stopAllCli();
  await rm(work, { recursive: true, force: true });
}
