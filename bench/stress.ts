// `npm run stress`: how much the hardening issue's attack slows a
// well-behaved sender, as ratios measured in the same run. One real CLI
// receiver (default limits) takes a 32 MiB file from the real CLI sender, in
// interleaved rounds: on the idle receiver, and under the attack of
// test/support/attack.ts (250 connections: slot hogs holding every transfer
// slot, floods that never read, tricklers, oversized messages), at full
// strength. Prints each round, the median ratio and its spread (target
// ≤ 3×), and the receiver's peak memory (target < 512 MB).
//
// The attacker is a process of its own (bench/attacker.ts), as a peer on the
// network is, but on this machine: over loopback, with no limit on its rate
// but its CPU, and on the same cores as the receiver and the sender. A real
// attacker's CPU is its own; here the CPU it burns is taken from the other
// two, so the ratio counts it too. The CPU that the receiver and the
// attacker used during the attacked transfers is printed beside it.
//   STRESS_ROUNDS=N (default 5)   STRESS_FLOODS=N (default the issue's 40)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { connectionsOf, ISSUE_ATTACK, type Attack, type AttackPlan } from '../test/support/attack.js';
import { cliSend, ROOT, startCliReceiver, stopAllCli } from '../test/support/cliProcess.js';
import { randomFile } from '../test/support/files.js';
import { tempFiles } from '../test/support/fuzz/folderChecks.js';
import { until } from '../test/support/wait.js';

const MiB = 1024 * 1024;
/** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;
const rounds = Number(process.env.STRESS_ROUNDS ?? 5);
const floods = Number(process.env.STRESS_FLOODS ?? ISSUE_ATTACK.floods);
const plan: AttackPlan = { ...ISSUE_ATTACK, floods, tricklers: ISSUE_ATTACK.tricklers + ISSUE_ATTACK.floods - floods };

interface Timed {
  seconds: number;
  /** Why the sender failed, if it did. */
  failure?: string;
}

interface Attacked extends Timed {
  counts: Attack['counts'];
  /** CPU seconds used during the transfer. */
  receiverCpu: number;
  attackerCpu: number;
}

/** CPU seconds a process has used so far (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
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

/** The transfer, once the attacker (its own process) is at full strength; the attack ends with it. */
async function attackedSend(endpoint: string, file: string, receiverPid: number): Promise<Attacked> {
  const attacker = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/attacker.ts'), endpoint, JSON.stringify(plan)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(attacker, 'exit');
  try {
    const lines = createInterface({ input: attacker.stdout! })[Symbol.asyncIterator]();
    if ((await lines.next()).value !== 'ready') throw new Error('the attacker ended before its attack was established');
    const [receiver0, attacker0] = [cpuSeconds(receiverPid), cpuSeconds(attacker.pid!)];
    const timed = await timedSend(endpoint, file);
    const [receiverCpu, attackerCpu] = [cpuSeconds(receiverPid) - receiver0, cpuSeconds(attacker.pid!) - attacker0];
    attacker.stdin!.write('stop\n');
    const { counts, errors } = JSON.parse((await lines.next()).value as string) as { counts: Attack['counts']; errors: string[] };
    await exited;
    if (errors.length > 0) process.stderr.write(`  the attacker's own errors: ${errors.slice(0, 3).join('; ')}\n`);
    return { ...timed, counts, receiverCpu, attackerCpu };
  } finally {
    if (attacker.exitCode === null && attacker.signalCode === null) attacker.kill('SIGKILL');
  }
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
  const results: Array<{ idle: Timed; attacked: Attacked }> = [];
  for (let round = 0; round < rounds; round++) {
    let idle: Timed | undefined;
    let attacked: Attacked | undefined;
    // Alternate which goes first, so a drift of the machine's speed favours neither.
    for (const underAttack of round % 2 === 0 ? [false, true] : [true, false]) {
      if (!underAttack) {
        idle = await timedSend(receiver.endpoint, file);
      } else {
        attacked = await attackedSend(receiver.endpoint, file, receiver.child.pid!);
        // The attack's transfers end with its connections; the next round starts clean.
        await until(async () => (await tempFiles(recv)).length === 0, 'the attack’s temporary files to go', 120_000);
      }
      await rm(received, { force: true });
    }
    results.push({ idle: idle!, attacked: attacked! });
    const ratio = attacked!.seconds / idle!.seconds;
    process.stderr.write(
      `  round ${round + 1}: idle ${idle!.seconds.toFixed(2)} s, under attack ${attacked!.failure ? `failed (${attacked!.failure})` : `${attacked!.seconds.toFixed(2)} s`}, ratio ${ratio.toFixed(1)}×; CPU receiver ${attacked!.receiverCpu.toFixed(2)} s, attacker ${attacked!.attackerCpu.toFixed(2)} s; attack ${JSON.stringify(attacked!.counts)}\n`,
    );
  }
  const peak = receiver.peakMemoryBytes();
  const alive = receiver.alive;
  await receiver.stop();
  const ratios = results.map((r) => r.attacked.seconds / r.idle.seconds);
  const failures = results.filter((r) => r.attacked.failure || r.idle.failure).length;
  const attackedSeconds = results.reduce((sum, r) => sum + (Number.isFinite(r.attacked.seconds) ? r.attacked.seconds : 0), 0);
  const perSecond = (pick: (r: Attacked) => number) => results.reduce((sum, r) => sum + pick(r.attacked), 0) / Math.max(attackedSeconds, 1e-9);
  const fmt = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'failed');
  console.log(`\nZeroDrop stress — ${rounds} interleaved rounds; ${new Date().toISOString()}`);
  console.log(`attack             ${connectionsOf(plan)} connections: ${plan.hogs} slot hogs × ${plan.transfersPerHog} transfers, ${plan.floods} floods, ${plan.tricklers} tricklers, ${plan.oversized} oversized, ${plan.overLimit} over the chunk limit`);
  console.log(`32 MiB, idle       median ${median(results.map((r) => r.idle.seconds)).toFixed(2)} s`);
  console.log(`32 MiB, attacked   median ${median(results.map((r) => r.attacked.seconds)).toFixed(2)} s; ${failures} of ${rounds} failed`);
  console.log(`ratio              median ${fmt(median(ratios))}, from ${fmt(Math.min(...ratios))} to ${fmt(Math.max(...ratios))}   target ≤ 3×   ${median(ratios) <= 3 ? '✓' : '✗'}`);
  console.log(`CPU while attacked receiver ${perSecond((r) => r.receiverCpu).toFixed(2)} s/s, attacker ${perSecond((r) => r.attackerCpu).toFixed(2)} s/s (same cores)`);
  console.log(`peak memory        ${(peak / 1e6).toFixed(0)} MB (receiver VmHWM)   target < 512 MB   ${peak < 512e6 ? '✓' : '✗'}`);
  console.log(`receiver           ${alive ? 'alive to the end' : 'DIED'}`);
} finally {
  stopAllCli();
  await rm(work, { recursive: true, force: true });
}
