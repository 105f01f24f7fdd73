// A system notification when a batch to or from this machine ends while the
// person is not looking at the window (it is in the background, or closed
// to the tray); clicking it brings the window forward.
import type { Events } from '../../shared/ipc.js';
import { countOf, formatCount } from '../../shared/format.js';
import { safeText } from '../../shared/safeText.js';
import { appIconFile } from '../host/appFiles.js';
import type { Host } from '../host/host.js';
import { BatchWatcher, type Batch } from '../host/batches.js';
import type { ElectronApi } from './electronApi.js';

/** File names a peer chose are made safe and short: a notification has little room. */
const NAME_CHARS = 60;
const NAMES_SHOWN = 2;

export interface BatchMessage {
  title: string;
  body: string;
}

const files = (count: number) => countOf(count, 'file');

/** The first names of `count` files, and how many more. */
function someNames(names: readonly string[], count: number): string {
  const shown = names.slice(0, NAMES_SHOWN).map((name) => safeText(name, NAME_CHARS));
  const more = count - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${formatCount(more)} more` : shown.join(', ');
}

/** What to say about a batch that ended; null when every file was cancelled (the person did that). */
export function batchMessage({ direction, peer, done, failed, declined, doneNames, failedNames }: Batch): BatchMessage | null {
  const total = done + failed;
  if (total === 0) return null;
  const sending = direction === 'send';
  // A receiver knows its sender only by an id, which means nothing to a person.
  const where = sending ? ` to ${safeText(peer, NAME_CHARS)}` : '';
  if (failed > 0) {
    const which = failed === total ? files(total) : `${formatCount(failed)} of ${files(total)}`;
    // The receiving person said no: not a failure to look into.
    if (sending && declined === failed) return { title: `${which} not accepted`, body: `The receiving person at ${safeText(peer, NAME_CHARS)} did not accept them: ${someNames(failedNames, failed)}` };
    const title = `${which} ${sending ? 'not sent' : 'did not arrive'}`;
    return { title, body: `Failed${where}: ${someNames(failedNames, failed)}` };
  }
  return { title: `${sending ? 'Sent' : 'Received'} ${files(total)}`, body: `${someNames(doneNames, done)}${where}` };
}

export interface NotifyOptions {
  /** Whether the window is open and focused: then the person sees the batch end. */
  isWatching(): boolean;
  /** A click on a notification. */
  onClick(): void;
}

/** Watches the host's progress until the returned stop is called. */
export function notifyEndedBatches(electron: Pick<ElectronApi, 'Notification'>, host: Host, options: NotifyOptions): () => void {
  const watcher = new BatchWatcher((batch) => {
    const message = batchMessage(batch);
    if (!message || options.isWatching() || !electron.Notification.isSupported()) return;
    const notification = new electron.Notification({ ...message, icon: appIconFile() });
    notification.on('click', options.onClick);
    notification.show();
  });
  const unlisten = host.events.listen((event, payload) => {
    if (event === 'files.progress') watcher.update(payload as Events['files.progress']);
  });
  return () => {
    unlisten();
    watcher.stop();
  };
}
