// A worker thread for the mailbox's tests (test/unit/mailbox.test.ts): an
// actor whose calls emit events around their results, and one that crashes.
import { serveActor } from '../../electron/engine/actors/mailbox.js';

const methods = {
  /**
   * Emits `before` events, answers `done`, then emits `after` once the
   * answer is out; then sets `sent` (shared memory), so that a host holding
   * its thread knows every message is waiting for it.
   */
  around(before: number, sent?: Int32Array): string {
    for (let i = 0; i < before; i++) emit('tick', `before ${i}`);
    setTimeout(() => {
      emit('tick', 'after');
      if (sent) signal(sent);
    }, 0);
    return 'done';
  },
  /** Answers, sets `answered` (shared memory), then the thread fails with an uncaught error. */
  answerThenCrash(answered?: Int32Array): string {
    setTimeout(() => {
      if (answered) signal(answered);
      throw new Error('the worker failed');
    }, 0);
    return 'answered';
  },
};

function signal(flag: Int32Array): void {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

export type EchoMethods = typeof methods;
export type EchoEvents = { tick: string };

const emit = serveActor<EchoMethods, EchoEvents>(methods, async () => undefined);
