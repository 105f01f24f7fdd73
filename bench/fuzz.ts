// `npm run fuzz`: the long fuzzing run, outside `npm test` — by default
// 200,000 random and mutated messages from 80 identities against the real
// CLI receiver, with every check of the fuzz test (test/support/fuzz/session.ts).
// Prints a summary; exits 1 with the problems found.
//   ZERODROP_FUZZ_SEED=N  replays a run   FUZZ_MESSAGES, FUZZ_IDENTITIES  change its size
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fuzzSeed } from '../test/support/fuzz/random.js';
import { fuzzSession, MEMORY_BOUND_BYTES } from '../test/support/fuzz/session.js';

const seed = fuzzSeed();
const messages = Number(process.env.FUZZ_MESSAGES ?? 200_000);
const identities = Number(process.env.FUZZ_IDENTITIES ?? 80);
const idleMs = 2_000;

const workDir = await mkdtemp(path.join(tmpdir(), 'zd-fuzz-'));
process.stderr.write(`Fuzzing a receiver: ${messages} messages from ${identities} identities, seed ${seed} (replay: ZERODROP_FUZZ_SEED=${seed})\n`);
try {
  const result = await fuzzSession({
    seed,
    messages,
    identities,
    idleMs,
    workDir,
    onTick: (ledger) => process.stderr.write(`  ${ledger.messages} messages sent, ${ledger.connections} connections, ${ledger.dropped} dropped\n`),
  });
  const { ledger } = result;
  const replies = [...ledger.replies].sort((a, b) => b[1] - a[1]);
  const closes = [...ledger.closes.values()];
  console.log(`\nZeroDrop fuzz — seed ${seed}; ${new Date().toISOString()}`);
  console.log(`messages        ${ledger.messages} in ${result.seconds.toFixed(1)} s (${(ledger.messages / result.seconds).toFixed(0)}/s)`);
  console.log(`identities      ${identities}: ${[...result.kinds].map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
  console.log(`connections     ${ledger.connections} opened, ${ledger.dropped} dropped by the receiver (floods and broken bytes)`);
  console.log(`replies read    ${replies.reduce((sum, [, n]) => sum + n, 0)}: ${replies.map(([code, n]) => `${code} ${n}`).join(', ')}`);
  console.log(`files           ${closes.reduce((sum, c) => sum + c.ready.length, 0)} stored (CLOSE answered READY) of ${closes.length} names closed`);
  console.log(`peak memory     ${(result.peakMemoryBytes / 1e6).toFixed(0)} MB (receiver VmHWM; bound ${MEMORY_BOUND_BYTES / 1e6} MB)`);
  console.log(`checks          ${result.problems.length === 0 ? 'all passed' : `${result.problems.length} problems:`}`);
  for (const problem of result.problems) console.log(`  ✗ ${problem}`);
  process.exitCode = result.problems.length === 0 ? 0 : 1;
} finally {
  await rm(workDir, { recursive: true, force: true });
}
