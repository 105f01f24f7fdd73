// Raw WebSocket frames that no browser sends, from a client that has the
// token (the worst case: a tab gone wrong, or a local user who read it).
// Each is refused with the right close code, and the shell keeps serving;
// floods and many tabs cost the shell a bounded amount and hold up no other tab.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { Settings } from '../../shared/ipc.js';
import { frame, OPCODE, RawWebSocket, type FrameSpec } from '../support/rawWebSocket.js';
import { assertStillServes, callFrame, nextResult, startTestShell } from '../support/shellServer.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

const shellUnderTest = await startTestShell();
const { port, shell, origin } = shellUnderTest;
/** The shell's own limits (electron/shell/upgrades.ts). */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const MAX_FRAGMENTS = 16 * 1024;
const MAX_TABS = 64;

function openTab(): Promise<RawWebSocket> {
  return RawWebSocket.open(port, `/ws?token=${shell.token}`, { Origin: origin });
}

/** Sends the frames on a new tab; the shell must close it with `code`. */
async function expectClose(what: string, frames: Buffer[], code: number): Promise<void> {
  const tab = await openTab();
  for (const bytes of frames) tab.send(bytes);
  assert.equal(await tab.closeCode(), code, what);
  tab.destroy();
  await assertStillServes(shellUnderTest);
}

const text = (spec: Omit<FrameSpec, 'opcode'> = {}) => frame({ opcode: OPCODE.text, payload: '{}', ...spec });

test('malformed frames close the tab with the protocol’s code, and the shell keeps serving', async () => {
  const cases: Array<[string, Buffer[], number]> = [
    ['an unmasked frame', [text({ masked: false })], 1002],
    ['a reserved data opcode', [frame({ opcode: OPCODE.reserved, payload: 'x' })], 1002],
    ['a reserved control opcode', [frame({ opcode: 0xb })], 1002],
    ...[1, 2, 4, 7].map((rsv): [string, Buffer[], number] => [`RSV bits ${rsv}`, [text({ rsv })], 1002]),
    ['invalid UTF-8 in a text frame', [frame({ opcode: OPCODE.text, payload: Buffer.from([0x22, 0xc3, 0x28, 0x22]) })], 1007],
    ['UTF-8 cut short at the end of a message', [frame({ opcode: OPCODE.text, payload: Buffer.from([0xe2, 0x82]) })], 1007],
    ['a length past the limit', [text({ claimedLength: BigInt(MAX_MESSAGE_BYTES + 1) })], 1009],
    ['a length of 2^63 - 1', [text({ claimedLength: 2n ** 63n - 1n })], 1009],
    ['a ping longer than 125 bytes', [frame({ opcode: OPCODE.ping, payload: Buffer.alloc(126) })], 1002],
    ['a fragmented ping', [frame({ opcode: OPCODE.ping, fin: false })], 1002],
    ['a continuation with nothing to continue', [frame({ opcode: OPCODE.continuation, payload: 'x' })], 1002],
    ['a new message inside a fragmented one', [text({ fin: false }), text()], 1002],
    ['a close frame with a reserved code', [frame({ opcode: OPCODE.close, payload: Buffer.from([0x03, 0xe7]) })], 1002],
    ['a close frame with a one-byte body', [frame({ opcode: OPCODE.close, payload: Buffer.from([0x03]) })], 1002],
    ['a binary frame', [frame({ opcode: OPCODE.binary, payload: Buffer.from([1, 2, 3]) })], 1008],
    ['text that is not JSON', [frame({ opcode: OPCODE.text, payload: 'not json' })], 1008],
    ['JSON that is not a call', [frame({ opcode: OPCODE.text, payload: '{"kind":"call","id":"1","command":1}' })], 1008],
  ];
  for (const [what, frames, code] of cases) await expectClose(what, frames, code);
});

