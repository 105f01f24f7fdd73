// `zerodrop send`: send files and folders, and say how each one ended.
import { parseArgs } from 'node:util';
import { definedOnly } from '../../shared/definedOnly.js';
import { normalizeEndpoint } from '../../shared/format.js';
import { safeText } from '../../shared/safeText.js';
import { CHECKSUM_ALGOS, type ChecksumAlgo } from '../../shared/protocol.js';
import type { FileProgress, SendOptions } from '../../shared/transfer.js';
import { createSenderActor } from '../engine/actors/senderActor.js';
import { startBulkActor } from '../host/threadPriority.js';
import { bytesOption, countOption, untilSignal, UsageError } from './args.js';
import { outputMode, ProgressView } from './progressView.js';
import { resourceStats } from './resources.js';

export const SEND_USAGE = `zerodrop send ENDPOINT PATH… [--chunk BYTES] [--window N] [--files N]
                 [--checksum crc32|sha1|sha256] [--timeout-ms N] [--json]
  Sends files and folders (a folder keeps its structure) to a receiver.
  ENDPOINT: tcp://host:port, host:port or host (port 5670).`;

export async function runSend(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      chunk: { type: 'string' },
      window: { type: 'string' },
      files: { type: 'string' },
      checksum: { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const [target, ...paths] = positionals;
  if (!target || paths.length === 0) throw new UsageError('send needs an endpoint and at least one file or folder');
  if (values.checksum !== undefined && !CHECKSUM_ALGOS.includes(values.checksum as ChecksumAlgo)) {
    throw new UsageError(`--checksum is one of ${CHECKSUM_ALGOS.join(', ')}, not ${JSON.stringify(values.checksum)}`);
  }
  const options: Partial<SendOptions> = definedOnly({
    chunkBytes: bytesOption('chunk', values.chunk),
    window: countOption('window', values.window),
    files: countOption('files', values.files),
    checksum: values.checksum as ChecksumAlgo | undefined,
    replyTimeoutMs: countOption('timeout-ms', values['timeout-ms']),
  });
  const endpoint = normalizeEndpoint(target);
  const view = new ProgressView(outputMode(values.json));
  // Its threads at the app's lower priority: the host's event loop comes first.
  const actor = await startBulkActor(createSenderActor, (a) => a.files());
  const latest = new Map<string, FileProgress>();
  actor.onProgress((files) => {
    for (const file of files) latest.set(file.id, file);
    view.update(files);
  });
  let result;
  try {
    result = await actor.send(endpoint, paths, options);
  } catch (err) {
    await actor.close();
    view.stop();
    process.stderr.write(`zerodrop: ${(err as Error).message}\n`);
    return 1;
  }
  for (const skip of result.skipped) {
    view.event({ event: 'skipped', ...skip });
    view.info(`✗ ${safeText(skip.path)} — ${safeText(skip.reason)}`);
  }
  const outcome = await Promise.race([actor.idle().then(() => null), untilSignal()]);
  await actor.close();
  view.stop();
  const total = latest.size + result.skipped.length;
  const sent = [...latest.values()].filter((f) => f.status === 'done').length;
  const failed = total - sent;
  view.event({ event: 'summary', sent, failed, ...resourceStats(), ...(outcome ? { signal: outcome } : {}) });
  if (outcome) return 130;
  const summary = `${sent} of ${total} files sent to ${endpoint}`;
  view.info(failed === 0 ? summary : `${summary}; ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
