// A real link for the bench: two network namespaces joined by a veth pair,
// each end rate-limited by a token bucket (tc tbf; netem does not work on
// this kernel), standing in for a LAN or Wi-Fi. Needs root; iperf3 on the
// same link is the ceiling.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { freshPort, type Place } from './cliRuns.js';

const run = promisify(execFile);

export interface Link {
  from: Place;
  to: Place;
  close(): Promise<void>;
}

/** Why links cannot be made here, or null when they can. */
export async function linkUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces and tc)';
  for (const tool of ['ip', 'tc', 'iperf3']) {
    if (await run('sh', ['-c', `command -v ${tool}`]).then(() => false, () => true)) return `${tool} is not installed${tool === 'iperf3' ? ' (apt-get install iperf3)' : ''}`;
  }
  return null;
}

let made = 0;

/** Opens a link of `mbit` Mbit/s each way; close() removes it. */
export async function openLink(mbit: number): Promise<Link> {
  const tag = `zd${process.pid % 100_000}x${made++}`;
  const [a, b] = [`${tag}a`, `${tag}b`];
  const ip = (...args: string[]) => run('ip', args);
  await ip('netns', 'add', a);
  await ip('netns', 'add', b);
  // Never throws (a spawn can fail at once): an error that brought us here stays the one reported.
  const close = async () => {
    for (const ns of [a, b]) await (async () => ip('netns', 'del', ns))().catch(() => undefined);
  };
  try {
    await ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b);
    // The bucket holds 4 ms of traffic (at least 64 KiB), as a switch port's buffer would.
    const burst = Math.max(64 * 1024, Math.round((mbit * 1e6) / 8 / 250));
    for (const [ns, address] of [[a, '10.77.0.1'], [b, '10.77.0.2']] as const) {
      await ip('link', 'set', ns, 'netns', ns);
      await ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', ns);
      await ip('-n', ns, 'link', 'set', ns, 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      await run('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', ns, 'root', 'tbf', 'rate', `${mbit}mbit`, 'burst', String(burst), 'latency', '50ms']);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { from: { netns: a, host: '10.77.0.1' }, to: { netns: b, host: '10.77.0.2' }, close };
}

/** Seconds iperf3 takes to move `bytes` over the link (one TCP stream), as its receiver counts. */
export async function iperfSeconds(link: Link, bytes: number): Promise<number> {
  const port = String(freshPort());
  const server = spawn('ip', ['netns', 'exec', link.to.netns!, 'iperf3', '-s', '-1', '-p', port], { stdio: 'ignore' });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const { stdout } = await run('ip', ['netns', 'exec', link.from.netns!, 'iperf3', '-c', link.to.host, '-p', port, '-n', String(bytes), '-J']);
        const received = (JSON.parse(stdout) as { end: { sum_received: { bytes: number; bits_per_second: number } } }).end.sum_received;
        return (received.bytes * 8) / received.bits_per_second;
      } catch (err) {
        // The server may not be listening yet.
        if (attempt === 20) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    if (server.exitCode === null) {
      server.kill();
      await once(server, 'exit');
    }
  }
}
