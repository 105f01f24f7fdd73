// `zerodrop send`: send files and folders, and say how each one ended.
import { parseArgs } from 'node:util';
import { definedOnly } from '../../shared/definedOnly.js';
import { parsePeerAddress } from '../../shared/peerAddress.js';
import { safeText } from '../../shared/safeText.js';
import { CHECKSUM_ALGOS, type ChecksumAlgo } from '../../shared/protocol.js';
import type { FileProgress, SendOptions } from '../../shared/transfer.js';
import { createSenderActor } from '../engine/actors/senderActor.js';
import { bytesOption, configDirOf, countOption, untilSignal, UsageError } from './args.js';
import { exitCodeFor, SEND_EXIT_HELP, sendTrust } from './sendTrust.js';
import { outputMode, ProgressView } from './progressView.js';
import { withHistory } from './recordHistory.js';
import { resourceStats, watchLoop } from './resources.js';
import { startLowered } from '../host/threadPriority.js';

export const SEND_USAGE = `zerodrop send ADDRESS PATH… [--chunk BYTES] [--window N] [--files N]
                 [--checksum crc32|sha1|sha256] [--timeout-ms N] [--config-dir DIR]
                 [--expect FINGERPRINT] [--plain] [--fresh] [--json]
  Sends files and folders (a folder keeps its structure) to a receiver, as one batch.
  ADDRESS: KEY@host:port as the receiver prints it (its key is verified), or
  host:port, tcp://host:port or host (port 5670): then the receiver's key is
  learned on first contact and pinned for that address (on a terminal you are
  shown its fingerprint and asked first); a later different key is refused.
  Encrypted by default. --expect: the receiver's fingerprint, verified.
  --plain: plain PROTOCOL.md v1, UNENCRYPTED, to any v1 receiver.
  Encrypted, a file the receiver holds part of (an earlier attempt was
  interrupted) is resumed: only what is missing goes. --fresh sends it whole.
  --config-dir: this device's key, pins and history, where the batch is
  recorded (default: the app's data folder).
  --json events: receiver, progress (one per file that changed, with
  receiver, waiting, sentBytes, resumedBytes), skipped, summary (with cpuSeconds, peakRssBytes, and
  loopDelayP99Ms and loopDelayMaxMs: the event loop's delay beyond its
  10 ms sampling, from when sending began).
  ${SEND_EXIT_HELP}`;

export async function runSend(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      chunk: { type: 'string' },
      window: { type: 'string' },
      files: { type: 'string' },
      checksum: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'config-dir': { type: 'string' },
      expect: { type: 'string' },
      plain: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
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
  const address = parsePeerAddress(target);
  if ('error' in address) throw new UsageError(address.error);
  const endpoint = address.endpoint;
  const view = new ProgressView(outputMode(values.json));
  const configDir = configDirOf(values['config-dir']);
  const trust = await sendTrust(target, { plain: values.plain, expect: values.expect, configDir }, (line) => view.info(line));
  if ('refused' in trust) {
    view.stop();
    process.stderr.write(`zerodrop: not sent: ${trust.refused}\n`);
    return trust.exitCode;
  }
  if (trust.plain) view.info('UNENCRYPTED (--plain): anyone on the network can read what is sent.');
  watchLoop();
  // Listened for from the start: a signal that comes as soon as the first
  // lines are out must stop this gracefully, not end the process mid-step.
  const signalled = untilSignal();
  // Its engine runs as in the app, below the thread that reports progress.
  const [actor] = await startLowered(() => [withHistory(createSenderActor(), configDir)] as const);
  const latest = new Map<string, FileProgress>();
  let told = false;
  actor.onProgress((files) => {
    for (const file of files) latest.set(file.id, file);
    const receiver = files.find((f) => f.receiver)?.receiver;
    // A plain send said UNENCRYPTED when it began: no receiver event for it.
    if (receiver && !told && !trust.plain) {
      told = true;
      view.event({ event: 'receiver', ...receiver });
      view.info(receiverWords(receiver));
    }
    view.update(files);
  });
  let result;
  try {
    result = await actor.send(target, paths, options, values.fresh ? { ...trust, fresh: true } : trust);
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
  const outcome = await Promise.race([actor.idle().then(() => null), signalled]);
  await actor.close();
  view.stop();
  const total = latest.size + result.skipped.length;
  const sent = [...latest.values()].filter((f) => f.status === 'done').length;
  const failed = total - sent;
  view.event({ event: 'summary', sent, failed, ...resourceStats(), ...(outcome ? { signal: outcome } : {}) });
  if (outcome) return 130;
  const summary = `${sent} of ${total} files sent to ${endpoint}`;
  view.info(failed === 0 ? summary : `${summary}; ${failed} failed`);
  return failed === 0 ? 0 : (exitCodeFor([...latest.values()]) ?? 1);
}

function receiverWords(receiver: NonNullable<FileProgress['receiver']>): string {
  const who = `${safeText(receiver.name ?? 'the receiver')} (fingerprint ${receiver.fingerprint})`;
  switch (receiver.trust) {
    case 'first-contact':
      return `Encrypted to ${who}: first contact; its key is now pinned for this address.`;
    case 'pinned':
      return `Encrypted to ${who}: the key pinned for this address.`;
    case 'verified':
      return `Encrypted to ${who}: key verified.`;
    case 'unencrypted':
      return 'UNENCRYPTED (plain v1).';
  }
}
