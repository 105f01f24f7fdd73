// The mailbox between a host and an actor running in a worker thread:
// typed calls in, results and events out. The worker owns its sockets and
// files, so however busy it is, the host's event loop never stalls.
//
// A worker is never ended from outside (worker.terminate()): tearing down a
// thread whose ZeroMQ sockets are open can abort the whole process
// (zeromq.js; measured: SIGABRT in 3 of 10 runs), and so can process.exit()
// inside it. It is asked to shut down instead: it closes every socket and
// file, then its mailbox, and its thread runs out by itself.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

type Methods = Record<string, (...args: never[]) => unknown>;
/**
 * The host handles its worker's messages for at most this long per turn of
 * its event loop, then lets the loop turn: a burst of events (a folder's
 * thousands of files queued at once) becomes many short tasks.
 */
const HANDLE_SLICE_MS = 5;
type EventMap = Record<string, unknown>;

type ToActor = { kind: 'call'; id: number; method: string; args: unknown[] } | { kind: 'shutdown' };
type FromActor =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: string; name: string }
  | { kind: 'event'; event: string; payload: unknown };

/** The URL of a sibling worker module, as .ts under tsx and .js once built. */
export function siblingModule(base: string, name: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(base))}`, base);
}

/**
 * Node 20 does not carry tsx's loader into workers, so a worker module run
 * from TypeScript sources (tests, development) registers it first.
 */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true });
}

export class ActorError extends Error {
  constructor(message: string, override readonly name: string) {
    super(message);
  }
}

export class ActorClient<M extends Methods, E extends EventMap> {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<keyof E, Set<(payload: never) => void>>();
  private exited = false;
  /** Messages from the worker, oldest first: those from `inboxHead` on are not handled yet. */
  private inbox: FromActor[] = [];
  private inboxHead = 0;
  private draining = false;
  private shuttingDown: Promise<void> | null = null;
  /** Resolves with the worker's exit code once its thread has ended. */
  readonly ended: Promise<number>;

  constructor(url: URL) {
    this.worker = startWorker(url);
    this.worker.on('message', (message: FromActor) => this.arrived(message));
    // What the worker said before it failed or ended is heard before the calls it left unanswered fail.
    this.worker.on('error', (err) => {
      this.handleAll();
      this.failAll(err);
    });
    this.ended = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        this.exited = true;
        this.handleAll();
        this.failAll(new Error('the engine worker stopped'));
        resolve(code);
      }),
    );
  }

  call<K extends keyof M & string>(method: K, ...args: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>> {
    if (this.exited) return Promise.reject(new Error('the engine worker stopped'));
    // A call behind the shutdown could bind a socket again after it was closed.
    if (this.shuttingDown) return Promise.reject(new Error('the engine worker is shutting down'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ kind: 'call', id, method, args } satisfies ToActor);
    });
  }

  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /**
   * Ends the worker: it runs its shutdown (which closes every socket and
   * file), closes its mailbox and its thread runs out. A worker still there
   * after `patienceMs` is stuck (a file call hung on a dead network share,
   * say): that is said on stderr and the promise rejects, but the thread is
   * not terminated, as it may own open sockets. It is unreferenced instead,
   * so that it cannot keep the process alive: the process's own exit ends
   * it, when nothing else is left to lose.
   */
  shutdown(patienceMs = 15_000): Promise<void> {
    this.shuttingDown ??= this.endGracefully(patienceMs);
    return this.shuttingDown;
  }

  private async endGracefully(patienceMs: number): Promise<void> {
    if (this.exited) return;
    this.worker.postMessage({ kind: 'shutdown' } satisfies ToActor);
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), patienceMs)));
    const code = await Promise.race([this.ended, stuck]);
    clearTimeout(timer);
    if (code === 'stuck') {
      this.worker.unref();
      const message = `the engine worker (thread ${this.worker.threadId}) did not shut down within ${patienceMs / 1000} s; it is left to end with the process, since ending a thread that owns sockets can abort the process`;
      process.stderr.write(`zerodrop: ${message}\n`);
      throw new Error(message);
    }
    if (code !== 0) throw new Error(`the engine worker ended with exit code ${code} while shutting down`);
  }

  private arrived(message: FromActor): void {
    this.inbox.push(message);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    try {
      this.handleSlice();
    } finally {
      if (this.inboxHead < this.inbox.length) setImmediate(() => this.drain());
      else this.draining = false;
    }
  }

  /**
   * Handles waiting messages in order for at most HANDLE_SLICE_MS. A slice
   * ends after a call's result: the code awaiting it runs (in this task's
   * microtasks) before any later event is heard, as when each message was a
   * task of its own.
   */
  private handleSlice(): void {
    const until = performance.now() + HANDLE_SLICE_MS;
    while (this.inboxHead < this.inbox.length && performance.now() < until) {
      const message = this.inbox[this.inboxHead++]!;
      this.receive(message);
      if (message.kind === 'result') break;
    }
    this.compact();
  }

  private handleAll(): void {
    while (this.inboxHead < this.inbox.length) this.receive(this.inbox[this.inboxHead++]!);
    this.compact();
  }

  /** Lets go of handled messages: all at once when none waits, else now and then. */
  private compact(): void {
    if (this.inboxHead === this.inbox.length) this.inbox = [];
    else if (this.inboxHead < 1_024) return;
    else this.inbox = this.inbox.slice(this.inboxHead);
    this.inboxHead = 0;
  }

  private receive(message: FromActor): void {
    if (message.kind === 'event') {
      for (const listener of this.listeners.get(message.event) ?? []) {
        try {
          (listener as (p: unknown) => void)(message.payload);
        } catch (err) {
          // Uncaught, as it was when each message was its own task; the other listeners and messages still run.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
      return;
    }
    const call = this.calls.get(message.id);
    this.calls.delete(message.id);
    if (!call) return;
    if (message.ok) call.resolve(message.value);
    else call.reject(new ActorError(message.error, message.name));
  }

  private failAll(err: Error): void {
    for (const call of this.calls.values()) call.reject(err);
    this.calls.clear();
  }
}

/**
 * Runs in the worker: answers calls with `methods`; returns the event
 * emitter. `shutdown` closes what the actor holds open (sockets, files,
 * timers): once it has, nothing keeps the thread's event loop alive and the
 * thread ends by itself.
 */
export function serveActor<M extends Methods, E extends EventMap>(
  methods: M,
  shutdown: () => Promise<void>,
): <K extends keyof E & string>(event: K, payload: E[K]) => void {
  const port = parentPort;
  if (!port) throw new Error('serveActor runs in a worker thread');
  let closing = false;
  port.on('message', async (message: ToActor) => {
    if (message.kind === 'shutdown') {
      closing = true;
      await shutdown().catch((err: unknown) => console.error('zerodrop: the engine worker could not shut down cleanly:', err));
      port.close();
      return;
    }
    try {
      if (closing) throw new Error('the engine worker is shutting down');
      const method = methods[message.method];
      if (!method) throw new Error(`no method ${message.method}`);
      const value = await (method as (...args: unknown[]) => unknown)(...message.args);
      port.postMessage({ kind: 'result', id: message.id, ok: true, value } satisfies FromActor);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ kind: 'result', id: message.id, ok: false, error: error.message, name: error.constructor.name } satisfies FromActor);
    }
  });
  return (event, payload) => port.postMessage({ kind: 'event', event, payload } satisfies FromActor);
}
