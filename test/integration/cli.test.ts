// The `zerodrop` command as a person runs it: the built bin, real processes.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { BIN as bin, buildCli, startCliReceiver, stopAllCli } from '../support/cliProcess.js';
import { listFiles, randomFile, sha256File } from '../support/files.js';
import { MAX_SHOWN_CHARS } from '../../shared/safeText.js';
import { codeOf, RawPeer } from '../support/rawPeer.js';
import { commandOf, ScriptedReceiver } from '../support/scriptedReceiver.js';
import { PacedRelay } from '../support/pacedRelay.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

// The CLI runs from dist/: build it as `npm install` does.
before(buildCli);
after(stopAllCli);

const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill('SIGKILL')));

/** Runs the CLI to its end; send and receive run plain unless the test gives a --config-dir (trust has its own tests). */
function zerodrop(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const plain = (args[0] === 'send' || args[0] === 'receive') && !args.includes('--config-dir') && !args.includes('--help');
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args, ...(plain ? ['--plain'] : [])], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Starts `zerodrop receive` on a free port; resolves once it is listening. */
function receive(dir: string, extra: string[] = []): Promise<{ child: ChildProcess; endpoint: string; lines: string[] }> {
  return startCliReceiver(dir, { args: extra });
}

/** What a terminal would obey, or what would show a name backwards: never printed raw. */
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

/** Error texts a hostile receiver answers with: escape sequences, bidi overrides, a megabyte. */
function hostileReply(name: string): string[] {
  if (name.startsWith('title')) return ['ERROR', 'busy: \x1b]0;pwned\x07\x1b[2J\x1b[31mred\u009b31m\u202egnp.exe\u2066\r\n\x1b[1A'];
  if (name.startsWith('huge')) return ['ERROR', `io: ${'\x1b[2J'.repeat(256 * 1024)}`];
  return ['ERROR', '\x1b[?1049h\u202e no code at all'];
}

/** 64 chunks of 64 KiB: sent one at a time through slowed(), at least 13 s. */
const SLOW_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A gate in front of `endpoint` that lets one reply out every 200 ms, so a
 * transfer of SLOW_FILE_BYTES is still in transit when the test acts,
 * however fast the machine (see PacedRelay).
 */
async function slowed(t: TestContext, endpoint: string): Promise<PacedRelay> {
  const gate = await PacedRelay.open(endpoint, 200);
  t.after(() => gate.close());
  return gate;
}

