// Two browser-shell hosts on loopback, as most specs about moving files need
// them: one receiving into a new folder on a free port (from anyone, plain
// senders too, so that a spec about something else than trust is not about
// consent), one in Send mode with files of its own to choose from.
import type { Page } from '@playwright/test';
import path from 'node:path';
import { randomFile } from '../../test/support/files.js';
import { addHostFiles, startReceiving, switchMode } from './app.js';
import type { Fixtures } from './fixtures.js';
import { freeReceiverPort } from './net.js';
import type { ShellProcess } from './shell.js';

export type PairFixtures = Pick<Fixtures, 'tempDir' | 'startShell' | 'startOpenReceiver' | 'openApp'>;

export interface Pair {
  receiver: Page;
  sender: Page;
  receivingHost: ShellProcess;
  sendingHost: ShellProcess;
  port: number;
  /** The receive folder. */
  inbox: string;
  /** A folder for the sender's files. */
  source: string;
}

/** `env` is added to both hosts' environments. */
export async function openPair({ tempDir, startShell, startOpenReceiver, openApp }: PairFixtures, env?: NodeJS.ProcessEnv): Promise<Pair> {
  const [source, inbox] = await Promise.all([tempDir('source'), tempDir('inbox')]);
  const [receivingHost, sendingHost] = await Promise.all([startOpenReceiver(env), startShell(undefined, undefined, env)]);
  const receiver = await openApp(receivingHost);
  const sender = await openApp(sendingHost);
  const port = await freeReceiverPort();
  await startReceiving(receiver, inbox, port);
  await switchMode(sender, 'Send');
  return { receiver, sender, receivingHost, sendingHost, port, inbox, source };
}

/** Makes random files in the pair's source folder (`sizes`: file name → bytes, one folder, as the host browser adds them) and stages them in the sender. */
export async function stageFiles(pair: Pair, sizes: Record<string, number>): Promise<string[]> {
  const paths = await Promise.all(Object.entries(sizes).map(([name, bytes]) => randomFile(path.join(pair.source, name), bytes)));
  await addHostFiles(pair.sender, paths);
  return paths;
}

/** A pair whose sender has staged `sizes` (file name → bytes). */
export async function pairWithFiles(fixtures: PairFixtures, sizes: Record<string, number>, env?: NodeJS.ProcessEnv): Promise<Pair & { paths: string[] }> {
  const pair = await openPair(fixtures, env);
  return { ...pair, paths: await stageFiles(pair, sizes) };
}
