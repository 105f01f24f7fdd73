// Receive mode: where files go, on which port, the addresses to give a
// sender, listening on and off, and (Electron) whether closing the window
// keeps the app receiving in the tray.
import { useState } from 'react';
import { DEFAULT_PORT } from '../../shared/protocol.js';
import { useApp, useAppContext } from '../context.js';
import { sessionTotals } from '../store/files.js';
import { countOf } from '../../shared/format.js';
import { AddressCard } from './AddressCard.js';
import { FolderField } from './FolderField.js';
import { KeptPartials } from './KeptPartials.js';

function portOf(endpoint: string | undefined): number | null {
  const match = endpoint ? /:(\d+)$/.exec(endpoint) : null;
  return match ? Number(match[1]) : null;
}

export function ReceivePanel() {
  const { commands } = useAppContext();
  const receiver = useApp((state) => state.receiver);
  const savedDir = useApp((state) => state.settings.receiveDir);
  const keepInTray = useApp((state) => state.settings.keepInTray);
  const shell = useApp((state) => state.hostInfo?.shell);
  // The host's folder until the person types another; it arrives after the first render (and again on reconnect).
  const [typedDir, setDir] = useState<string | null>(null);
  const dir = typedDir ?? receiver.dir ?? savedDir ?? '';
  const [port, setPort] = useState(String(portOf(receiver.endpoints[0]) ?? DEFAULT_PORT));
  const [busy, setBusy] = useState(false);
  /** A folder that does not exist, offered to be made. */
  const [missing, setMissing] = useState<string | null>(null);
  /** Stop was pressed while files were arriving: it waits for a second word. */
  const [confirming, setConfirming] = useState(false);
  const arriving = useApp((state) => {
    const totals = sessionTotals(state, 'receive');
    return totals.queued + totals.moving;
  });

  // While listening the fields show what the host listens with (another tab may have started it);
  // otherwise they are this tab's draft.
  const shownDir = receiver.listening ? (receiver.dir ?? dir) : dir;
  const shownPort = receiver.listening ? String(portOf(receiver.endpoints[0]) ?? port) : port;
  const portNumber = Number(port);
  const portValid = Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65535;
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    await action();
    setBusy(false);
  };
  const start = async (folder: string) => {
    setMissing(null);
    if ((await commands.startReceiving(folder, `tcp://*:${portNumber}`)) === 'missing') setMissing(folder);
  };
  const makeAndStart = async (folder: string) => {
    if (await commands.makeDir(folder)) await start(folder);
  };

  return (
    <section className="panel" aria-label="Receive settings">
      <FolderField id="receive-folder" label="Receive folder" value={shownDir} onChange={setDir} onPick={(picked) => void commands.saveReceiveDir(picked)} disabled={receiver.listening} />
      <div className="field field-port">
        <label htmlFor="receive-port">Port</label>
        <div className="field-controls">
          <input
            id="receive-port"
            inputMode="numeric"
            value={shownPort}
            disabled={receiver.listening}
            aria-invalid={!portValid}
            aria-describedby={portValid ? undefined : 'receive-port-problem'}
            onChange={(event) => setPort(event.target.value.trim())}
          />
          {receiver.listening ? (
            <button type="button" disabled={busy || confirming} onClick={() => (arriving > 0 ? setConfirming(true) : void run(commands.stopReceiving))}>
              Stop receiving
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={busy || !dir || !portValid}
              onClick={() => void run(() => start(dir))}
            >
              Start receiving
            </button>
          )}
          <button type="button" disabled={!receiver.dir && !savedDir} onClick={() => void commands.openPath((receiver.dir ?? savedDir)!)}>
            Open folder
          </button>
        </div>
        {!portValid && !receiver.listening && (
          <p id="receive-port-problem" className="error field-problem">
            The port is a whole number from 1 to 65535.
          </p>
        )}
      </div>
      {missing !== null && !receiver.listening && (
        <div className="notice notice-info" role="alert">
          <span>The folder {missing} does not exist yet.</span>
          <span className="notice-actions">
            <button type="button" className="small" disabled={busy} onClick={() => void run(() => makeAndStart(missing))}>
              Create it and start receiving
            </button>
          </span>
        </div>
      )}
      {confirming && receiver.listening && (
        <div className="notice notice-error" role="alert">
          <span>
            {countOf(arriving, 'file is', 'files are')} still arriving. Stopping now removes what has arrived of {arriving === 1 ? 'it' : 'them'}, and the sender is told.
          </span>
          <span className="notice-actions">
            <button
              type="button"
              className="small"
              onClick={() => {
                setConfirming(false);
                void run(commands.stopReceiving);
              }}
            >
              Stop anyway
            </button>
            <button type="button" className="small" onClick={() => setConfirming(false)}>
              Keep receiving
            </button>
          </span>
        </div>
      )}
      <div className="listening">
        <p role="status" className={receiver.listening ? 'state-on' : 'state-off'}>
          {receiver.listening ? `Receiving into ${receiver.dir}. Give the sender one of these addresses:` : 'Not receiving.'}
        </p>
        {receiver.error && (
          <p className="error" role="alert">
            {receiver.error}
          </p>
        )}
        <AddressCard />
      </div>
      <KeptPartials />
      {shell === 'electron' && (
        <label className="keep-in-tray">
          <input type="checkbox" checked={keepInTray} onChange={(event) => void commands.keepInTray(event.target.checked)} />
          Keep receiving in the tray when the window is closed
        </label>
      )}
    </section>
  );
}
