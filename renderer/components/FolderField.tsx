// A folder on the host: typed, or chosen with the system picker (Electron)
// or with the host browser (browser shell).
import { useApp, useAppContext } from '../context.js';
import { HostBrowser, useHostBrowserOpening } from './HostBrowser.js';

export interface FolderFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** A folder chosen with a picker, not typed. */
  onPick?(value: string): void;
  disabled?: boolean;
}

export function FolderField({ id, label, value, onChange, onPick, disabled }: FolderFieldProps) {
  const picked = (dir: string) => {
    onChange(dir);
    onPick?.(dir);
  };
  const { commands } = useAppContext();
  const shell = useApp((state) => state.hostInfo?.shell);
  const browser = useHostBrowserOpening();

  const choose = async () => {
    if (shell !== 'electron') {
      browser.open();
      return;
    }
    const dir = await commands.pickFolder(value || undefined);
    if (dir) picked(dir);
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field-controls">
        <input
          id={id}
          className="path-input"
          value={value}
          placeholder="No folder chosen"
          spellCheck={false}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
        />
        <button type="button" onClick={() => void choose()} disabled={disabled}>
          Choose folder…
        </button>
      </div>
      {browser.opening !== null && (
        <HostBrowser key={browser.opening} purpose="folder" startDir={value || null} onChoose={([dir]) => dir && picked(dir)} onClose={browser.close} />
      )}
    </div>
  );
}
