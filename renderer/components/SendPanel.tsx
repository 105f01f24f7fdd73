// Send mode: the receiver's address (recent ones offered), the files to
// send (dropped, or added with a picker), the transfer options, and Send.
import { MAX_SHOWN_CHARS, safeText, safeTextEnd } from '../../shared/safeText.js';
import { useState } from 'react';
import { isEndpoint } from '../../shared/contract/arguments.js';
import { normalizeAddress, parsePeerAddress } from '../../shared/peerAddress.js';
import { CHECKSUM_ALGOS, type ChecksumAlgo } from '../../shared/protocol.js';
import { DEFAULT_SEND_OPTIONS } from '../../shared/transfer.js';
import { useApp, useAppContext } from '../context.js';
import { HostBrowser, useHostBrowserOpening } from './HostBrowser.js';
import { LatestSendTrust } from './PeerTrust.js';

const KiB = 1024;

/** The choices offered, with the engine's default among them whatever it is. */
function choices(values: number[], fallback: number): number[] {
  return [...new Set([...values, fallback])].sort((a, b) => a - b);
}

const CHUNK_SIZES = choices([16 * KiB, 64 * KiB, 256 * KiB, KiB * KiB, 4 * KiB * KiB, 16 * KiB * KiB], DEFAULT_SEND_OPTIONS.chunkBytes);
const WINDOWS = choices([1, 2, 4, 8, 16, 32, 64], DEFAULT_SEND_OPTIONS.window);

function sizeLabel(bytes: number): string {
  if (bytes >= KiB * KiB) return `${bytes / KiB / KiB} MiB`;
  return bytes >= KiB ? `${bytes / KiB} KiB` : `${bytes} B`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** The folder a staged path is in, as it reads: "/home/a/photos" for "/home/a/photos/x.jpg". */
function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/', path.length - 2), path.lastIndexOf('\\', path.length - 2));
  return cut <= 0 ? path.slice(0, 1) : path.slice(0, cut);
}

const DROP_WORDS = {
  electron: 'Drop files or folders anywhere on this window, or',
  // A browser does not tell a page where dropped files are: only the host's own browser works here.
  browser: 'Choose files and folders on the computer ZeroDrop runs on:',
};

export function SendPanel() {
  const { commands } = useAppContext();
  const recentPeers = useApp((state) => state.settings.recentPeers);
  const staged = useApp((state) => state.staged);
  const shell = useApp((state) => state.hostInfo?.shell);
  const { stage, unstage, clearStaged } = useAppContext().store.getState();
  // The latest peer until the person types another (recent peers arrive after the first render).
  const [typedPeer, setPeer] = useState<string | null>(null);
  const peer = typedPeer ?? recentPeers[0] ?? '';
  const [chunkBytes, setChunkBytes] = useState(DEFAULT_SEND_OPTIONS.chunkBytes);
  const [window, setWindow] = useState(DEFAULT_SEND_OPTIONS.window);
  const [checksum, setChecksum] = useState<ChecksumAlgo>(DEFAULT_SEND_OPTIONS.checksum);
  const browser = useHostBrowserOpening();
  const [sending, setSending] = useState(false);
  // Chosen for one send at a time: encrypted is what every send goes back to.
  const [plain, setPlain] = useState(false);

  const addFiles = async () => {
    if (shell !== 'electron') {
      browser.open();
      return;
    }
    const picked = await commands.pickFiles();
    if (picked) stage(picked);
  };

  const parsed = parsePeerAddress(peer);
  const addressProblem = !peer.trim()
    ? null
    : 'error' in parsed
      ? `This is not an address: ${parsed.error}.`
      : !isEndpoint(parsed.endpoint)
        ? 'This is not an address: type an IP address or a host name, with :port if it is not 5670 (for example 192.168.1.20 or 192.168.1.20:5680), or the address a receiver shows (key@host:port).'
        : null;

  const send = async () => {
    const address = normalizeAddress(peer);
    // The host says what is wrong with an address, in the same words as for any other.
    const endpoint = typeof address === 'string' ? address : peer.trim();
    setSending(true);
    if (await commands.send({ endpoint, paths: [...staged], chunkBytes, window, checksum, ...(plain ? { plain } : {}) })) {
      clearStaged();
      setPeer(endpoint);
      setPlain(false);
    }
    setSending(false);
  };

  return (
    <section className="panel" aria-label="Send settings">
      <div className="field">
        <label htmlFor="peer-address">Receiver address</label>
        <div className="field-controls">
          <input
            id="peer-address"
            list="recent-peers"
            value={peer}
            placeholder="192.168.1.20, host:5670, or an address with a key"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={addressProblem !== null}
            aria-describedby={addressProblem ? 'peer-address-problem' : undefined}
            onChange={(event) => setPeer(event.target.value)}
          />
          <datalist id="recent-peers">
            {recentPeers.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </div>
        {addressProblem && (
          <p id="peer-address-problem" className="error field-problem">
            {addressProblem}
          </p>
        )}
        <label className="plain-choice">
          <input type="checkbox" checked={plain} onChange={(event) => setPlain(event.target.checked)} />
          Send unencrypted (plain PROTOCOL.md v1, for a receiver that cannot encrypt): anyone on the network can read the files
        </label>
      </div>
      <div className="drop-zone">
        <span>{DROP_WORDS[shell === 'electron' ? 'electron' : 'browser']}</span>
        <button type="button" onClick={() => void addFiles()}>
          Add files…
        </button>
      </div>
      {staged.length > 0 && (
        <ul className="staged" aria-label="Ready to send">
          {staged.map((path) => (
            <li key={path} aria-label={safeText(baseName(path))}>
              <span className="staged-name">{safeText(baseName(path))}</span>
              <span className="staged-path" title={safeTextEnd(path, MAX_SHOWN_CHARS)}>
                in {safeText(folderOf(path))}
              </span>
              <button type="button" className="small" aria-label={`Remove ${safeText(baseName(path))}`} onClick={() => unstage(path)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="send-row">
        <details className="options">
          <summary>Options</summary>
          <div className="options-grid">
            <label htmlFor="chunk-size">Chunk size</label>
            <select id="chunk-size" value={chunkBytes} onChange={(event) => setChunkBytes(Number(event.target.value))}>
              {CHUNK_SIZES.map((size) => (
                <option key={size} value={size}>
                  {sizeLabel(size)}
                </option>
              ))}
            </select>
            <label htmlFor="window">Chunks in flight per file</label>
            <select id="window" value={window} onChange={(event) => setWindow(Number(event.target.value))}>
              {WINDOWS.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <label htmlFor="checksum">Checksum</label>
            <select id="checksum" value={checksum} onChange={(event) => setChecksum(event.target.value as ChecksumAlgo)}>
              {CHECKSUM_ALGOS.map((algo) => (
                <option key={algo} value={algo}>
                  {algo.toUpperCase()}
                </option>
              ))}
            </select>
          </div>
        </details>
        <button type="button" className="primary" disabled={sending || !peer.trim() || addressProblem !== null || staged.length === 0} onClick={() => void send()}>
          {staged.length === 0 ? 'Send' : staged.length === 1 ? 'Send 1 item' : `Send ${staged.length} items`}
        </button>
      </div>
      <LatestSendTrust />
      {browser.opening !== null && <HostBrowser key={browser.opening} purpose="files" onChoose={stage} onClose={browser.close} />}
    </section>
  );
}
