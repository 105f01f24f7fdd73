// Endpoints read as libzmq reads them, for the plain port's own sockets,
// and the marks those sockets keep.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import { RECEIVER_BUDGET } from '../../electron/engine/receiver/budget.js';
import { parseEndpoint, PlainPort } from '../../electron/engine/receiver/plainPort.js';

const interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  eth0: [
    { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 1 },
    { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
  ],
};

test('tcp endpoints: every interface, an address, an interface by name, any free port', () => {
  assert.deepEqual(parseEndpoint('tcp://*:5670', interfaces), { kind: 'tcp', host: '0.0.0.0', port: 5670 });
  assert.deepEqual(parseEndpoint('tcp://127.0.0.1:*', interfaces), { kind: 'tcp', host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseEndpoint('tcp://[::1]:7000', interfaces), { kind: 'tcp', host: '::1', port: 7000 });
  assert.deepEqual(parseEndpoint('tcp://eth0:5670', interfaces), { kind: 'tcp', host: '192.168.1.20', port: 5670 });
  assert.deepEqual(parseEndpoint('tcp://localhost:5670', interfaces), { kind: 'tcp', host: 'localhost', port: 5670 });
});

test('ipc endpoints keep their path; inproc and malformed ones are refused in words', () => {
  assert.deepEqual(parseEndpoint('ipc:///tmp/zd.sock', interfaces), { kind: 'ipc', path: '/tmp/zd.sock' });
  assert.throws(() => parseEndpoint('inproc://x', interfaces), /inproc:\/\/ cannot carry raw ZMTP/);
  for (const bad of ['tcp://host', 'tcp://:5670', 'udp://1.2.3.4:5', '5670', 'tcp://1.2.3.4:70000']) {
    assert.throws(() => parseEndpoint(bad, interfaces), /not an endpoint|over 65535/, bad);
  }
});

test('a name that is no interface is a host name, even one an object inherits', () => {
  assert.deepEqual(parseEndpoint('tcp://constructor:5555', interfaces), { kind: 'tcp', host: 'constructor', port: 5555 });
  assert.deepEqual(parseEndpoint('tcp://__proto__:1', interfaces), { kind: 'tcp', host: '__proto__', port: 1 });
});

test('every socket keeps 16 KiB marks, whatever the runtime\'s default (Node 22 and Electron: 64 KiB)', async () => {
  const { getDefaultHighWaterMark, setDefaultHighWaterMark } = await import('node:stream');
  const before = getDefaultHighWaterMark(false);
  setDefaultHighWaterMark(false, 64 * 1024);
  let accepted!: (socket: Socket) => void;
  const socket = new Promise<Socket>((resolve) => (accepted = resolve));
  const port = await PlainPort.open(['tcp://127.0.0.1:*'], RECEIVER_BUDGET.socketMarkBytes, (s) => accepted(s));
  const client = connect(Number(port.endpoints[0]!.split(':').pop()), '127.0.0.1');
  try {
    const server = await socket;
    assert.equal(server.readableHighWaterMark, 16 * 1024);
    assert.equal(server.writableHighWaterMark, 16 * 1024);
    server.destroy();
  } finally {
    setDefaultHighWaterMark(false, before);
    client.destroy();
    port.close();
  }
});
