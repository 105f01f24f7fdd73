// The mailbox between a host and an actor running in a worker thread:
// typed calls in, results and events out. The worker owns its sockets and
// files, so however busy it is, the host's event loop never stalls.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

type Methods = Record<string, (...args: never[]) => unknown>;
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

  constructor(url: URL) {
    this.worker = startWorker(url);
    this.worker.on('message', (message: FromActor) => this.receive(message));
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', () => {
      this.exited = true;
      this.failAll(new Error('the engine worker stopped'));
    });
  }

  call<K extends keyof M & string>(method: K, ...args: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>> {
    if (this.exited) return Promise.reject(new Error('the engine worker stopped'));
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
   * Ends the worker. It is asked to close its mailbox and run out, so native
   * sockets are torn down by their own thread; a worker that does not end
   * in time is terminated.
   */
  async terminate(graceMs = 3_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage({ kind: 'shutdown' } satisfies ToActor);
    const timer = setTimeout(() => void this.worker.terminate(), graceMs);
    await exited;
    clearTimeout(timer);
  }

  private receive(message: FromActor): void {
    if (message.kind === 'event') {
      for (const listener of this.listeners.get(message.event) ?? []) (listener as (p: unknown) => void)(message.payload);
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

/** Runs in the worker: answers calls with `methods`; returns the event emitter. */
export function serveActor<M extends Methods, E extends EventMap>(methods: M): <K extends keyof E & string>(event: K, payload: E[K]) => void {
  const port = parentPort;
  if (!port) throw new Error('serveActor runs in a worker thread');
  port.on('message', async (message: ToActor) => {
    if (message.kind === 'shutdown') {
      port.close();
      return;
    }
    try {
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
