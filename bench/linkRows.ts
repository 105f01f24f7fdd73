// ZeroDrop over a rate-limited link (bench/link.ts) against iperf3 on the same
// link in the same rounds: a large file at 1 Gbit/s (a LAN) and at 100 Mbit/s
// (Wi-Fi), and 1,000 small files at 1 Gbit/s against the same files over
// loopback (the link must add no round trip per file). Into tmpfs, so that
// the disk's swings do not hide the link's.
import path from 'node:path';
import { LOOPBACK, send, type Place } from './cliRuns.js';
import { intoTmpfs, noted, notedReceiver, sizeText, zerodrop, type Bench } from './context.js';
import { iperfSeconds, linkUnavailable, openLink, type Link } from './link.js';
import { interleaved, mbps, mbText, median, seconds, spread, times } from './rounds.js';

/** The small files sent by a new sender to a new receiver, the receiver on `to`. */
async function smallAcross(bench: Bench, smallDir: string, dir: string, from: Place, to: Place): Promise<number> {
  const what = `small files → ${to.netns ?? 'loopback'}`;
  const receiver = await notedReceiver(bench, dir, what, to);
  try {
    return (await noted(bench, what, () => send(receiver.endpoint, [smallDir], from))).seconds;
  } finally {
    await receiver.stop();
  }
}

export async function linkRows(bench: Bench, runs: number, files: { lan: string; lanBytes: number; wifi: string; wifiBytes: number; smallDir: string }): Promise<void> {
  const unavailable = await linkUnavailable();
  if (unavailable) {
    bench.table.row('veth + tbf links (1 Gbit/s, 100 Mbit/s) vs iperf3', 'skipped', unavailable, '', '', null);
    return;
  }
  const links: Link[] = [];
  try {
    const lan = await openLink(1000);
    links.push(lan);
    const wifi = await openLink(100);
    links.push(wifi);
    const shm = bench.shm!;
    const rounds = await interleaved(
      'links',
      runs,
      {
        lanIperf: () => iperfSeconds(lan, files.lanBytes),
        lan: () => intoTmpfs(path.join(shm, 'lan'), (dir) => zerodrop(bench, [files.lan], dir, lan.from, lan.to)),
        wifiIperf: () => iperfSeconds(wifi, files.wifiBytes),
        wifi: () => intoTmpfs(path.join(shm, 'wifi'), (dir) => zerodrop(bench, [files.wifi], dir, wifi.from, wifi.to)),
        smallLoopback: () => intoTmpfs(path.join(shm, 'small-lo'), (dir) => smallAcross(bench, files.smallDir, dir, LOOPBACK, LOOPBACK)),
        smallLan: () => intoTmpfs(path.join(shm, 'small-lan'), (dir) => smallAcross(bench, files.smallDir, dir, lan.from, lan.to)),
      },
      (r) => `1 Gbit/s iperf3 ${seconds(r.lanIperf)} s, ZeroDrop ${seconds(r.lan.seconds)} s; 100 Mbit/s iperf3 ${seconds(r.wifiIperf)} s, ZeroDrop ${seconds(r.wifi.seconds)} s; small files loopback ${seconds(r.smallLoopback)} s, 1 Gbit/s ${seconds(r.smallLan)} s`,
    );
    for (const [name, bytes, iperf, ours] of [
      [`${sizeText(files.lanBytes)} over 1 Gbit/s (veth + tbf)`, files.lanBytes, rounds.map((r) => r.lanIperf), rounds.map((r) => r.lan.seconds)],
      [`${sizeText(files.wifiBytes)} over 100 Mbit/s (veth + tbf)`, files.wifiBytes, rounds.map((r) => r.wifiIperf), rounds.map((r) => r.wifi.seconds)],
    ] as const) {
      const ratios = ours.map((o, i) => iperf[i]! / o);
      bench.table.row(name, spread(ours.map((o) => mbps(bytes, o)), mbText), `iperf3 ${spread(iperf.map((s) => mbps(bytes, s)), mbText)}`, spread(ratios, times), '≥ 0.95×', median(ratios) >= 0.95);
    }
    const slower = rounds.map((r) => r.smallLan / r.smallLoopback);
    bench.table.row(
      '1,000 × 64 KiB files over 1 Gbit/s, time vs loopback',
      `${spread(rounds.map((r) => r.smallLan), seconds)} s`,
      `loopback ${spread(rounds.map((r) => r.smallLoopback), seconds)} s`,
      spread(slower, times),
      '≤ 1.30×',
      median(slower) <= 1.3,
    );
  } finally {
    for (const link of links) await link.close();
  }
}
