// Ceiling (a): the same bytes as a raw zeromq.js PUSH → PULL stream between
// two processes, with no protocol and no disk; with CURVE, the encrypted
// path's own ceiling (libzmq encrypts in its I/O thread, as for a transfer).
//   pull ENDPOINT BYTES [curve]   binds, prints "ready" (and with curve its public key), then the time the last byte came and the CPU seconds it used
//   push ENDPOINT BYTES CHUNK [SERVERKEY]   connects (with CURVE to SERVERKEY if given), prints the start time, streams, then prints the CPU seconds it used
import * as zmq from 'zeromq';

const [mode, endpoint, bytesText, chunkText] = process.argv.slice(2);
const curve = process.argv[6];
const total = Number(bytesText);
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
};

if (mode === 'pull') {
  // Here `chunkText` holds the "curve" switch.
  const keys = chunkText === 'curve' ? zmq.curveKeyPair() : null;
  const pull = new zmq.Pull({ receiveHighWaterMark: 16, ...(keys && { curveServer: true, curveSecretKey: keys.secretKey }) });
  await pull.bind(endpoint!);
  process.stdout.write(`ready ${keys?.publicKey ?? ''}\n`);
  const cpu = process.cpuUsage();
  let received = 0;
  for await (const [frame] of pull) {
    received += frame!.length;
    if (received >= total) break;
  }
  process.stdout.write(`${Date.now()}\n${cpuSeconds(cpu)}\n`);
  pull.close();
} else {
  const chunk = Buffer.alloc(Number(chunkText), 7);
  const keys = curve ? zmq.curveKeyPair() : null;
  const push = new zmq.Push({ sendHighWaterMark: 16, linger: 5_000, ...(keys && { curveServerKey: curve, curvePublicKey: keys.publicKey, curveSecretKey: keys.secretKey }) });
  push.connect(endpoint!);
  const cpu = process.cpuUsage();
  process.stdout.write(`${Date.now()}\n`);
  for (let sent = 0; sent < total; sent += chunk.length) await push.send(chunk.subarray(0, Math.min(chunk.length, total - sent)));
  push.close();
  process.stdout.write(`${cpuSeconds(cpu)}\n`);
}
