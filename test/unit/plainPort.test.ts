// Endpoints read as libzmq reads them, for the plain port's own sockets.
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { test } from 'node:test';
import { parseEndpoint } from '../../electron/engine/receiver/plainPort.js';

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