test('a message in more fragments than allowed is refused before it ends', async () => {
  const fragments = [text({ fin: false, payload: '' })];
  for (let i = 0; i < MAX_FRAGMENTS; i++) fragments.push(frame({ opcode: OPCODE.continuation, fin: false, payload: ' ' }));
  await expectClose('a message that never ends, in one-byte fragments', [Buffer.concat(fragments)], 1008);
});

test('a message that never ends is refused once it passes the size limit', async () => {
  const piece = Buffer.alloc(1024 * 1024, 0x20);
  const fragments = [text({ fin: false, payload: piece })];
  for (let sent = piece.length; sent <= MAX_MESSAGE_BYTES; sent += piece.length) {
    fragments.push(frame({ opcode: OPCODE.continuation, fin: false, payload: piece }));
  }
  await expectClose('a message that never ends, in 1 MiB fragments', fragments, 1009);
});

test('a tab that pings without reading the pongs is dropped', async () => {
  const tab = await openTab();
  tab.stopReading();
  const ping = frame({ opcode: OPCODE.ping, payload: Buffer.alloc(125, 0x70) });
  const pings = Buffer.concat(Array.from({ length: 8192 }, () => ping));
  let dropped = false;
  void tab.closed.then(() => (dropped = true));
  // Bounded: a shell that answered every ping would take these 4 GiB of pongs into memory.
  for (let sent = 0; !dropped && sent < 4 * 1024 ** 3; sent += pings.length) {
    if (!tab.send(pings)) await tab.drained();
  }
  assert.ok(dropped, 'the shell dropped the tab');
  await assertStillServes(shellUnderTest);
});

test('a tab that floods calls and reads nothing stops being read, and holds up no other tab', async () => {
  // Each listing is about 50 KB, so the flood's results are far more than
  // the kernel buffers of a loopback connection hold.
  const bigDir = await tempDir('zd-listing');
  for (let i = 0; i < 100; i++) await mkdir(path.join(bigDir, `${String(i).padStart(3, '0')}-${'d'.repeat(200)}`));
  const marker = await tempDir('zd-marker');
  const FLOOD = 2000;

  const flooder = await openTab();
  flooder.stopReading();
  const calls = Array.from({ length: FLOOD }, (_, i) => callFrame(i + 1, 'fs.list', [bigDir]));
  // The last call has an effect another tab can see: if it ran, the shell read the whole flood.
  flooder.send(Buffer.concat([...calls, callFrame(FLOOD + 1, 'settings.setReceiveDir', [marker])]));

  await assertStillServes(shellUnderTest);
  assert.notEqual((await settingsFromAnotherTab()).receiveDir, marker, 'the flood’s last call has not run while its tab reads nothing');

  flooder.resumeReading();
  const answered = new Set<number>();
  while (answered.size < FLOOD + 1) {
    const result = await nextResult(flooder);
    assert.ok(result.ok && !answered.has(result.id), JSON.stringify(result).slice(0, 200));
    answered.add(result.id);
  }
  assert.equal((await settingsFromAnotherTab()).receiveDir, marker);
  flooder.destroy();
});

async function settingsFromAnotherTab(): Promise<Settings> {
  const tab = await openTab();
  try {
    tab.send(callFrame(1, 'settings.get'));
    const result = await nextResult(tab);
    assert.ok(result.ok, JSON.stringify(result));
    return result.value as Settings;
  } finally {
    tab.destroy();
  }
}

test('at most 64 tabs at once: the next is refused with 503 until one leaves', async () => {
  const tabs: RawWebSocket[] = [];
  let refusal: unknown = null;
  // Tabs of the tests above may still be closing on the shell's side, so the refusal may come sooner.
  while (tabs.length <= MAX_TABS && refusal === null) {
    try {
      tabs.push(await openTab());
    } catch (error) {
      refusal = error;
    }
  }
  assert.match(String(refusal), /refused with 503/);
  for (const tab of tabs) tab.destroy();
  await until(() => openTab().then((tab) => (tab.destroy(), true), () => false), 'a tab to be let in again');
  await assertStillServes(shellUnderTest);
});
