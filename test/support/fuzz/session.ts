// One whole fuzzing session against the real `zerodrop receive` process, and
// every check the hardening issue asks for afterwards: the receiver is alive
// and still stores a real transfer byte-identically, every reply was READY or
// ERROR with a §3 code and in order, its peak memory (VmHWM) stayed bounded,
// nothing was written beside the receive folder, no final file lacks its
// CLOSE, and no temporary file outlives the idle time.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from '../files.js';
import { buildCli, cliSend, startCliReceiver, type CliReceiver } from '../cliProcess.js';
import { until } from '../wait.js';
import { fuzz, type PeerKind } from './campaign.js';
import { folderProblems, tempFiles } from './folderChecks.js';
import { Ledger } from './ledger.js';

/** The hardening issue's bound on the receiver's memory. */
export const MEMORY_BOUND_BYTES = 512e6;

export interface SessionOptions {
  seed: number;
  messages: number;
  identities: number;
  /** The receiver's idle time (--idle-ms): short, so that the end of a run shows its clean-up. */
  idleMs: number;
  /** An empty folder of the caller's: the receive folder goes below it, alone in its own parent. */
  workDir: string;
  /** Called now and then with the run so far. */
  onTick?: (ledger: Ledger) => void;
}

export interface SessionResult {
  problems: string[];
  ledger: Ledger;
  kinds: Map<PeerKind, number>;
  peakMemoryBytes: number;
  seconds: number;
}

/** A real transfer from the real sender, compared byte for byte. */
async function realTransferProblems(receiver: CliReceiver, recv: string, workDir: string): Promise<string[]> {
  const src = path.join(workDir, 'src');
  await mkdir(src, { recursive: true });
  const file = path.join(src, 'after-fuzz.bin');
  await writeFile(file, randomBytes(3 * 1024 * 1024 + 17));
  const sent = await cliSend(receiver.endpoint, [file], ['--chunk', '256KiB']);
  if (sent.code !== 0) return [`a real transfer after the fuzz failed (exit ${sent.code}): ${JSON.stringify(sent.events.slice(-3))} ${sent.stderr}`];
  if ((await sha256File(path.join(recv, 'after-fuzz.bin'))) !== (await sha256File(file))) return ['a real transfer after the fuzz is not byte-identical'];
  return [];
}

export async function fuzzSession(options: SessionOptions): Promise<SessionResult> {
  await buildCli();
  const recv = path.join(options.workDir, 'parent', 'recv');
  await mkdir(recv, { recursive: true });
  const receiver = await startCliReceiver(recv, { args: ['--idle-ms', String(options.idleMs)], keepLines: false });
  const ledger = new Ledger();
  const ticker = options.onTick ? setInterval(() => options.onTick!(ledger), 5_000) : null;
  try {
    const started = performance.now();
    const run = await fuzz({ seed: options.seed, endpoint: receiver.endpoint, messages: options.messages, identities: options.identities, ledger });
    const seconds = (performance.now() - started) / 1000;
    // Connections stay open: only the idle time may end the transfers they left.
    const idledOut = async () => !receiver.alive || (await tempFiles(recv)).length === 0;
    await until(idledOut, 'the idle time to remove every temporary file', options.idleMs + 60_000).catch(() => undefined);
    run.close();
    const problems = [...ledger.problems];
    if (ledger.problemCount > ledger.problems.length) problems.push(`… and ${ledger.problemCount - ledger.problems.length} more problems`);
    problems.push(...(await folderProblems(recv, ledger)));
    if (!receiver.alive) return { problems: [`the receiver died: ${receiver.stderrTail()}`, ...problems], ledger, kinds: run.kinds, peakMemoryBytes: NaN, seconds };
    problems.push(...(await realTransferProblems(receiver, recv, options.workDir)));
    const peakMemoryBytes = receiver.peakMemoryBytes();
    if (peakMemoryBytes >= MEMORY_BOUND_BYTES) problems.push(`the receiver's peak memory was ${(peakMemoryBytes / 1e6).toFixed(0)} MB`);
    const exit = await receiver.stop();
    if (exit.code !== 0) problems.push(`the receiver exited with ${exit.code ?? exit.signal} when stopped: ${receiver.stderrTail()}`);
    return { problems, ledger, kinds: run.kinds, peakMemoryBytes, seconds };
  } finally {
    if (ticker) clearInterval(ticker);
    if (receiver.alive) await receiver.stop();
  }
}
