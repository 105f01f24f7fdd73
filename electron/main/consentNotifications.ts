// A system notification when the receiving person is asked about a batch
// while not looking at the window (it is in the background, or closed to
// the tray): without it, a sender would wait out the whole question
// unseen. A click brings the window forward, where the question is.
import type { Events } from '../../shared/ipc.js';
import { countOf, formatBytes } from '../../shared/format.js';
import { safeText } from '../../shared/safeText.js';
import type { BatchOffer } from '../../shared/trust.js';
import { appIconFile } from '../host/appFiles.js';
import type { Host } from '../host/host.js';
import type { ElectronApi } from './electronApi.js';
import type { NotifyOptions } from './notifications.js';

/** A device name is the sender's choice: made safe and short. */
const NAME_CHARS = 40;

function consentMessage(offer: BatchOffer): { title: string; body: string } {
  return {
    title: `${safeText(offer.device, NAME_CHARS)} wants to send you ${countOf(offer.files, 'file')}`,
    body: `${formatBytes(offer.bytes)} · fingerprint ${offer.fingerprint}. Open ZeroDrop to accept or decline.`,
  };
}

/** Notifies each new question once, until the returned stop is called. */
export function notifyConsentAsks(electron: Pick<ElectronApi, 'Notification'>, host: Host, options: NotifyOptions): () => void {
  let notified = new Set<string>();
  return host.events.listen((event, payload) => {
    if (event !== 'consent.pending') return;
    const pending = payload as Events['consent.pending'];
    const fresh = pending.filter((offer) => !notified.has(offer.batch));
    // Only open questions are remembered: the set stays as small as the list.
    notified = new Set(pending.map((offer) => offer.batch));
    if (options.isWatching() || !electron.Notification.isSupported()) return;
    for (const offer of fresh) {
      const notification = new electron.Notification({ ...consentMessage(offer), icon: appIconFile() });
      notification.on('click', options.onClick);
      notification.show();
    }
  });
}
