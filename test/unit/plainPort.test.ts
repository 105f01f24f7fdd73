// Endpoints read as libzmq reads them, for the plain port's own sockets,
// the marks those sockets keep, and the one buffer they all read into.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import { RECEIVER_BUDGET } from '../../electron/engine/receiver/budget.js';
import { PlainPort } from '../../electron/engine/receiver/plainPort.js';
import { parseEndpoint } from '../../electron/engine/zmtp/endpoint.js';

const interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  eth0: [
    { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 1 },
    { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
  ],
};

test('tcp endpoints: every interface, an address, an interface by name, any free port', () => {
  assert.deepEqual(parseEndpoint('tcp://*:5670', 'bind', interfaces), { kind: 'tcp', host: '0.0.0.0', port: 5670 });
  assert.deepEqual(parseEndpoint('tcp://127.0.0.1:*', 'bind', interfaces), { kind: 'tcp', host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseEndpoint('tcp://[::1]:7000', 'bind', interfaces), { kind: 'tcp', host: '::1', port: 7000 });
  assert.deepEqual(parseEndpoint('tcp://eth0:5670', 'bind', interfaces), { kind: 'tcp', host: '192.168.1.20', port: 5670 });
  assert.deepEqual(parseEndpoint('tcp://localhost:5670', 'bind', interfaces), { kind: 'tcp', host: 'localhost', port: 5670 });
});

test('ipc endpoints keep their path; inproc and malformed ones are refused in words', () => {
  assert.deepEqual(parseEndpoint('ipc:///tmp/zd.sock', 'bind', interfaces), { kind: 'ipc', path: '/tmp/zd.sock' });
  // On Linux libzmq reads `@NAME` as an abstract name, which Node 20 cannot meet: refused, not made a file called `@NAME`.
  for (const side of ['bind', 'connect'] as const) {
    if (process.platform === 'linux') assert.throws(() => parseEndpoint('ipc://@zd-port', side, interfaces), /abstract namespace.*use ipc:\/\/\/a\/path or tcp:\/\//);
    else assert.deepEqual(parseEndpoint('ipc://@zd-port', side, interfaces), { kind: 'ipc', path: '@zd-port' });
  }
  assert.throws(() => parseEndpoint('inproc://x', 'bind', interfaces), /inproc:\/\/ cannot carry raw ZMTP/);
  for (const bad of ['tcp://host', 'tcp://:5670', 'udp://1.2.3.4:5', '5670', 'tcp://1.2.3.4:70000']) {
    assert.throws(() => parseEndpoint(bad, 'bind', interfaces), /not an endpoint|over 65535/, bad);
  }
});

test('to connect to: an interface name is a host name, and `*` is refused', () => {
  assert.deepEqual(parseEndpoint('tcp://eth0:5670', 'connect', interfaces), { kind: 'tcp', host: 'eth0', port: 5670 });
  assert.deepEqual(parseEndpoint('tcp://[::1]:7000', 'connect', interfaces), { kind: 'tcp', host: '::1', port: 7000 });
  for (const bad of ['tcp://*:5670', 'tcp://127.0.0.1:*']) assert.throws(() => parseEndpoint(bad, 'connect', interfaces), /an endpoint to bind, not one to connect to/, bad);
});

test('a name that is no interface is a host name, even one an object inherits', () => {
  assert.deepEqual(parseEndpoint('tcp://constructor:5555', 'bind', interfaces), { kind: 'tcp', host: 'constructor', port: 5555 });
  assert.deepEqual(parseEndpoint('tcp://__proto__:1', 'bind', interfaces), { kind: 'tcp', host: '__proto__', port: 1 });
});

test('every socket keeps 16 KiB marks, whatever the runtime\'s default (Node 22 and Electron: 64 KiB)', async () => {
  const { getDefaultHighWaterMark, setDefaultHighWaterMark } = await import('node:stream');
  const before = getDefaultHighWaterMark(false);
  setDefaultHighWaterMark(false, 64 * 1024);
  let accepted!: (socket: Socket) => void;
  const socket = new Promise<Socket>((resolve) => (accepted = resolve));
  const port = await PlainPort.open(['tcp://127.0.0.1:*'], { markBytes: RECEIVER_BUDGET.socketMarkBytes, readBytes: RECEIVER_BUDGET.socketReadBytes }, (s) => {
    accepted(s);
    return { read: () => undefined, next: () => null };
  });
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

test('every socket reads into the port\'s one buffer, at most its size at a time, or where its reader offers', async () => {
  const readBytes = 64 * 1024;
  const sent = [Buffer.alloc(3 * 1024 * 1024, 1), Buffer.alloc(3 * 1024 * 1024, 2)].map((b, i) => {
    for (let at = 0; at < b.length; at += 4096) b.writeUInt32BE(at ^ (i << 24), at);
    return b;
  });
  const got: Buffer[][] = [[], []];
  const buffers = new Set<ArrayBufferLike>();
  let largest = 0;
  let next = 0;
  // The second peer's reader offers a buffer of its own for every other read.
  const own = Buffer.alloc(100_000);
  let offered = false;
  let ownReads = 0;
  const port = await PlainPort.open(['tcp://127.0.0.1:*'], { markBytes: 16 * 1024, readBytes }, () => {
    const peer = next++;
    const into = got[peer]!;
    return {
      read: (bytes, n) => {
        if (bytes === own) ownReads++;
        else buffers.add(bytes.buffer);
        largest = Math.max(largest, n);
        into.push(Buffer.from(bytes.subarray(0, n)));
        own.fill(0xee);
      },
      next: () => (peer === 1 && (offered = !offered) ? own : null),
    };
  });
  const portNumber = Number(port.endpoints[0]!.split(':').pop());
  try {
    const clients = sent.map(() => connect(portNumber, '127.0.0.1'));
    await Promise.all(clients.map((c) => once(c, 'connect')));
    // Both write at once, in pieces, so that their reads take turns in the one buffer.
    for (let at = 0; at < sent[0]!.length; at += 256 * 1024) clients.forEach((c, i) => c.write(sent[i]!.subarray(at, at + 256 * 1024)));
    const total = () => got.map((g) => g.reduce((n, b) => n + b.length, 0));
    for (let waited = 0; total().some((n) => n < sent[0]!.length) && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    clients.forEach((c) => c.destroy());
    assert.ok(Buffer.concat(got[0]!).equals(sent[0]!), 'the first peer\'s bytes, in order, none overwritten by the other\'s');
    assert.ok(Buffer.concat(got[1]!).equals(sent[1]!), 'the second peer\'s bytes, whichever buffer they were read into');
    assert.equal(buffers.size, 1, 'every read not offered elsewhere went into one buffer');
    assert.ok(ownReads > 0, 'reads went where the reader offered');
    assert.ok(largest <= own.length, `a read of ${largest} bytes`);
  } finally {
    port.close();
  }
});