describe('zerodrop CLI', () => {
  test('receive a folder on one process, send it from another: byte-identical, exit 0', async () => {
    const src = await tempDir('zd-src');
    await randomFile(path.join(src, 'photos/2024/a.jpg'), 2_500_000);
    await randomFile(path.join(src, 'photos/b.raw'), 100_000);
    await writeFile(path.join(src, 'photos/empty.txt'), '');
    const dest = await tempDir('zd-dest');
    const { child, endpoint, lines } = await receive(dest);
    const sent = await zerodrop(['send', endpoint, path.join(src, 'photos'), '--chunk', '64KiB', '--window', '4']);
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /✓ photos\/2024\/a\.jpg/);
    assert.match(sent.stdout, /3 of 3 files sent to tcp:\/\/127\.0\.0\.1:\d+/);
    assert.deepEqual(await listFiles(dest), ['photos/2024/a.jpg', 'photos/b.raw', 'photos/empty.txt']);
    for (const name of await listFiles(dest)) assert.equal(await sha256File(path.join(dest, name)), await sha256File(path.join(src, name)));
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 0);
    const events = lines.map((l) => JSON.parse(l) as { event: string; status?: string; storedAs?: string });
    assert.equal(events.filter((e) => e.event === 'progress' && e.status === 'done').length, 3);
    assert.equal(events.at(-1)?.event, 'stopped');
  });

  test("the engine's threads run below the thread that reports, as in the app", async () => {
    const receiver = await startCliReceiver(await tempDir('zd-recv'), { args: ['--plain'] });
    const pid = receiver.child.pid!;
    // Field 19 of a thread's stat is its nice value (after the name, which may hold spaces).
    const niceOf = async (tid: string) => Number((await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[16]);
    const nice = new Map(await Promise.all((await readdir(`/proc/${pid}/task`)).map(async (tid) => [tid, await niceOf(tid)] as const)));
    assert.equal(nice.get(String(pid)), 0, 'the main thread keeps its priority');
    assert.ok([...nice.values()].includes(10), `the worker is lowered: ${JSON.stringify([...nice])}`);
  });

  test('send --json prints one JSON event per line and a summary', async () => {
    const src = await tempDir('zd-src');
    await writeFile(path.join(src, 'note.txt'), 'hello');
    const { endpoint } = await receive(await tempDir('zd-dest'));
    const sent = await zerodrop(['send', endpoint, path.join(src, 'note.txt'), '--json']);
    assert.equal(sent.code, 0);
    const events = sent.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; sent?: number; failed?: number; peakRssBytes?: number });
    assert.deepEqual({ ...events.at(-1), peakRssBytes: 0, loopDelayP99Ms: 0, loopDelayMaxMs: 0, cpuSeconds: 0 }, { event: 'summary', sent: 1, failed: 0, peakRssBytes: 0, loopDelayP99Ms: 0, loopDelayMaxMs: 0, cpuSeconds: 0 });
    assert.ok(events.at(-1)!.peakRssBytes! > 1e6, 'the peak memory is reported');
  });

  test('a hostile receiver: its error texts are printed bounded, with no escape sequence or bidi override', async () => {
    const src = path.join(await tempDir('zd-src'), 'batch');
    await mkdir(src);
    for (const name of ['title.txt', 'huge.txt', 'names\u202eexe.txt', 'skipped\x1b[2J.txt']) await writeFile(path.join(src, name), name);
    const hostile = await ScriptedReceiver.start((request) => hostileReply(path.basename(commandOf(request)[1])));
    for (const mode of [[], ['--json']]) {
      const sent = await zerodrop(['send', hostile.endpoint, src, ...mode]);
      assert.equal(sent.code, 1);
      const output = sent.stdout + sent.stderr;
      assert.doesNotMatch(output, TERMINAL_UNSAFE);
      assert.ok(output.length < 16 * 1024, `a megabyte of text is not printed (${output.length} characters)`);
      if (mode.length === 0) {
        for (const line of output.split('\n')) assert.ok([...line].length <= 2 * MAX_SHOWN_CHARS + 8, line);
        assert.match(sent.stdout, /✗ batch\/title\.txt — busy: \\u\{1b\}\]0;pwned\\u\{7\}\\u\{1b\}\[2J/);
        assert.match(sent.stdout, /✗ batch\/names\\u\{202e\}exe\.txt — \\u\{1b\}\[\?1049h/);
        assert.match(sent.stdout, /✗ .*batch\/skipped\\u\{1b\}\[2J\.txt — cannot be sent under this name/);
        assert.match(sent.stdout, /0 of 4 files sent/);
      } else {
        const events = sent.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; name?: string; status?: string; error?: { text: string } });
        const ended = events.filter((e) => e.status === 'failed');
        assert.deepEqual(ended.map((e) => e.name).sort(), ['batch/huge.txt', 'batch/names\u202eexe.txt', 'batch/title.txt'], 'names stay exact in JSON');
        for (const event of ended) assert.ok([...event.error!.text].length <= MAX_SHOWN_CHARS, event.name);
      }
    }
  });

  test('an unreachable peer: a clear message and exit 1, not a hang', async () => {
    const src = await tempDir('zd-src');
    await writeFile(path.join(src, 'a.txt'), 'a');
    const sent = await zerodrop(['send', '127.0.0.1:1', path.join(src, 'a.txt'), '--timeout-ms', '1000']);
    assert.equal(sent.code, 1);
    assert.match(sent.stdout, /✗ a\.txt — cannot reach tcp:\/\/127\.0\.0\.1:1/);
    assert.match(sent.stdout, /0 of 1 files sent/);
  });

  test('a missing path, a bad option, an unusable folder: clear messages', async () => {
    const missing = await zerodrop(['send', '127.0.0.1', '/no/such/thing']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no such file or folder: \/no\/such\/thing/);
    const badOption = await zerodrop(['send', '127.0.0.1', 'x', '--checksum', 'md5']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /--checksum is one of crc32, sha1, sha256/);
    const file = path.join(await tempDir('zd-x'), 'file');
    await writeFile(file, '');
    const badDir = await zerodrop(['receive', '--dir', path.join(file, 'inside'), '--bind', 'tcp://127.0.0.1:0']);
    assert.equal(badDir.code, 1);
    assert.match(badDir.stderr, /cannot receive into .*file\/inside/);
  });

  test('every command answers --help with its own usage and exit 0', async () => {
    for (const command of ['receive', 'send', 'ui', 'id', 'trust']) {
      const help = await zerodrop([command, '--help']);
      assert.equal(help.code, 0, command);
      assert.match(help.stdout, new RegExp(`^Usage:\\n  zerodrop ${command} `), command);
    }
  });

  test('a usage error in any command, ui included (loaded apart from the rest), is said in words with exit 2', async () => {
    for (const args of [['ui', '--listen', 'nonsense'], ['receive', '--max-chunk', 'lots'], ['send', 'tcp://127.0.0.1:1', 'x', '--window', '0']]) {
      const result = await zerodrop(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /^zerodrop: .+\n\nUsage:/, args.join(' '));
    }
  });

  test('SIGTERM aborts a transfer in transit, reports it and removes its partial data', async () => {
    const dest = await tempDir('zd-dest');
    const { child, endpoint, lines } = await receive(dest);
    const peer = new RawPeer(endpoint);
    assert.equal(codeOf(await peer.request('HELLO', 'partial.bin')), 'READY');
    assert.equal(codeOf(await peer.request('CHUNK', 'partial.bin', '0', '4', 'crc32:00000000', 'abcd')), 'bad-checksum');
    assert.equal(codeOf(await peer.request('CHUNK', 'partial.bin', '0', '1', 'e8b7be43', 'a')), 'READY');
    assert.equal((await listFiles(dest)).length, 1);
    child.kill('SIGTERM');
    await once(child, 'exit');
    assert.deepEqual(await listFiles(dest), []);
    const failed = lines.map((l) => JSON.parse(l) as { event: string; status?: string; error?: { code: string } }).find((e) => e.status === 'failed');
    assert.ok(failed, 'the aborted transfer is reported');
  });

  test('Ctrl+C on the sender aborts its transfer: the receiver keeps no partial file, the sender exits 130', async (t) => {
    const src = await tempDir('zd-src');
    const file = await randomFile(path.join(src, 'long.bin'), SLOW_FILE_BYTES);
    const dest = await tempDir('zd-dest');
    const { endpoint, lines } = await receive(dest);
    const gate = await slowed(t, endpoint);
    const sender = spawn(process.execPath, [bin, 'send', gate.endpoint, file, '--chunk', '64KiB', '--window', '1', '--plain'], { stdio: 'ignore' });
    children.push(sender);
    await until(() => lines.some((l) => l.includes('"status":"active"')), 'the receiver to report the transfer');
    sender.kill('SIGINT');
    const [code] = (await once(sender, 'exit')) as [number];
    assert.equal(code, 130);
    await until(() => lines.some((l) => l.includes('"status":"failed"')), 'the receiver to report the aborted transfer');
    assert.deepEqual(await listFiles(dest), []);
  });

  test('a sender killed mid-transfer: the receiver aborts it when idle, removes the partial file and goes on', async (t) => {
    const src = await tempDir('zd-src');
    const file = await randomFile(path.join(src, 'killed.bin'), SLOW_FILE_BYTES);
    const dest = await tempDir('zd-dest');
    const { endpoint, lines } = await receive(dest, ['--idle-ms', '500']);
    const gate = await slowed(t, endpoint);
    const sender = spawn(process.execPath, [bin, 'send', gate.endpoint, file, '--chunk', '64KiB', '--window', '1', '--plain'], { stdio: 'ignore' });
    children.push(sender);
    await until(() => lines.some((l) => l.includes('"status":"active"')), 'the receiver to report the transfer');
    sender.kill('SIGKILL');
    await until(() => lines.some((l) => l.includes('"status":"failed"')), 'the receiver to report the aborted transfer');
    assert.deepEqual(await listFiles(dest), []);
    await writeFile(path.join(src, 'after.txt'), 'after');
    const again = await zerodrop(['send', endpoint, path.join(src, 'after.txt')]);
    assert.equal(again.code, 0);
    assert.deepEqual(await listFiles(dest), ['after.txt']);
  });

  test('a receiver killed mid-transfer: the sender says so in bounded time; a restarted receiver clears the partial file', async (t) => {
    const src = await tempDir('zd-src');
    const file = await randomFile(path.join(src, 'orphan.bin'), SLOW_FILE_BYTES);
    const dest = await tempDir('zd-dest');
    const { child, endpoint, lines } = await receive(dest);
    const gate = await slowed(t, endpoint);
    // The reply timeout is many times the gate's pace, and a live receiver's reply time even on a loaded machine.
    const sent = zerodrop(['send', gate.endpoint, file, '--chunk', '64KiB', '--window', '1', '--timeout-ms', '3000']);
    await until(() => lines.some((l) => l.includes('"status":"active"')), 'the receiver to report the transfer');
    child.kill('SIGKILL');
    // Gone for good before the next receiver looks at what it left (its lock answers until then).
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    const result = await sent;
    assert.equal(result.code, 1);
    assert.match(result.stdout, /✗ orphan\.bin — the receiver at tcp:\/\/127\.0\.0\.1:\d+ stopped answering/);
    assert.equal((await listFiles(dest)).filter((f) => f.endsWith('.part')).length, 1, 'a crash leaves only a hidden temporary file');
    const restarted = await receive(dest);
    restarted.child.kill('SIGINT');
    await once(restarted.child, 'exit');
    assert.deepEqual(await listFiles(dest), []);
  });
});
