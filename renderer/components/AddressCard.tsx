// What a receiving person gives a sender: addresses that carry this
// device's key (copyable, and as a QR code for a phone's camera), the
// fingerprint a sender who types only host:port will be shown, who may send,
// and, wherever it applies, that plain senders are unencrypted.
import { useState } from 'react';
import { hostPort, parsePeerAddress } from '../../shared/peerAddress.js';
import { safeText } from '../../shared/safeText.js';
import type { AcceptPolicy } from '../../shared/trust.js';
import { useApp } from '../context.js';
import { CopyButton } from './CopyButton.js';
import { QrCode } from './QrCode.js';
import './trust.css';

const WHO: Record<AcceptPolicy, string> = {
  ask: 'You are asked about each batch from a device you have not accepted always.',
  known: 'Only known devices may send; others are refused before their connection is set up.',
  anyone: 'Anyone who can reach this device may send, without a question.',
};

/** The plain host:port of an address, as a plain v1 sender would use it. */
function plainOf(address: string): string {
  const parsed = parsePeerAddress(address);
  return 'error' in parsed ? address : hostPort(parsed.endpoint);
}

export function AddressCard() {
  const receiver = useApp((state) => state.receiver);
  const [chosen, setChosen] = useState<string | null>(null);
  if (!receiver.listening) return null;
  const { addresses, encryption } = receiver;
  const shown = chosen !== null && addresses.includes(chosen) ? chosen : addresses[0];

  return (
    <div className="address-card">
      <div className="address-lists">
        <ul className="addresses" aria-label="Addresses for a sender">
          {addresses.map((address) => (
            <li key={address}>
              <code>{address}</code>
              <CopyButton text={address} />
              {addresses.length > 1 && (
                <button type="button" className="small" aria-pressed={address === shown} aria-label={`QR code of ${address}`} onClick={() => setChosen(address)}>
                  QR
                </button>
              )}
            </li>
          ))}
        </ul>
        {encryption ? (
          <>
            <p className="hint">
              <span className="trust-badge trust-verified">Encrypted</span> Each address carries this device’s key: a sender that uses it checks it
              reaches this device. This device is {safeText(encryption.name, 64)}, fingerprint <code className="fingerprint">{encryption.fingerprint}</code>
              .
            </p>
            <p className="hint">{WHO[encryption.accept]}</p>
            {encryption.acceptPlain && (
              <p className="hint plain-note">
                <span className="trust-badge trust-unencrypted">Unencrypted</span> Senders without encryption (plain PROTOCOL.md v1) are accepted too, at{' '}
                {[...new Set(addresses.map(plainOf))].join(', ')}: anyone on the network can read what they send.
              </p>
            )}
          </>
        ) : (
          <p className="hint plain-note">
            <span className="trust-badge trust-unencrypted">Unencrypted</span> This receiver speaks plain PROTOCOL.md v1: anyone on the network can read
            what is sent, and anyone can send.
          </p>
        )}
      </div>
      {shown && <QrCode text={shown} label={`QR code of ${shown}`} />}
    </div>
  );
}
