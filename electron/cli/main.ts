// The `zerodrop` command: receive, send, list the history, or serve the UI.
import { readFileSync } from 'node:fs';
import { IdentityError } from '../engine/trust/deviceIdentity.js';
import { TrustError } from '../engine/trust/trustStore.js';
import { CommandError, UsageError } from './args.js';
import { HISTORY_USAGE, runHistory } from './history.js';
import { PARTIALS_USAGE, runPartials } from './partials.js';
import { ID_USAGE, runId } from './id.js';
import { runTrust, TRUST_USAGE } from './trust.js';
import { RECEIVE_USAGE, runReceive } from './receive.js';
import { runSend, SEND_USAGE } from './send.js';

/** Loaded on demand: the UI's module pulls in the host and the browser shell. */
async function usage(): Promise<string> {
  const { UI_USAGE } = await import('./ui.js');
  return `Usage:\n  ${RECEIVE_USAGE}\n\n  ${SEND_USAGE}\n\n  ${HISTORY_USAGE}\n\n  ${PARTIALS_USAGE}\n\n  ${UI_USAGE}\n\n  ${ID_USAGE}\n\n  ${TRUST_USAGE}`;
}

/** Each command's own usage, for `zerodrop COMMAND --help`. */
async function commandUsage(command: string): Promise<string | undefined> {
  const usages: Record<string, string> = { receive: RECEIVE_USAGE, send: SEND_USAGE, history: HISTORY_USAGE, partials: PARTIALS_USAGE, id: ID_USAGE, trust: TRUST_USAGE };
  return command === 'ui' ? (await import('./ui.js')).UI_USAGE : usages[command];
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const own = command === undefined ? undefined : await commandUsage(command);
  if (own && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`Usage:\n  ${own}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'receive':
        return await runReceive(rest);
      case 'send':
        return await runSend(rest);
      case 'history':
        return await runHistory(rest);
      case 'partials':
        return await runPartials(rest);
      case 'id':
        return await runId(rest);
      case 'trust':
        return await runTrust(rest);
      case 'ui': {
        const { runUi } = await import('./ui.js');
        return await runUi(rest);
      }
      case '--version':
      case '-v': {
        const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
        process.stdout.write(`${pkg.version}\n`);
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${await usage()}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`zerodrop: ${(err as Error).message}\n\n${await usage()}\n`);
      return 2;
    }
    // A damaged or locked file of this device's: words, not a stack trace.
    if (err instanceof CommandError || err instanceof IdentityError || err instanceof TrustError) {
      process.stderr.write(`zerodrop: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
