// Closing an actor never terminates its worker thread from outside: zeromq.js
// can abort the whole process when a thread with open sockets is torn down.
// The worker closes its sockets itself and its thread runs out. Checked over
// many close cycles with connections open and requests in transit: by
// counting calls to Worker#terminate, by each close resolving only on a
// clean exit (code 0), and by this process surviving them all.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import * as zmq from 'zeromq';
import { createReceiverActor } from '../../electron/engine/actors/receiverActor.js';
import { createSenderActor } from '../../electron/engine/actors/senderActor.js';
import { randomFile } from '../support/files.js';
import { codeOf, RawPeer } from '../support/rawPeer.js';
import { freePort, portIsFree } from '../support/ports.js';
import { tempDir } from '../support/tmp.js';

let terminations = 0;
const terminate = Worker.prototype.terminate;
before(() => {
  Worker.prototype.terminate = function (this: Worker) {
    terminations++;
    return terminate.call(this);
  };
});
after(() => {
  Worker.prototype.terminate = terminate;
});

test('receiver and sender close cleanly, many times, with transfers in transit both ways', async () => {
  const port = await freePort();
  const endpoint = `tcp://127.0.0.1:${port}`;
  const source = await randomFile(path.join(await tempDir('zd-src'), 'moving.bin'), 8 * 1024 * 1024);
  for (let cycle = 0; cycle < 10; cycle++) {
    const receiver = createReceiverActor();
    const sender = createSenderActor();
    // The same port every cycle: a receiver left bound by the last one would make this fail.
    await receiver.start({ dir: await tempDir('zd-recv'), bind: [endpoint] });
    const peer = new RawPeer(endpoint);
    assert.equal(codeOf(await peer.request('HELLO', 'held.bin')), 'READY');
    const started = new Promise<void>((resolve) => sender.onProgress((files) => files.some((f) => f.bytes > 0) && resolve()));
    await sender.send(endpoint, [source], { chunkBytes: 64 * 1024, window: 1 });
    await started;
    // Closed mid-transfer: the sender first (its CLOSE aborts the file), then the receiver.
    await sender.close();
    await receiver.close();
    peer.close();
    assert.equal(await portIsFree(port), true, `cycle ${cycle}: the port is free once the receiver is closed`);
  }
  assert.equal(terminations, 0, 'no worker was terminated');
});

test('a receiver closed while a start is still under way ends stopped, its port free', async () => {
  const port = await freePort();
  for (let cycle = 0; cycle < 5; cycle++) {
    const receiver = createReceiverActor();
    const starting = receiver.start({ dir: await tempDir('zd-recv'), bind: [`tcp://127.0.0.1:${port}`] });
    await receiver.close();
    await starting.catch(() => undefined);
    assert.equal(await portIsFree(port), true, `cycle ${cycle}`);
  }
  assert.equal(terminations, 0);
});

test('a receiver stopped as its peers hang up, 150 times, does not abort the process', async () => {
  // How libzmq's own unbind aborted it (see util/portsFree.ts): stops
  // right behind peers that closed, with transfers done on each connection.
  const receiver = createReceiverActor();
  const dir = await tempDir('zd-recv');
  for (let cycle = 0; cycle < 150; cycle++) {
    const status = await receiver.start({ dir, bind: ['tcp://127.0.0.1:0'] });
    const peer = new RawPeer(status.endpoints[0]!);
    assert.deepEqual((await peer.pipeline([['HELLO', `f${cycle}`], ['CLOSE', `f${cycle}`, '0']])).map(codeOf), ['READY', 'READY']);
    peer.close();
    await receiver.stop();
  }
  await receiver.close();
});

test('a sender closed while its peer never answers still closes its socket and ends', async () => {
  const silent = new zmq.Router({ linger: 0 });
  after(() => silent.close());
  await silent.bind('tcp://127.0.0.1:0');
  const source = await randomFile(path.join(await tempDir('zd-src'), 'unanswered.bin'), 1024 * 1024);
  const sender = createSenderActor();
  await sender.send(silent.lastEndpoint!, [source], { replyTimeoutMs: 600_000 });
  // The request reaching the peer is what puts the socket in use.
  await silent.receive();
  await sender.close();
  assert.equal(terminations, 0);
});

test('calls after close are refused, not left hanging', async () => {
  const receiver = createReceiverActor();
  await receiver.close();
  await assert.rejects(receiver.files(), /the engine worker (stopped|is shutting down)/);
});
