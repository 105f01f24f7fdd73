// Names that the Electron preload, main process and renderer must agree on.
// The sandboxed preload cannot import values, so it repeats these literals
// typed as the members below: a spelling mismatch is a compile error.

/** Globals the preload exposes to the renderer. */
export interface BridgeGlobals {
  /** The ZeroDropApi object. */
  api: 'zerodrop';
  /** Electron only: paths of dropped files, which a browser cannot know. */
  droppedFiles: 'zerodropDroppedFiles';
}

/** IPC channels between preload and main. */
export interface IpcChannels {
  /** invoke(command, args) → result. */
  call: 'zerodrop:call';
  /** send(event, payload), main → renderer. */
  event: 'zerodrop:event';
}

export const BRIDGE_GLOBALS: BridgeGlobals = { api: 'zerodrop', droppedFiles: 'zerodropDroppedFiles' };
export const IPC_CHANNELS: IpcChannels = { call: 'zerodrop:call', event: 'zerodrop:event' };

/**
 * What main answers to a call: errors travel as data, because an exception
 * thrown in an IPC handler reaches the renderer wrapped in Electron's own
 * words ("Error invoking remote method …").
 */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: string };
