import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as zmq from 'zeromq';
import { untilPortsFree } from '../../electron/engine/util/portsFree.js';
import { freePort, portIsFree } from '../support/ports.js';

test('once untilPortsFree resolves after a close, the port can be bound, every time', async () => {
  const port = await freePort();
  for (let i = 0; i < 50; i++) {
    const socket = new zmq.Router({ linger: 0 });
    await socket.bind(`tcp://127.0.0.1:${port}`);
    // A connection in use, as a receiver has when it stops.
    const peer = new zmq.Dealer({ linger: 0 });
    peer.connect(socket.lastEndpoint!);
    await peer.send('hello');
    await socket.receive();
    socket.close();
    await untilPortsFree([`tcp://127.0.0.1:${port}`]);
    assert.equal(await portIsFree(port), true, `round ${i}`);
    peer.close();
  }
});

test('endpoints without a port, or on an address this machine lacks, are not waited for', async () => {
  // With ten minutes' patience, only not waiting at all ends this within the test's time.
  await untilPortsFree(['ipc:///tmp/zd-none', 'inproc://none', 'tcp://192.0.2.1:5670'], 600_000);
});
