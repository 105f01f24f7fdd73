// Property: however a file is cut into chunks, and in whatever order the
// chunks arrive, the receiver stores exactly the file.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { digestHex } from '../../electron/engine/protocol/checksum.js';
import { codeOf, RawPeer, type Frame } from '../support/rawPeer.js';
import { startReceiver } from '../support/receiver.js';

test('random chunkings sent in random order reassemble exactly', async () => {
  const { endpoint, dir } = await startReceiver();
  const peer = new RawPeer(endpoint);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 200_000 }),
      fc.array(fc.integer({ min: 1, max: 40_000 }), { minLength: 1, maxLength: 20 }),
      fc.infiniteStream(fc.nat()),
      fc.constantFrom('crc32', 'sha1', 'sha256' as const),
      async (size, lengths, random, algo) => {
        const data = randomBytes(size);
        const name = `dir${n % 3}/file${n++}.bin`;
        const chunks: Frame[][] = [];
        for (let offset = 0, i = 0; offset < size; i++) {
          const length = Math.min(lengths[i % lengths.length]!, size - offset);
          const part = data.subarray(offset, offset + length);
          chunks.push(['CHUNK', name, String(offset), String(length), `${algo}:${digestHex(algo, part)}`, part]);
          offset += length;
        }
        const shuffled = chunks.map((c) => [random.next().value, c] as const).sort((a, b) => a[0] - b[0]).map(([, c]) => c);
        const replies = [await peer.request('HELLO', name)];
        // The receiver holds at most 64 chunks of a transfer in transit (§8).
        for (let i = 0; i < shuffled.length; i += 64) replies.push(...(await peer.pipeline(shuffled.slice(i, i + 64))));
        replies.push(await peer.request('CLOSE', name, String(size)));
        assert.deepEqual(replies.map(codeOf), replies.map(() => 'READY'));
        assert.ok((await readFile(path.join(dir, name))).equals(data));
      },
    ),
    { numRuns: 60 },
  );
});
