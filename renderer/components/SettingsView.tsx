// Settings: this device (name, fingerprint, key), who may send to it, the
// unencrypted-compatibility switch, the devices it knows or blocks, and the
// receiver keys it pinned. The trust file is the CLI's (`zerodrop trust`).
import { useState } from 'react';
import type { PinnedReceiver, TrustedDevice } from '../../shared/ipc.js';
import { safeText } from '../../shared/safeText.js';
import type { AcceptPolicy } from '../../shared/trust.js';
import { useApp, useAppContext } from '../context.js';
import { CopyButton } from './CopyButton.js';
import './trust.css';

const POLICIES: Array<[AcceptPolicy, string, string]> = [
  ['ask', 'Ask me about each batch', 'Known devices send without a question; from others you accept once, always, or not.'],
  ['known', 'Known devices only', 'Others are refused before their connection is set up.'],
  ['anyone', 'Anyone who can reach this device', 'Every device on the network may send, without a question.'],
];
const ASK_SECONDS = [15, 30, 60, 120, 300];

/**
 * A setting as the person just chose it, until the host has applied it
 * (which restarts a running receiver): the control shows the choice at once
 * and is not offered again meanwhile.
 */
function useChoice<T>(current: T, apply: (value: T) => Promise<void>): { shown: T; busy: boolean; choose(value: T): void } {
  const [wanted, setWanted] = useState<{ value: T } | null>(null);
  const choose = (value: T) => {
    setWanted({ value });
    void apply(value).finally(() => setWanted(null));
  };
  return { shown: wanted ? wanted.value : current, busy: wanted !== null, choose };
}

