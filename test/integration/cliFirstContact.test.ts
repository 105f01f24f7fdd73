// `zerodrop send` on a terminal, to a receiver it never met at that address:
// it shows the receiver's fingerprint and sends only once the person says
// yes, as ssh asks. A real pseudo-terminal (util-linux `script`), not a flag
// that pretends to be one. The lines it says around its bars are all shown.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, buildCli, startCliReceiver, stopAllCli, trackCli } from '../support/cliProcess.js';
import { TrustStore } from '../../electron/engine/trust/trustStore.js';
import { randomFile } from '../support/files.js';
import { commandOf, ScriptedReceiver } from '../support/scriptedReceiver.js';
import { startScriptedSecureReceiver, willingly } from '../support/scriptedSecureReceiver.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

before(buildCli);
after(stopAllCli);

/** `zerodrop send` on a terminal of its own; `answer` is typed once it asks. */
async function sendOnTerminal(endpoint: string, file: string, configDir: string, answer: string): Promise<{ code: number | null; said: string }> {
  const command = [process.execPath, BIN, 'send', endpoint, file, '--config-dir', configDir].map((part) => `'${part}'`).join(' ');
  const terminal = trackCli(spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] }));
  let said = '';
  terminal.stdout!.on('data', (bytes: Buffer) => (said += bytes.toString()));
  const exited = once(terminal, 'exit');
  await until(() => said.includes('[y/N]'), 'the question');
  terminal.stdin!.write(`${answer}\n`);
  const [code] = (await exited) as [number | null];
  return { code, said };
}

test('a first contact on a terminal shows the receiver\'s fingerprint, and sends only once the person says yes', async () => {
  const inbox = await tempDir('zd-fc-in');
  const receiver = await startCliReceiver(inbox, { args: ['--config-dir', await tempDir('zd-fc-rx'), '--accept', 'anyone'] });
  const { encryption } = JSON.parse(receiver.lines[0]!) as { encryption: { fingerprint: string } };
  const senderConfig = await tempDir('zd-fc-tx');
  const file = await randomFile(path.join(await tempDir('zd-fc-src'), 'first.bin'), 10_000);

  const refused = await sendOnTerminal(receiver.endpoint, file, senderConfig, 'n');
  assert.equal(refused.code, 1, refused.said);
  assert.match(refused.said, /First contact with .* its fingerprint is [a-z2-7]{4}(-[a-z2-7]{4}){3}/);
  assert.ok(refused.said.includes(encryption.fingerprint), 'the fingerprint the receiver shows');
  assert.match(refused.said, /not sent: the receiver was not confirmed/);
  assert.deepEqual(await readdir(inbox), [], 'nothing sent on a no');

  const confirmed = await sendOnTerminal(receiver.endpoint, file, senderConfig, 'y');
  assert.equal(confirmed.code, 0, confirmed.said);
  assert.match(confirmed.said, /1 of 1 files sent to /, 'the summary after the last bar, on a terminal too');
  await until(async () => (await readdir(inbox)).includes('first.bin'), 'the file to arrive');
});

test('on a terminal, a receiver whose key cannot be shown first is not sent to: no second question for the key pins one unseen', async () => {
  // Someone between answers the first KEY as a v1 receiver would, and the next with a key of its own choosing.
  const impostor = await startScriptedSecureReceiver(willingly());
  let asked = 0;
  const between = await ScriptedReceiver.start((request) =>
    commandOf(request)[0] !== 'KEY' ? ['ERROR', 'denied: encrypted only'] : asked++ === 0 ? ['ERROR', 'bad-request: unknown command'] : impostor.keyAnswer,
  );
  const senderConfig = await tempDir('zd-fc-tx');
  const file = await randomFile(path.join(await tempDir('zd-fc-src'), 'unseen.bin'), 1000);
  const command = [process.execPath, BIN, 'send', between.endpoint, file, '--config-dir', senderConfig].map((part) => `'${part}'`).join(' ');
  const terminal = trackCli(spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] }));
  let said = '';
  terminal.stdout!.on('data', (bytes: Buffer) => (said += bytes.toString()));
  const [code] = (await once(terminal, 'exit')) as [number | null];
  assert.equal(code, 7, said);
  assert.match(said, /not sent: the receiver at .* speaks only plain PROTOCOL.md v1/);
  assert.equal(asked, 1, 'the key was asked once, before anything else');
  assert.deepEqual((await (await TrustStore.open(senderConfig)).read()).pins, []);
  assert.deepEqual(impostor.requests, [], 'nothing reached the encrypted port');
});
