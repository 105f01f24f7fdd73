// Closing a ZeroMQ socket returns before libzmq's I/O thread has closed its
// listening sockets, so a port stays taken for a moment after a receiver
// stops: rebinding it at once failed with "address in use" in 4 of 5 tries
// (measured on loopback). That is a receiver restarted on its own port, or
// a stop that says the port is free while it is not.
//
// Asking libzmq is not safe: unbinding first (zmq_unbind) while peers hang
// up aborts the process in libzmq 4.3.5 (pipe.cpp:355; measured in 7 of 10
// runs of 150 stops under load), and libzmq has known races between a
// socket monitor and closing. So the port itself is asked: a listener is
// bound to it, and closed again, until that succeeds.
import { createServer } from 'node:net';

const RETRY_MS = 5;

/** Resolves once every TCP port in `endpoints` (as bound, e.g. tcp://0.0.0.0:5670) can be bound again, or after `patienceMs`. */
export async function untilPortsFree(endpoints: readonly string[], patienceMs = 2_000): Promise<void> {
  const deadline = Date.now() + patienceMs;
  for (const endpoint of endpoints) {
    const tcp = /^tcp:\/\/\[?([^\]]+)\]?:(\d+)$/.exec(endpoint);
    if (!tcp) continue; // ipc and inproc endpoints hold no port
    while ((await bindable(tcp[1]!, Number(tcp[2]))) === 'in use' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

/** Whether a listener can take host:port now ('other' for any reason but the port being in use). */
function bindable(host: string, port: number): Promise<'free' | 'in use' | 'other'> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' ? 'in use' : 'other'));
    probe.listen(port, host, () => probe.close(() => resolve('free')));
  });
}
