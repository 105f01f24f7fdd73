import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMAND_NAMES } from '../../shared/ipc.js';
import { ARGUMENT_CHECKS, checkCall, InvalidCallError } from '../../electron/host/validate.js';

function rejects(command: unknown, args: unknown, pattern: RegExp): void {
  assert.throws(() => checkCall(command, args), (error: unknown) => error instanceof InvalidCallError && pattern.test(error.message));
}

test('every command of the contract has an argument check', () => {
  assert.deepEqual(Object.keys(ARGUMENT_CHECKS).sort(), Object.keys(COMMAND_NAMES).sort());
});

test('well-formed calls pass, with their arguments as given', () => {
  assert.deepEqual(checkCall('host.info', []), { command: 'host.info', args: [] });
  assert.deepEqual(checkCall('receiver.start', [{ dir: '/srv/in', bind: 'tcp://*:5670' }]), {
    command: 'receiver.start',
    args: [{ dir: '/srv/in', bind: 'tcp://*:5670' }],
  });
  assert.deepEqual(checkCall('sender.send', [{ endpoint: 'tcp://10.0.0.2:5670', paths: ['/a', '/b'], chunkBytes: 65536, checksum: 'sha256' }]).args, [
    { endpoint: 'tcp://10.0.0.2:5670', paths: ['/a', '/b'], chunkBytes: 65536, checksum: 'sha256' },
  ]);
  assert.deepEqual(checkCall('fs.list', []).args, []);
  assert.deepEqual(checkCall('fs.list', [null]).args, []);
  assert.deepEqual(checkCall('fs.pickFolder', ['/home']).args, ['/home']);
});

test('unknown commands and inherited names are refused', () => {
  rejects('receiver.destroy', [], /unknown command/);
  rejects('constructor', [], /unknown command/);
  rejects('__proto__', [], /unknown command/);
  rejects(42, [], /unknown command/);
});

test('arguments of the wrong shape are refused with what is wrong', () => {
  rejects('host.info', ['extra'], /takes no arguments/);
  rejects('sender.cancel', [], /takes one argument/);
  rejects('sender.cancel', 'id', /must be a list/);
  rejects('receiver.start', [{ dir: 'relative/dir' }], /absolute path/);
  rejects('receiver.start', [{ dir: '/in', bind: 'http://x' }], /ZeroMQ endpoint/);
  rejects('receiver.start', [{ dir: '/in', limits: {} }], /unknown field "limits"/);
  rejects('receiver.start', [null], /must be an object/);
  rejects('sender.send', [{ endpoint: 'tcp://h:1', paths: [] }], /1 to/);
  rejects('sender.send', [{ endpoint: 'tcp://h:1', paths: ['/a\0b'] }], /path/);
  rejects('sender.send', [{ endpoint: 'tcp://h:1', paths: ['/a'], chunkBytes: 0 }], /whole number/);
  rejects('sender.send', [{ endpoint: 'tcp://h:1', paths: ['/a'], window: 1.5 }], /whole number/);
  rejects('sender.send', [{ endpoint: 'tcp://h:1', paths: ['/a'], checksum: 'md5' }], /one of crc32/);
  rejects('shell.openPath', ['~/x'], /absolute path/);
});
