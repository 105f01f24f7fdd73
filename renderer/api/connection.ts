// How the renderer reaches its host: the one API object of the contract,
// whichever transport carries it, and whether that transport is up.
import type { ZeroDropApi } from '../../shared/ipc.js';
import type { ConnectionState } from '../store/appStore.js';

export interface HostConnection {
  api: ZeroDropApi;
  state(): ConnectionState;
  /** Returns its own unsubscribe. */
  onState(listener: (state: ConnectionState) => void): () => void;
  /** A dropped file's path on the host; null where the shell cannot know it. */
  pathOfDroppedFile: ((file: File) => string) | null;
}
