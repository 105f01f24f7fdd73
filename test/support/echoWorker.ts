// A worker thread for the mailbox's tests (test/unit/mailbox.test.ts): an
// actor whose calls emit events around their results, and one that crashes.
import { serveActor } from '../../electron/engine/actors/mailbox.js';

const methods = {
  /** Emits `before` events, answers `done`, then emits `after` once the answer is out. */
  around(before: number): string {
    for (let i = 0; i < before; i++) emit('tick', `before ${i}`);
    setTimeout(() => emit('tick', 'after'), 0);
    return 'done';
  },
  /** Answers, then the thread fails with an uncaught error. */
  answerThenCrash(): string {
    setTimeout(() => {
      throw new Error('the worker failed');
    }, 0);
    return 'answered';
  },
};

export type EchoMethods = typeof methods;
export type EchoEvents = { tick: string };

const emit = serveActor<EchoMethods, EchoEvents>(methods, async () => undefined);
