// The receiving person's question about a batch: who wants to send (the
// device's name, which it chose, and its fingerprint, which it cannot fake),
// how many files and how much. One question at a time, oldest first; each is
// a modal dialog of its own, gone as soon as the host withdraws it
// (answered in another window, or its time ran out).
import { useEffect, useRef } from 'react';
import { formatBytes } from '../../shared/format.js';
import { safeText } from '../../shared/safeText.js';
import type { BatchOffer, ConsentDecision } from '../../shared/trust.js';
import { useApp, useAppContext } from '../context.js';
import './trust.css';

export function ConsentDialogs() {
  const pending = useApp((state) => state.consent);
  const first = pending[0];
  // A new dialog per question, so that focus starts afresh on the next one.
  return first ? <ConsentDialog key={first.batch} offer={first} waitingAfter={pending.length - 1} /> : null;
}

function filesLine(offer: BatchOffer): string {
  const first = `“${safeText(offer.first, 80)}”`;
  const files = offer.files === 1 ? `1 file, ${first}` : `${offer.files} files, ${first} and ${offer.files - 1} more`;
  return `${files} · ${formatBytes(offer.bytes)}`;
}

function ConsentDialog({ offer, waitingAfter }: { offer: BatchOffer; waitingAfter: number }) {
  const { trust } = useAppContext();
  const dialog = useRef<HTMLDialogElement>(null);
  const decline = useRef<HTMLButtonElement>(null);
  // Where the keyboard was before the question came, to go back there after it.
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  const answered = useRef(false);

  useEffect(() => {
    const element = dialog.current;
    const before = opener.current;
    element?.showModal();
    // The keyboard starts on the answer that lets nothing in.
    decline.current?.focus();
    return () => {
      // Withdrawn or answered: the dialog leaves, and so does the modal state.
      if (element?.open) element.close();
      if (before?.isConnected) before.focus();
    };
  }, []);

  const answer = (decision: ConsentDecision) => {
    if (answered.current) return;
    answered.current = true;
    void trust.answer(offer.batch, decision);
  };
  const device = safeText(offer.device, 64);

  return (
    <dialog
      ref={dialog}
      className="consent-dialog"
      aria-labelledby="consent-title"
      aria-describedby="consent-details"
      // Escape means no: nothing is written.
      onCancel={(event) => {
        event.preventDefault();
        answer('decline');
      }}
    >
      <h2 id="consent-title">{device} wants to send you files</h2>
      <dl id="consent-details" className="consent-details">
        <dt>Files</dt>
        <dd>{filesLine(offer)}</dd>
        <dt>Device</dt>
        <dd>{device}</dd>
        <dt>Fingerprint</dt>
        <dd>
          <code className="fingerprint">{offer.fingerprint}</code>
        </dd>
      </dl>
      <p className="hint">
        The name is what the sending device calls itself; the fingerprint is its key’s, which it cannot fake. Compare it with the one the sender’s
        Settings show.
      </p>
      {waitingAfter > 0 && <p className="hint">{waitingAfter === 1 ? 'One more question waits after this one.' : `${waitingAfter} more questions wait after this one.`}</p>}
      <div className="dialog-actions consent-actions">
        <button type="button" className="danger" onClick={() => answer('block')}>
          Block this device
        </button>
        <button type="button" ref={decline} onClick={() => answer('decline')}>
          Decline
        </button>
        <button type="button" onClick={() => answer('always')}>
          Always accept this device
        </button>
        <button type="button" className="primary" onClick={() => answer('once')}>
          Accept once
        </button>
      </div>
    </dialog>
  );
}
