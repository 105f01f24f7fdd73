// Ceiling (a): the same bytes as a raw zeromq.js PUSH → PULL stream between
// two processes, with no protocol and no disk.
//   pull ENDPOINT BYTES   binds, prints "ready", then the time the last byte came
//   push ENDPOINT BYTES CHUNK   connects and streams, prints the start time
import * as zmq from 'zeromq';

const [mode, endpoint, bytesText, chunkText] = process.argv.slice(2);
const total = Number(bytesText);

if (mode === 'pull') {
  const pull = new zmq.Pull({ receiveHighWaterMark: 16 });
  await pull.bind(endpoint!);
  process.stdout.write('ready\n');
  let received = 0;
  for await (const [frame] of pull) {
    received += frame!.length;
    if (received >= total) break;
  }
  process.stdout.write(`${Date.now()}\n`);
  pull.close();
} else {
  const chunk = Buffer.alloc(Number(chunkText), 7);
  const push = new zmq.Push({ sendHighWaterMark: 16, linger: 5_000 });
  push.connect(endpoint!);
  process.stdout.write(`${Date.now()}\n`);
  for (let sent = 0; sent < total; sent += chunk.length) await push.send(chunk.subarray(0, Math.min(chunk.length, total - sent)));
  push.close();
}
