// A folder on the host: typed, or chosen with the system picker (Electron)
// or with the host browser (browser shell).
import { useState } from 'react';
import { useApp, useAppContext } from '../context.js';
import { HostBrowser } from './HostBrowser.js';

export interface FolderFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
}

export function FolderField({ id, label, value, onChange, disabled }: FolderFieldProps) {
  const { commands } = useAppContext();
  const shell = useApp((state) => state.hostInfo?.shell);
  const [browsing, setBrowsing] = useState(false);

  const choose = async () => {
    if (shell !== 'electron') {
      setBrowsing(true);
      return;
    }
    const picked = await commands.pickFolder(value || undefined);
    if (picked) onChange(picked);
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
      {browsing && <HostBrowser purpose="folder" startDir={value || null} onChoose={([dir]) => dir && onChange(dir)} onClose={() => setBrowsing(false)} />}
    </div>
  );
}
