// `zerodrop receive`: listen and store what arrives, until stopped.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { definedOnly } from '../../shared/definedOnly.js';
import { DEFAULT_PORT } from '../../shared/protocol.js';
import { createReceiverActor } from '../engine/actors/receiverActor.js';
import { startBulkActor } from '../host/threadPriority.js';
import { bytesOption, countOption, untilSignal } from './args.js';
import { outputMode, ProgressView } from './progressView.js';
import { resourceStats } from './resources.js';

export const RECEIVE_USAGE = `zerodrop receive [--dir DIR] [--bind ENDPOINT]… [--idle-ms N] [--max-chunk BYTES]
                 [--max-per-sender N] [--max-transfers N] [--json]
  Stores files sent to this machine in DIR (default: the current folder).
  --bind defaults to tcp://*:${DEFAULT_PORT}; give it more than once for several endpoints.`;

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
  const view = new ProgressView(outputMode(values.json));
  // Its threads at the app's lower priority: the host's event loop comes first.
  const actor = await startBulkActor(createReceiverActor, (a) => a.files());
  actor.onProgress((files) => view.update(files));
  const dir = path.resolve(values.dir ?? '.');
  try {
    const status = await actor.start({
      dir,
      bind: values.bind ?? [`tcp://*:${DEFAULT_PORT}`],
      limits,
    });
    view.event({ event: 'listening', ...status });
    view.info(`Receiving into ${status.dir}`);
    view.info(`Listening on ${status.endpoints.join(', ')}; a sender can use:`);
    for (const address of status.addresses) view.info(`  ${address}`);
    view.info('Press Ctrl+C to stop.');
  } catch (err) {
    view.stop();
    process.stderr.write(`zerodrop: ${(err as Error).message}\n`);
    await actor.close();
    return 1;
  }
  const signal = await untilSignal();
  // Stopping aborts transfers in transit and removes their partial data.
  await actor.close();
  view.stop();
  view.event({ event: 'stopped', signal, ...view.outcomes, ...resourceStats() });
  return 0;
}
