// The CLI's side of the history: `zerodrop send` and `zerodrop receive`
// record their batches in the history of the config folder (the app's data
// folder by default), which the app and `zerodrop history` read.
import type { ReceiverActorApi, SenderActorApi } from '../engine/actors/api.js';
import { HistoryLog } from '../host/history/historyLog.js';
import { HistoryRecorder } from '../host/history/historyRecorder.js';

/**
 * `actor`, its batches recorded from now on in the history of `configDir`. Its close() then records the
 * batches left open once the actor's last progress is in, and waits for
 * the writes. A record that cannot be written is said on stderr; the
 * transfer's outcome and exit code stay as they were.
 */
export function withHistory<A extends SenderActorApi | ReceiverActorApi>(actor: A, configDir: string): A {
  const recorder = new HistoryRecorder(new HistoryLog(configDir), {
    failed: (error) => process.stderr.write(`zerodrop: history: ${error.message}\n`),
  });
  actor.onProgress((files) => recorder.update(files));
  const closeActor = actor.close.bind(actor);
  actor.close = async () => {
    try {
      await closeActor();
    } finally {
      await recorder.close();
    }
  };
  return actor;
}