function secondsLabel(seconds: number): string {
  return seconds >= 60 && seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

export function SettingsView() {
  return (
    <section className="panel settings" aria-label="Settings">
      <ThisDevice />
      <WhoMaySend />
      <KnownDevices />
      <PinnedReceivers />
    </section>
  );
}

function ThisDevice() {
  const device = useApp((state) => state.device);
  return (
    <section className="settings-section" aria-labelledby="settings-device">
      <h2 id="settings-device">This device</h2>
      {device ? (
        <dl className="device-facts">
          <dt>Name</dt>
          <dd>{safeText(device.name, 64)}</dd>
          <dt>Fingerprint</dt>
          <dd>
            <code className="fingerprint" aria-label="This device’s fingerprint">
              {device.fingerprint}
            </code>
          </dd>
          <dt>Public key</dt>
          <dd className="device-key">
            <code>{device.key}</code>
            <CopyButton text={device.key} />
          </dd>
        </dl>
      ) : (
        <p className="hint">Reading this device’s identity…</p>
      )}
      <p className="hint">Read the fingerprint aloud to the person you exchange files with: theirs is shown to you, yours to them. The command line uses the same identity.</p>
    </section>
  );
}

function WhoMaySend() {
  const { trust } = useAppContext();
  const settings = useApp((state) => state.settings);
  const listening = useApp((state) => state.receiver.listening);
  const accept = useChoice(settings.accept, trust.setAccept);
  const acceptPlain = useChoice(settings.acceptPlain, trust.setAcceptPlain);
  const askSeconds = useChoice(settings.askSeconds, trust.setAskSeconds);
  const seconds = [...new Set([...ASK_SECONDS, settings.askSeconds])].sort((a, b) => a - b);
  return (
    <section className="settings-section" aria-labelledby="settings-who">
      <h2 id="settings-who">Who may send to this device</h2>
      <fieldset className="policy">
        <legend className="visually-hidden">Who may send to this device</legend>
        {POLICIES.map(([value, label, hint]) => (
          <label key={value} className="policy-choice">
            <input type="radio" name="accept" value={value} checked={accept.shown === value} disabled={accept.busy} onChange={() => accept.choose(value)} />
            <span>
              {label}
              <span className="hint"> — {hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="field-inline">
        <label htmlFor="ask-seconds">Time to answer a question</label>
        <select id="ask-seconds" value={askSeconds.shown} disabled={askSeconds.busy} onChange={(event) => askSeconds.choose(Number(event.target.value))}>
          {seconds.map((value) => (
            <option key={value} value={value}>
              {secondsLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <label className="plain-switch">
        <input type="checkbox" checked={acceptPlain.shown} disabled={acceptPlain.busy} onChange={(event) => acceptPlain.choose(event.target.checked)} />
        <span>
          Accept unencrypted senders
          <span className="hint">
            {' '}
            — for plain PROTOCOL.md v1 programs. <span className="trust-badge trust-unencrypted">Unencrypted</span> Anyone on the network can read what they
            send, and anyone who can reach this device may send that way: no question is asked.
          </span>
        </span>
      </label>
      {listening && <p className="hint">Receiving starts again with each change here; files in transit are interrupted.</p>}
    </section>
  );
}

function KnownDevices() {
  const devices = useApp((state) => state.trustList?.devices);
  return (
    <section className="settings-section" aria-labelledby="settings-devices">
      <h2 id="settings-devices">Known and blocked devices</h2>
      {!devices ? (
        <p className="hint">Reading the known devices…</p>
      ) : devices.length === 0 ? (
        <p className="empty">No device yet. Answer “Always accept this device” when one sends, or add one with zerodrop trust add.</p>
      ) : (
        <ul className="trust-list" aria-label="Known and blocked devices">
          {devices.map((device) => (
            <DeviceRow key={device.key} device={device} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DeviceRow({ device }: { device: TrustedDevice }) {
  const { trust } = useAppContext();
  const [editing, setEditing] = useState<string | null>(null);
  const name = safeText(device.name || 'Unnamed device', 64);
  const blocked = device.status === 'blocked';
  const save = () => {
    const trimmed = editing?.trim();
    if (trimmed) void trust.rename(device.key, trimmed);
    setEditing(null);
  };
  return (
    <li className="trust-row" aria-label={name}>
      <div className="trust-row-main">
        {editing === null ? (
          <span className="trust-name">{name}</span>
        ) : (
          <form
            className="rename"
            onSubmit={(event) => {
              event.preventDefault();
              save();
            }}
          >
            <input aria-label={`New name for ${name}`} value={editing} maxLength={64} autoFocus onChange={(event) => setEditing(event.target.value)} />
            <button type="submit" className="small">
              Save
            </button>
            <button type="button" className="small" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </form>
        )}
        <span className={`trust-badge ${blocked ? 'trust-blocked' : 'trust-verified'}`}>{blocked ? 'Blocked' : 'Known'}</span>
        <code className="fingerprint">{device.fingerprint}</code>
      </div>
      {editing === null && (
        <div className="trust-row-actions">
          <button type="button" className="small" aria-label={`Rename ${name}`} onClick={() => setEditing(device.name)}>
            Rename
          </button>
          <button type="button" className="small" aria-label={`${blocked ? 'Unblock' : 'Block'} ${name}`} onClick={() => void trust.setDeviceStatus(device.key, blocked ? 'known' : 'blocked')}>
            {blocked ? 'Unblock' : 'Block'}
          </button>
          <button type="button" className="small" aria-label={`Remove ${name}`} onClick={() => void trust.remove(device.key)}>
            Remove
          </button>
        </div>
      )}
    </li>
  );
}

function PinnedReceivers() {
  const pins = useApp((state) => state.trustList?.pins);
  if (!pins || pins.length === 0) return null;
  return (
    <section className="settings-section" aria-labelledby="settings-pins">
      <h2 id="settings-pins">Receivers this device sent to</h2>
      <p className="hint">The key each address had the first time. If a receiver was reinstalled, forget its key so that the next send learns the new one.</p>
      <ul className="trust-list" aria-label="Receivers this device sent to">
        {pins.map((pin) => (
          <PinRow key={pin.address} pin={pin} />
        ))}
      </ul>
    </section>
  );
}

function PinRow({ pin }: { pin: PinnedReceiver }) {
  const { trust } = useAppContext();
  const address = safeText(pin.address, 120);
  return (
    <li className="trust-row" aria-label={address}>
      <div className="trust-row-main">
        <span className="trust-name">{address}</span>
        <span>{safeText(pin.name, 64)}</span>
        <code className="fingerprint">{pin.fingerprint}</code>
      </div>
      <div className="trust-row-actions">
        <button type="button" className="small" aria-label={`Forget the key of ${address}`} onClick={() => void trust.forgetPin(pin.address)}>
          Forget key
        </button>
      </div>
    </li>
  );
}
