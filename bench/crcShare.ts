// The checksum's share of a transfer's CPU, for the choice made in the
// installers issue: the runtime's own zlib.crc32 (packages everywhere) or
// @node-rs/crc32 (faster alone, but a native binary per OS). Switching back
// could save at most the difference, on both sides, of what a transfer spends
// on crc32; that is measured here in the same run as the transfer.
import { crc32 as zlibCrc32 } from 'node:zlib';

type Crc = (data: Uint8Array, initial?: number) => number;

/** CPU seconds `crc` takes over `bytes` bytes, in the transfer's 128 KiB reads. */
function cpuSeconds(crc: Crc, bytes: number): number {
  const piece = Buffer.alloc(128 * 1024, 7);
  const since = process.cpuUsage();
  let value = 0;
  for (let done = 0; done < bytes; done += piece.length) value = crc(piece, value);
  const { user, system } = process.cpuUsage(since);
  if (value === 0.5) throw new Error('unreachable: keeps the loop from being dropped');
  return (user + system) / 1e6;
}

/** @node-rs/crc32 if this checkout still has it (it left package.json), or null. */
async function nodeRsCrc32(): Promise<Crc | null> {
  try {
    const name = '@node-rs/crc32';
    const module = (await import(name)) as { crc32: Crc };
    return module.crc32;
  } catch {
    return null;
  }
}

export interface CrcShare {
  /** CPU seconds of crc32 over the bytes, on both sides. */
  zlib: number;
  nodeRs: number | null;
}

/** Both sides' crc32 CPU for `bytes` bytes, each implementation timed alone (median of 3). */
export async function crcCpu(bytes: number): Promise<CrcShare> {
  const median3 = (crc: Crc) => [0, 1, 2].map(() => 2 * cpuSeconds(crc, bytes)).sort((a, b) => a - b)[1]!;
  const nodeRs = await nodeRsCrc32();
  return { zlib: median3(zlibCrc32), nodeRs: nodeRs ? median3(nodeRs) : null };
}
