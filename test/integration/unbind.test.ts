import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as zmq from 'zeromq';
import { unbindAll } from '../../electron/engine/util/unbind.js';
import { freePort, portIsFree } from '../support/ports.js';

test('once unbindAll resolves the port is free, every time (a bare close leaves it taken for a moment)', async () => {
  const port = await freePort();
  for (let i = 0; i < 50; i++) {
    const socket = new zmq.Router({ linger: 0 });
    await socket.bind(`tcp://127.0.0.1:${port}`);
    // A connection in use, as a receiver has when it stops.
    const peer = new zmq.Dealer({ linger: 0 });
    peer.connect(socket.lastEndpoint!);
    await peer.send('hello');
    await socket.receive();
    await unbindAll(socket, [socket.lastEndpoint!]);
    socket.close();
    assert.equal(await portIsFree(port), true, `round ${i}`);
    peer.close();
  }
});

test('several endpoints are all let go; one that cannot be unbound does not hold the rest up', async () => {
  const ports = [await freePort(), await freePort()];
  const socket = new zmq.Router({ linger: 0 });
  for (const port of ports) await socket.bind(`tcp://127.0.0.1:${port}`);
  await unbindAll(socket, [...ports.map((port) => `tcp://127.0.0.1:${port}`), 'tcp://127.0.0.1:1']);
  socket.close();
  for (const port of ports) assert.equal(await portIsFree(port), true);
});
