// The browser shell's own picker: it browses the host's folders (fs.list),
// not the browser's, because the host is where files are read and written.
import { useEffect, useRef, useState } from 'react';
import { formatBytes, messageOf } from '../../shared/format.js';
import type { DirListing } from '../../shared/ipc.js';
import { MAX_SHOWN_CHARS, safeText, safeTextEnd } from '../../shared/safeText.js';
import { useAppContext } from '../context.js';

export interface HostBrowserProps {
  purpose: 'folder' | 'files';
  startDir?: string | null;
  onChoose(paths: string[]): void;
  onClose(): void;
}

/**
 * Which opening of the host browser shows, or null. Each opening is a new
 * number, so a browser opened again before the closed one is gone (Escape,
 * then Enter at once) is a new dialog rather than the closed one kept.
 */
export function useHostBrowserOpening(): { opening: number | null; open(): void; close(): void } {
  const openings = useRef(0);
  const [opening, setOpening] = useState<number | null>(null);
  return { opening, open: () => setOpening(++openings.current), close: () => setOpening(null) };
}

const TITLES = { folder: 'Choose the receive folder', files: 'Add files from this computer' };

/** The folder last shown, where the next opening starts (not the home folder each time). */
let lastShown: string | undefined;

/** "/a/b" + "c" → "/a/b/c", with the host's separator as its paths show it. */
function childPath(parent: string, name: string): string {
  const separator = parent.includes('\\') && !parent.includes('/') ? '\\' : '/';
  return parent.endsWith(separator) ? `${parent}${name}` : `${parent}${separator}${name}`;
}
const HINTS = {
  folder: 'Folders of the computer ZeroDrop runs on. Open a folder, then choose it.',
  files: 'Files of the computer ZeroDrop runs on. Tick files or folders to send; open a folder to look inside.',
};

export function HostBrowser({ purpose, startDir, onChoose, onClose }: HostBrowserProps) {
  const { commands } = useAppContext();
  const dialog = useRef<HTMLDialogElement>(null);
  // Where the keyboard was before the dialog opened, to go back there when it closes.
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  const [listing, setListing] = useState<DirListing | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  /** The folder to list; a new object for each request, so that asking again for the same folder lists it again. */
  const [wanted, setWanted] = useState<{ dir?: string }>({ dir: startDir || lastShown });
  /** The name of a new folder being typed, or null. */
  const [newFolder, setNewFolder] = useState<string | null>(null);
  /** The person typed a path since the last request: their text stays. */
  const edited = useRef(false);

  const open = (dir?: string) => {
    edited.current = false;
    setWanted({ dir });
  };

  useEffect(() => dialog.current?.showModal(), []);

  useEffect(() => {
    // Only the latest request may show its listing: an earlier, slower one must not overwrite it.
    let latest = true;
    commands.listDir(wanted.dir).then(
      (next) => {
        if (!latest) return;
        setListing(next);
        lastShown = next.path;
        if (!edited.current) setTyped(next.path);
        setError(null);
      },
      (err: unknown) => {
        if (latest) setError(`Cannot open ${wanted.dir ?? 'the home folder'}: ${messageOf(err)}`);
      },
    );
    return () => {
      latest = false;
    };
  }, [commands, wanted]);

  const toggle = (path: string) =>
    setSelected((old) => {
      const next = new Set(old);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  const choose = (paths: string[]) => {
    onChoose(paths);
    dialog.current?.close();
  };
  const makeFolder = async (name: string) => {
    if (!listing || !name.trim()) return;
    const dir = childPath(listing.path, name.trim());
    if (await commands.makeDir(dir)) {
      setNewFolder(null);
      open(dir);
    }
  };
  const entries = listing?.entries.filter((entry) => purpose === 'files' || entry.kind === 'dir') ?? [];

  return (
    <dialog
      ref={dialog}
      className="host-browser"
      aria-labelledby="host-browser-title"
      onClose={() => {
        opener.current?.focus();
        onClose();
      }}
    >
      <h2 id="host-browser-title">{TITLES[purpose]}</h2>
      <p className="hint">{HINTS[purpose]}</p>
      <form
        className="path-bar"
        onSubmit={(event) => {
          event.preventDefault();
          open(typed);
        }}
      >
        <button type="button" disabled={!listing?.parent} onClick={() => open(listing?.parent ?? undefined)}>
          Up
        </button>
        <input
          aria-label="Folder path"
          value={typed}
          spellCheck={false}
          onChange={(event) => {
            edited.current = true;
            setTyped(event.target.value);
          }}
        />
        <button type="submit">Go</button>
      </form>
      {newFolder !== null && (
        <form
          className="path-bar"
          onSubmit={(event) => {
            event.preventDefault();
            void makeFolder(newFolder);
          }}
        >
          <input aria-label="New folder name" value={newFolder} spellCheck={false} autoFocus onChange={(event) => setNewFolder(event.target.value)} />
          <button type="submit" disabled={!newFolder.trim()}>
            Create
          </button>
          <button type="button" onClick={() => setNewFolder(null)}>
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="entries" aria-label={listing ? `Contents of ${safeTextEnd(listing.path, MAX_SHOWN_CHARS)}` : 'Loading'}>
        {entries.length === 0 && listing && <li className="empty">{purpose === 'folder' ? 'No folders here.' : 'This folder is empty.'}</li>}
        {entries.map((entry) => (
          <li key={entry.path} className={`entry entry-${entry.kind}`}>
            {purpose === 'files' && (
              <input type="checkbox" aria-label={`Select ${safeText(entry.name)}`} checked={selected.has(entry.path)} onChange={() => toggle(entry.path)} />
            )}
            {entry.kind === 'dir' ? (
              <button type="button" className="entry-open" aria-label={`Open ${safeText(entry.name)}`} onClick={() => open(entry.path)}>
                <span className="icon icon-folder" aria-hidden="true" />
                {safeText(entry.name)}
              </button>
            ) : (
              <span className="entry-file" onClick={() => toggle(entry.path)}>
                <span className="icon icon-file" aria-hidden="true" />
                {safeText(entry.name)}
                <span className="entry-size">{formatBytes(entry.size ?? 0)}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="dialog-new-folder" disabled={!listing || newFolder !== null} onClick={() => setNewFolder('')}>
          New folder…
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        {purpose === 'folder' ? (
          <button type="button" className="primary" disabled={!listing} onClick={() => listing && choose([listing.path])}>
            Use this folder
          </button>
        ) : (
          <button type="button" className="primary" disabled={selected.size === 0} onClick={() => choose([...selected])}>
            {selected.size === 0 ? 'Add selected' : `Add ${selected.size} selected`}
          </button>
        )}
      </div>
    </dialog>
  );
}
