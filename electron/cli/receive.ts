// `zerodrop receive`: listen and store what arrives, until stopped.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { definedOnly } from '../../shared/definedOnly.js';
import { DEFAULT_PORT } from '../../shared/protocol.js';
import { createReceiverActor } from '../engine/actors/receiverActor.js';
import { safeText } from '../../shared/safeText.js';
import { ACCEPT_POLICIES, type AcceptPolicy } from '../../shared/trust.js';
import { bytesOption, configDirOf, countOption, hoursOption, untilSignal, UsageError } from './args.js';
import { answerOffers } from './consentPrompt.js';

const ACCEPT_WORDS: Record<AcceptPolicy, string> = { anyone: 'anyone who can reach it', known: 'known devices only', ask: 'asking about each batch' };
import { outputMode, ProgressView } from './progressView.js';
import { withHistory } from './recordHistory.js';
import { resourceStats, watchLoop } from './resources.js';
import { startLowered } from '../host/threadPriority.js';

export const RECEIVE_USAGE = `zerodrop receive [--dir DIR] [--bind ENDPOINT]… [--idle-ms N] [--max-chunk BYTES]
                 [--max-per-sender N] [--max-transfers N] [--config-dir DIR]
                 [--accept anyone|known|ask] [--ask-timeout-ms N] [--plain]
                 [--keep-partials HOURS] [--partials-budget BYTES] [--json]
  Stores files sent to this machine in DIR (default: the current folder), and
  records each batch in the history of the app's data folder (--config-dir).
  --bind defaults to tcp://*:${DEFAULT_PORT}; give it more than once for several endpoints.
  Encrypted by default: senders reach this device at the --bind host and port
  (which answers plain senders with "denied" and tells ZeroDrop senders the
  encrypted port, the next one up) and verify its key; the addresses printed
  (and the --json "listening" event's "addresses") carry the key.
  --accept: who may send. anyone; known (devices in \`zerodrop trust\`, the
  default without a terminal; others are refused before their handshake
  completes); ask (the default on a terminal: each batch is asked about; an
  answer is o/once, a/always, d/decline or b/block, typed, or one per line
  on standard input). --ask-timeout-ms: how long a question waits (60000).
  --config-dir: this device's key, trust file and history (default: the app's data folder).
  --plain: serve plain PROTOCOL.md v1 to anyone, unencrypted (--accept does not apply).
  An encrypted transfer that is interrupted is kept, hidden, for its device to
  resume (\`zerodrop partials\` lists them): for --keep-partials hours (24) and
  within --partials-budget bytes (64GiB), oldest removed first.
  --json events: listening, asked, answered, unanswered (a question that
  ended without an answer: declined), progress (one per file that changed),
  stopped (with cpuSeconds, peakRssBytes, and loopDelayP99Ms and
  loopDelayMaxMs: the event loop's delay beyond its 10 ms sampling, from when
  receiving began). Exit 0 once stopped (Ctrl+C); 1 when it cannot start.`;

export async function runReceive(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      bind: { type: 'string', multiple: true },
      'idle-ms': { type: 'string' },
      'max-chunk': { type: 'string' },
      'max-per-sender': { type: 'string' },
      'max-transfers': { type: 'string' },
      'config-dir': { type: 'string' },
      accept: { type: 'string' },
      'ask-timeout-ms': { type: 'string' },
      plain: { type: 'boolean', default: false },
      'keep-partials': { type: 'string' },
      'partials-budget': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const limits = definedOnly({
    idleMs: countOption('idle-ms', values['idle-ms']),
    maxChunkBytes: bytesOption('max-chunk', values['max-chunk']),
    maxTransfersPerSender: countOption('max-per-sender', values['max-per-sender']),
    maxTransfers: countOption('max-transfers', values['max-transfers']),
  });
  if (values.accept !== undefined && !(ACCEPT_POLICIES as readonly string[]).includes(values.accept)) {
    throw new UsageError(`--accept is one of ${ACCEPT_POLICIES.join(', ')}, not ${JSON.stringify(values.accept)}`);
  }
  const accept = (values.accept as AcceptPolicy | undefined) ?? (process.stdin.isTTY ? 'ask' : 'known');
  const askTimeoutMs = countOption('ask-timeout-ms', values['ask-timeout-ms']);
  const partials = definedOnly({ keepMs: hoursOption('keep-partials', values['keep-partials']), budgetBytes: bytesOption('partials-budget', values['partials-budget']) });
  const configDir = configDirOf(values['config-dir']);
  const view = new ProgressView(outputMode(values.json));
  watchLoop();
  // Listened for from the start: a signal that comes as soon as the first
  // lines are out must stop this gracefully, not end the process mid-step.
  const signalled = untilSignal();
  // Its engine runs as in the app, below the thread that reports progress.
  const [actor] = await startLowered(() => [withHistory(createReceiverActor(), configDir)] as const);
  actor.onProgress((files) => view.update(files));
  const stopAnswering = !values.plain && accept === 'ask' ? answerOffers(actor, (line) => view.info(line), (e) => view.event(e)) : () => undefined;
  const dir = path.resolve(values.dir ?? '.');
  try {
    const status = await actor.start({
      dir,
      bind: values.bind ?? [`tcp://*:${DEFAULT_PORT}`],
      limits,
      ...(values.plain ? {} : { security: { configDir, accept, acceptPlain: false, partials, ...definedOnly({ askTimeoutMs }) } }),
    });
    view.event({ event: 'listening', ...status });
    view.info(`Receiving into ${status.dir}`);
    if (status.encryption) {
      const { name, fingerprint } = status.encryption;
      view.info(`Encrypted. This device: ${safeText(name)}, fingerprint ${fingerprint}. Accepting: ${ACCEPT_WORDS[accept]}.`);
    } else {
      view.info(`UNENCRYPTED (--plain): anyone on the network can read what is sent and send files here.${values.accept ? ' --accept does not apply.' : ''}`);
    }
    // The encrypted port is found by senders through the --bind one; a firewall needs both.
    const securePorts = status.encryption ? ` (encrypted transfers on ${status.encryption.endpoints.join(', ')})` : '';
    view.info(`Listening on ${status.endpoints.join(', ')}${securePorts}; a sender can use:`);
    for (const address of status.addresses) view.info(`  ${address}`);
    view.info('Press Ctrl+C to stop.');
  } catch (err) {
    stopAnswering();
    view.stop();
    process.stderr.write(`zerodrop: ${(err as Error).message}\n`);
    await actor.close();
    return 1;
  }
  const signal = await signalled;
  stopAnswering();
  // Stopping aborts transfers in transit and removes their partial data.
  await actor.close();
  view.stop();
  view.event({ event: 'stopped', signal, ...view.outcomes, ...resourceStats() });
  return 0;
}
