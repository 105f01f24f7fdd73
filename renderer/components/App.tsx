// The window: top bar, the panel of the current mode, and its files. Files
// dropped anywhere are staged for sending.
import type { DragEvent } from 'react';
import { useApp, useAppContext } from '../context.js';
import { ConsentDialogs } from './ConsentDialog.js';
import { FileList } from './FileList.js';
import { HistoryView } from './HistoryView.js';
import { NoticeBar } from './NoticeBar.js';
import { ReceivePanel } from './ReceivePanel.js';
import { SendPanel } from './SendPanel.js';
import { SettingsView } from './SettingsView.js';
import { TopBar } from './TopBar.js';

const NO_DROPPED_PATHS =
  'A browser does not tell ZeroDrop where dropped files are on disk. Use “Add files…” to choose them from this computer’s files.';

export function App() {
  const { store, connection } = useAppContext();
  const mode = useApp((state) => state.mode);
  const historyOpen = useApp((state) => state.historyOpen);
  const connected = useApp((state) => state.connection === 'open');
  const settingsOpen = useApp((state) => state.settingsOpen);

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const files = [...event.dataTransfer.files];
    if (files.length === 0) return;
    const app = store.getState();
    app.setMode('send');
    const pathOf = connection.pathOfDroppedFile;
    if (pathOf) app.stage(files.map(pathOf).filter(Boolean));
    else app.notify({ kind: 'info', text: NO_DROPPED_PATHS });
  };

  return (
    <div className="app" onDragOver={onDragOver} onDrop={onDrop}>
      <TopBar />
      <main className="content">
        <NoticeBar />
        {historyOpen ? (
          <HistoryView />
        ) : settingsOpen ? (
          <SettingsView />
        ) : (
          // Nothing can be done without the host: its controls wait for it, visibly.
          <fieldset className="host-controls" disabled={!connected}>
            {mode === 'receive' ? <ReceivePanel /> : <SendPanel />}
            <FileList direction={mode} />
          </fieldset>
        )}
      </main>
      <ConsentDialogs />
    </div>
  );
}
