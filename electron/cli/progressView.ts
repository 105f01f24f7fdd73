// How the CLI shows files in transit: bars on a terminal, one line per
// outcome otherwise, or one JSON event per line for scripts.
import cliProgress from 'cli-progress';
import { formatBytes, formatDuration, formatRate, RateBook } from '../../shared/format.js';
import { safeJson, safeText, safeTextEnd } from '../../shared/safeText.js';
import { hasEnded, MAX_ENDED_FILES, type FileProgress } from '../../shared/transfer.js';

export type OutputMode = 'bars' | 'lines' | 'json';

/** Code points of a name beside its bar; a longer one keeps its end. */
const NAME_COLUMN = 28;

export function outputMode(json: boolean): OutputMode {
  if (json) return 'json';
  return process.stderr.isTTY ? 'bars' : 'lines';
}


export class ProgressView {
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private readonly rates = new RateBook();
  /** Ended files already reported, newest last; the engine forgets older ones, so this may too. */
  private readonly reported = new Set<string>();
  private readonly multibar: cliProgress.MultiBar | null;
  readonly outcomes = { done: 0, failed: 0 };

  constructor(private readonly mode: OutputMode) {
    this.multibar =
      mode === 'bars'
        ? new cliProgress.MultiBar(
            {
              format: '{name} [{bar}] {percentage}% | {done} | {speed} | {timeLeft} left',
              stream: process.stderr,
              hideCursor: true,
              clearOnComplete: true,
              barsize: 24,
              fps: 10,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
  }

  /**
   * A line for people: on stdout as plain lines; else on stderr (beside the
   * bars, or apart from the JSON events on stdout). Names
   * and error texts in it go through safeText: they may come from a peer or
   * from a folder someone else filled.
   */
  info(text: string): void {
    // Bars drawn: above them, at their next redraw. None: at once, where they
    // would be (cli-progress keeps a line logged then until a redraw that
    // may never come: a first contact's fingerprint, shown before its
    // question, and the summary after the last bar, were lost on a terminal).
    if (this.multibar?.isActive) this.multibar.log(`${text}\n`);
    else if (this.mode !== 'lines') process.stderr.write(`${text}\n`);
    else process.stdout.write(`${text}\n`);
  }

  event(event: Record<string, unknown>): void {
    if (this.mode === 'json') process.stdout.write(`${safeJson(event)}\n`);
  }

  update(files: FileProgress[]): void {
    // One write per batch: on a pipe each write is a system call, and a
    // batch can hold thousands of files.
    if (this.mode === 'json') process.stdout.write(files.map((file) => `${safeJson({ event: 'progress', ...jsonFile(file) })}\n`).join(''));
    for (const file of files) {
      if (hasEnded(file.status)) this.end(file);
      else this.draw(file);
    }
  }

  stop(): void {
    if (!this.multibar?.isActive) return;
    // A last redraw writes the lines logged since the one before.
    this.multibar.update();
    this.multibar.stop();
  }

  private draw(file: FileProgress): void {
    if (!this.multibar || file.status === 'queued') return;
    const speed = this.rates.rateOf(file);
    const total = file.size ?? Math.max(file.bytes, 1);
    const payload = {
      name: safeTextEnd(file.name, NAME_COLUMN).padEnd(NAME_COLUMN),
      done: `${formatBytes(file.bytes)}${file.size === null ? '' : ` of ${formatBytes(file.size)}`}`,
      speed: formatRate(speed),
      timeLeft: file.size === null || speed <= 0 ? '—' : formatDuration((file.size - file.bytes) / speed),
    };
    const bar = this.bars.get(file.id);
    if (bar) {
      bar.setTotal(Math.max(total, 1));
      bar.update(file.bytes, payload);
    } else {
      // A receiver learns a file's size only at CLOSE: no bar or percentage until then.
      const options = file.size === null ? { format: '{name} {done} received | {speed}' } : {};
      this.bars.set(file.id, this.multibar.create(Math.max(total, 1), file.bytes, payload, options));
    }
  }

  private end(file: FileProgress): void {
    if (this.reported.has(file.id)) return;
    this.reported.add(file.id);
    // A receiver left running for weeks must not keep every file it saw.
    if (this.reported.size > MAX_ENDED_FILES) this.reported.delete(this.reported.values().next().value!);
    this.rates.forget(file.id);
    const bar = this.bars.get(file.id);
    if (bar) this.multibar?.remove(bar);
    this.bars.delete(file.id);
    if (file.status === 'done') {
      this.outcomes.done++;
      const stored = file.storedAs && file.storedAs !== file.name ? ` (stored as ${safeText(file.storedAs)})` : '';
      const seconds = (file.updatedAt - file.startedAt) / 1000;
      // A rate over a few milliseconds says nothing.
      const rate = seconds >= 0.5 ? `, ${formatRate(file.bytes / seconds)}` : '';
      const resumed = file.resumedBytes ? ` (resumed, ${formatBytes(file.resumedBytes)} was already there)` : '';
      if (this.mode !== 'json') this.info(`✓ ${safeText(file.name)}${stored} — ${formatBytes(file.bytes)}${rate}${resumed}`);
    } else {
      this.outcomes.failed++;
      if (this.mode !== 'json') this.info(`✗ ${safeText(file.name)} — ${safeText(file.error?.text ?? file.status)}`);
    }
  }
}

function jsonFile(file: FileProgress): Record<string, unknown> {
  const { chunkMap, ...rest } = file;
  return { ...rest, chunks: chunkMap.chunks };
}
