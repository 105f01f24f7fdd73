// The receiver under fuzzing (the hardening issue's fuzz test): over 20,000
// random and mutated messages from 40 identities at once — raw ZMTP peers
// claiming routing ids (libzmq's generated ones among them) that read their
// replies, trickle requests byte by byte, flood without reading or send
// broken bytes, beside plain DEALERs and REQs — against the real CLI
// receiver. Then every check of session.ts. Seeded: the seed is printed, and
// ZERODROP_FUZZ_SEED=<seed> replays the same messages. `npm run fuzz` is the
// long run.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { stopAllCli } from '../support/cliProcess.js';
import { fuzzSeed } from '../support/fuzz/random.js';
import { fuzzSession } from '../support/fuzz/session.js';
import { tempDir } from '../support/tmp.js';
import { destroyAllZmtpClients } from '../support/zmtpSocket.js';

after(async () => {
  destroyAllZmtpClients();
  await stopAllCli();
});

test('20,000 fuzzed messages from 40 identities: the receiver answers each in order, stays bounded and stores only what a CLOSE completed', { timeout: 240_000 }, async (t) => {
  const seed = fuzzSeed();
  t.diagnostic(`seed ${seed} (replay: ZERODROP_FUZZ_SEED=${seed})`);
  const result = await fuzzSession({ seed, messages: 20_000, identities: 40, idleMs: 2_000, workDir: await tempDir('zd-fuzz') });
  t.diagnostic(`${result.ledger.messages} messages in ${result.seconds.toFixed(1)} s; replies ${JSON.stringify(Object.fromEntries(result.ledger.replies))}; peak ${(result.peakMemoryBytes / 1e6).toFixed(0)} MB`);
  assert.deepEqual(result.problems, [], `seed ${seed}`);
  assert.ok(result.ledger.messages >= 20_000, `${result.ledger.messages} messages`);
  // The mix reached the receiver's rules: stored files, refusals of each kind.
  for (const code of ['READY', 'bad-request', 'bad-name', 'unknown-transfer', 'bad-checksum', 'bad-size']) {
    assert.ok((result.ledger.replies.get(code) ?? 0) > 0, `no ${code} reply (seed ${seed})`);
  }
});
