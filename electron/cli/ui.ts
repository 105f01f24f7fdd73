// `zerodrop ui`: runs the host with the browser shell, for a machine without
// a display (managed from a browser) or without Electron.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rendererDir } from '../host/appFiles.js';
import { launch, openCommand } from '../host/desktopOpen.js';
import { openHost } from '../host/openHost.js';
import { browserPlatform } from '../shell/browserPlatform.js';
import { startBrowserShell } from '../shell/server.js';
import { configDirOf, untilSignal, UsageError } from './args.js';

export const UI_USAGE = `zerodrop ui [--listen 127.0.0.1:PORT] [--no-open] [--config-dir DIR]
  Starts the app in a browser (the browser shell) and prints its address.
  --listen defaults to 127.0.0.1 and a free port; --config-dir to the app's data folder.`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function runUi(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      listen: { type: 'string', default: '127.0.0.1:0' },
      'no-open': { type: 'boolean', default: false },
      'config-dir': { type: 'string' },
    },
    strict: true,
  });
  const { hostname, port } = parseListen(values.listen);
  const staticDir = rendererDir();
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    process.stderr.write(`zerodrop: the UI is not built (no ${staticDir}): run \`npm run build:renderer\` first.\n`);
    return 1;
  }
  const configDir = configDirOf(values['config-dir']);
  // Listened for from the start: a signal as soon as the address is out must close the host, not end the process.
  const signalled = untilSignal();
  const host = await openHost(configDir, browserPlatform());
  let shell;
  try {
    shell = await startBrowserShell({ host, hostname, port, staticDir });
  } catch (error) {
    await host.close();
    process.stderr.write(`zerodrop: cannot listen on ${values.listen}: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`ZeroDrop is running at ${shell.url}\n`);
  process.stdout.write(`Settings are kept in ${configDir}. Press Ctrl+C to stop.\n`);
  if (!LOOPBACK.has(hostname)) {
    process.stdout.write('Warning: listening beyond this machine; anyone who has the address with its token can use this computer\'s files.\n');
  }
  if (!values['no-open']) {
    launch(openCommand(shell.url)).catch(() => process.stdout.write('Open the address above in a browser.\n'));
  }
  await signalled;
  await shell.close();
  // Closing stops the receiver (partial files removed) and cancels sending.
  await host.close();
  return 0;
}

/** "HOST:PORT", "[v6]:PORT" or "PORT". */
export function parseListen(text: string): { hostname: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text) ?? /^()()(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new UsageError(`--listen takes HOST:PORT such as 127.0.0.1:8080, not ${JSON.stringify(text)}`);
  return { hostname: match[1] || match[2] || '127.0.0.1', port };
}
