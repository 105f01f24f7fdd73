import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import * as v from 'valibot';
import { argumentSchemas } from '../../shared/contract/arguments.js';
import { COMMAND_NAMES, type CommandName } from '../../shared/contract/commands.js';
import { checkCall, InvalidCallError } from '../../electron/host/validate.js';

function rejects(command: unknown, args: unknown, pattern: RegExp): void {
  assert.throws(
    () => checkCall(command, args),
    (error: unknown) => error instanceof InvalidCallError && pattern.test(error.message),
    `${String(command)} ${JSON.stringify(args)?.slice(0, 200)} should be refused with ${pattern}`,
  );
}

const SEND = { endpoint: 'tcp://10.0.0.2:5670', paths: ['/a', '/b'] };
const KEY = 'a'.repeat(52);
const BATCH = '0123456789abcdef'.repeat(2);

/** Per command (the compiler demands every one): calls that pass, and calls refused with what is said. */
const CASES: { [K in CommandName]: { good: unknown[][]; bad: Array<[args: unknown, says: RegExp]> } } = {
  'host.info': { good: [[]], bad: [[['extra'], /^host\.info: takes no arguments$/]] },
  'settings.get': { good: [[]], bad: [[[null], /takes no arguments/]] },
  'settings.setReceiveDir': {
    good: [['/srv/in']],
    bad: [
      [[], /^settings\.setReceiveDir: takes one argument, dir$/],
      [['relative/dir'], /^settings\.setReceiveDir: dir must be an absolute path on the host$/],
      [[''], /dir must be a path of 1 to 4096 characters/],
    ],
  },
  'settings.setKeepInTray': {
    good: [[true], [false]],
    bad: [
      [[], /^settings\.setKeepInTray: takes one argument, keep$/],
      [['yes'], /^settings\.setKeepInTray: keep must be true or false$/],
    ],
  },
  'settings.setAccept': {
    good: [['anyone'], ['known'], ['ask']],
    bad: [[['everyone'], /^settings\.setAccept: accept must be one of anyone, known, ask$/]],
  },
  'settings.setAcceptPlain': { good: [[true]], bad: [[[1], /^settings\.setAcceptPlain: acceptPlain must be true or false$/]] },
  'settings.setAskSeconds': {
    good: [[1], [600]],
    bad: [
      [[0], /^settings\.setAskSeconds: seconds must be a whole number from 1 to 600$/],
      [[2.5], /seconds must be a whole number/],
    ],
  },
  'receiver.start': {
    good: [[{ dir: '/srv/in' }], [{ dir: '/srv/in', bind: 'tcp://*:5670' }], [{ dir: '/srv/in', bind: 'ipc:///tmp/zd' }]],
    bad: [
      [[{ dir: 'relative/dir' }], /^receiver\.start: request\.dir must be an absolute path on the host$/],
      [[{ dir: '/in', bind: 'http://x' }], /request\.bind must be a ZeroMQ endpoint such as tcp:\/\/192\.168\.1\.20:5670/],
      [[{ dir: '/in', limits: {} }], /request\.limits is an unknown field/],
      [[{ bind: 'tcp://*:1' }], /request\.dir is required/],
      [[null], /^receiver\.start: request must be an object$/],
      [[['/in']], /request must be an object/],
    ],
  },
  'receiver.stop': { good: [[]], bad: [[[1], /takes no arguments/]] },
  'receiver.status': { good: [[]], bad: [[[{}], /takes no arguments/]] },
  'sender.send': {
    good: [
      [SEND],
      [{ ...SEND, chunkBytes: 65536, window: 8, checksum: 'sha256' }],
      [{ ...SEND, chunkBytes: 64 * 1024 * 1024, window: 1024 }],
      [{ ...SEND, endpoint: `${KEY}@10.0.0.2:5670` }],
      [{ ...SEND, plain: true }],
    ],
    bad: [
      [[{ ...SEND, endpoint: 'tcp://host' }], /^sender\.send: request\.endpoint must be a ZeroMQ endpoint/],
      // What the engine can never connect to is refused here too, not only once it is tried.
      [[{ ...SEND, endpoint: 'tcp://host:65536' }], /^sender\.send: request\.endpoint must be a ZeroMQ endpoint/],
      [[{ ...SEND, endpoint: 'inproc://x' }], /^sender\.send: request\.endpoint must be a ZeroMQ endpoint/],
      [[{ ...SEND, endpoint: `${KEY.slice(1)}@10.0.0.2:5670` }], /request\.endpoint must be a ZeroMQ endpoint .*, or one with the receiver's key/],
      [[{ ...SEND, endpoint: `${KEY}@host` }], /request\.endpoint must be/],
      [[{ ...SEND, endpoint: `${KEY}@10.0.0.2:65536` }], /request\.endpoint must be/],
      [[{ ...SEND, plain: 'yes' }], /request\.plain must be true or false/],
      [[{ ...SEND, paths: [] }], /request\.paths must list 1 to 100000 paths/],
      [[{ ...SEND, paths: '/a' }], /request\.paths must list 1 to 100000 paths/],
      [[{ ...SEND, paths: ['/a', '/a\0b'] }], /request\.paths\[1\] must be a path of 1 to 4096 characters/],
      [[{ ...SEND, paths: ['/a', 'b'] }], /request\.paths\[1\] must be an absolute path on the host/],
      [[{ ...SEND, chunkBytes: 0 }], /request\.chunkBytes must be a whole number from 1 to 67108864/],
      [[{ ...SEND, chunkBytes: 64 * 1024 * 1024 + 1 }], /request\.chunkBytes must be a whole number/],
      [[{ ...SEND, window: 1.5 }], /request\.window must be a whole number from 1 to 1024/],
      [[{ ...SEND, window: null }], /request\.window must be a whole number/],
      [[{ ...SEND, checksum: 'md5' }], /request\.checksum must be one of crc32, sha1, sha256/],
    ],
  },
  'sender.cancel': {
    good: [['f-1']],
    bad: [
      [[], /^sender\.cancel: takes one argument, fileId$/],
      ['f-1', /^sender\.cancel: arguments must be a list$/],
      [[''], /fileId must be a file id/],
      [['x'.repeat(257)], /fileId must be a file id/],
    ],
  },
  'sender.retry': { good: [['f-1']], bad: [[[7], /^sender\.retry: fileId must be a file id$/]] },
  'sender.cancelBatch': { good: [['b-1']], bad: [[[''], /^sender\.cancelBatch: batch must be a batch id$/], [['x'.repeat(257)], /batch must be a batch id/]] },
  'sender.retryBatch': { good: [['b-1']], bad: [[[], /^sender\.retryBatch: takes one argument, batch$/]] },
  'receiver.cancel': { good: [['f-1']], bad: [[[{ id: 'f-1' }], /^receiver\.cancel: fileId must be a file id$/]] },
  'receiver.cancelBatch': { good: [['b-1']], bad: [[[null], /^receiver\.cancelBatch: batch must be a batch id$/]] },
  'files.list': {
    good: [[], [{ direction: 'receive', after: 41 }], [{ direction: 'send', after: -1 }]],
    bad: [
      [['all'], /^files\.list: from must be an object$/],
      [[{ direction: 'up', after: 0 }], /^files\.list: from\.direction must be send or receive$/],
      [[{ direction: 'send', after: 1.5 }], /^files\.list: from\.after must be a whole number/],
      [[{ direction: 'send' }], /^files\.list: from\.after is required$/],
    ],
  },
  'receiver.partials': { good: [[]], bad: [[['x'], /takes no arguments/]] },
  'receiver.discardPartial': { good: [['0123456789abcdef01234567']], bad: [[['../x'], /^receiver\.discardPartial: id must be a partial file id$/]] },
  'history.list': { good: [[]], bad: [[[{ limit: 5 }], /^history\.list: takes no arguments$/]] },
  'fs.makeDir': { good: [['/srv/new']], bad: [[['new'], /^fs\.makeDir: dir must be an absolute path on the host$/]] },
  'trust.identity': { good: [[]], bad: [[['me'], /takes no arguments/]] },
  'trust.list': { good: [[]], bad: [[[{}], /takes no arguments/]] },
  'trust.setDevice': {
    good: [[{ key: KEY, status: 'known' }], [{ key: KEY, status: 'blocked', name: 'Ana’s phone' }]],
    bad: [
      [[{ key: KEY, status: 'trusted' }], /^trust\.setDevice: device\.status must be known or blocked$/],
      [[{ key: KEY.toUpperCase(), status: 'known' }], /device\.key must be a device's public key \(52 letters and digits\)/],
      [[{ key: KEY, status: 'known', name: 'x'.repeat(65) }], /device\.name must be a name of 1 to 64 characters/],
    ],
  },
  'trust.rename': {
    good: [[{ key: KEY, name: 'Laptop' }]],
    bad: [[[{ key: KEY }], /^trust\.rename: device\.name is required$/]],
  },
  'trust.remove': { good: [[KEY]], bad: [[['abc'], /^trust\.remove: key must be a device's public key/]] },
  'trust.forgetPin': { good: [['10.0.0.2:5670']], bad: [[[''], /^trust\.forgetPin: address must be an address of 1 to 300 characters$/]] },
  'consent.list': { good: [[]], bad: [[[BATCH], /takes no arguments/]] },
  'consent.answer': {
    good: [[{ batch: BATCH, decision: 'once' }], [{ batch: BATCH, decision: 'block' }]],
    bad: [
      [[{ batch: BATCH, decision: 'maybe' }], /^consent\.answer: answer\.decision must be one of once, always, decline, block$/],
      [[{ batch: 'x', decision: 'once' }], /answer\.batch must be a batch id/],
    ],
  },
  'fs.pickFolder': {
    good: [[], ['/home']],
    bad: [
      [['/a', '/b'], /^fs\.pickFolder: takes at most one argument, startDir$/],
      [['home'], /startDir must be an absolute path on the host/],
    ],
  },
  'fs.pickFiles': { good: [[]], bad: [[['/'], /takes no arguments/]] },
  'fs.list': { good: [[], ['/srv']], bad: [[[42], /^fs\.list: dir must be a path of 1 to 4096 characters$/]] },
  'shell.openPath': { good: [['/srv/in']], bad: [[['~/x'], /^shell\.openPath: path must be an absolute path on the host$/]] },
  'shell.revealPath': { good: [['/srv/in/a.txt']], bad: [[['/'.repeat(4097)], /path must be a path of 1 to 4096 characters/]] },
};

test('every command passes well-formed calls with their arguments as given', () => {
  for (const command of COMMAND_NAMES) {
    for (const args of CASES[command].good) assert.deepEqual(checkCall(command, args), { command, args }, command);
  }
});

test('every command refuses bad arguments, saying which and what is wrong', () => {
  for (const command of COMMAND_NAMES) {
    assert.ok(CASES[command].bad.length > 0, `${command} has no refused call in this test`);
    for (const [args, says] of CASES[command].bad) rejects(command, args, says);
  }
});

test('an optional argument may be left out or be null; either way the handler gets none', () => {
  assert.deepEqual(checkCall('fs.list', [null]).args, []);
  assert.deepEqual(checkCall('fs.pickFolder', [undefined]).args, []);
});

test('a checked request is a fresh object with only its own fields', () => {
  const request = JSON.parse('{"dir": "/in", "bind": "tcp://*:5670"}') as object;
  const [checked] = checkCall('receiver.start', [request]).args;
  assert.notEqual(checked, request);
  assert.deepEqual(checked, { dir: '/in', bind: 'tcp://*:5670' });
  rejects('receiver.start', [JSON.parse('{"dir": "/in", "__proto__": {"bind": "tcp://*:1"}}')], /request\.__proto__ is an unknown field/);
});

test('unknown commands and inherited names are refused', () => {
  for (const name of ['receiver.destroy', 'constructor', '__proto__', 'hasOwnProperty']) rejects(name, [], /^unknown command "/);
  rejects(42, [], /^unknown command of type number$/);
  rejects(undefined, [], /^unknown command of type undefined$/);
});

test('hostile calls get a short message, and oversized lists are refused before their members are looked at', () => {
  const long = 'x'.repeat(1_000_000);
  for (const [command, args] of [
    [long, []],
    ['receiver.start', [{ dir: '/in', [long]: 1 }]],
    ['sender.send', [{ ...SEND, paths: [long] }]],
  ] as const) {
    assert.throws(() => checkCall(command, args), (error: Error) => error.message.length < 200, String(command).slice(0, 20));
  }
  const tooMany = { ...SEND, paths: Array.from({ length: 100_001 }, () => ({ not: 'a path' })) };
  rejects('sender.send', [tooMany], /request\.paths must list 1 to 100000 paths/);
});

test('what an absolute path is follows the host OS', () => {
  const posix = argumentSchemas(path.posix.isAbsolute).hostPath;
  const win32 = argumentSchemas(path.win32.isAbsolute).hostPath;
  assert.equal(v.is(posix, 'C:\\Users\\a'), false);
  assert.equal(v.is(win32, 'C:\\Users\\a'), true);
  assert.equal(v.is(win32, '\\\\server\\share\\a'), true);
  assert.equal(v.is(win32, 'C:relative'), false);
  assert.equal(v.is(posix, '/srv/in'), true);
});
