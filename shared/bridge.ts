// Names that the Electron preload, main process and renderer must agree on.

/** Globals the preload exposes to the renderer. */
export const BRIDGE_GLOBALS = {
  /** The ZeroDropApi object. */
  api: 'zerodrop',
  /** Electron only: paths of dropped files, which a browser cannot know. */
  droppedFiles: 'zerodropDroppedFiles',
} as const;

/** IPC channels between preload and main. */
export const IPC_CHANNELS = {
  /** invoke(command, args) → result. */
  call: 'zerodrop:call',
  /** send(event, payload), main → renderer. */
  event: 'zerodrop:event',
} as const;

/**
 * What main answers to a call: errors travel as data, because an exception
 * thrown in an IPC handler reaches the renderer wrapped in Electron's own
 * words ("Error invoking remote method …").
 */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: string };
