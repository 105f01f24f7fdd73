// The sandboxed preload: the renderer's one narrow API object over IPC.
// A sandboxed preload cannot load local files, so it imports only types and
// repeats the few names it needs, each typed so that a mismatch with
// shared/ does not compile.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file under verbatimModuleSyntax loads values only by require
import electron = require('electron');
import type { BridgeGlobals, CallOutcome, IpcChannels } from '../../shared/bridge.js';
import type { CommandArgs, CommandName, CommandResult, EventName, Events, ZeroDropApi } from '../../shared/ipc.js';

const { contextBridge, ipcRenderer, webUtils } = electron;

const CALL: IpcChannels['call'] = 'zerodrop:call';
const EVENT: IpcChannels['event'] = 'zerodrop:event';
const API_GLOBAL: BridgeGlobals['api'] = 'zerodrop';
const DROPPED_GLOBAL: BridgeGlobals['droppedFiles'] = 'zerodropDroppedFiles';

/** Every command of the contract: `satisfies ZeroDropApi` below fails if one is missing. */
const COMMANDS = [
  'host.info',
  'settings.get',
  'settings.setReceiveDir',
  'receiver.start',
  'receiver.stop',
  'receiver.status',
  'sender.send',
  'sender.cancel',
  'sender.retry',
  'files.list',
  'fs.pickFolder',
  'fs.pickFiles',
  'fs.list',
  'shell.openPath',
  'shell.revealPath',
] as const satisfies readonly CommandName[];

type Bound<N extends CommandName> = { [K in N]: (...args: CommandArgs<K>) => Promise<CommandResult<K>> };

async function call(command: CommandName, args: unknown[]): Promise<unknown> {
  const outcome = (await ipcRenderer.invoke(CALL, command, args)) as CallOutcome;
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.value;
}

function bind<N extends CommandName>(names: readonly N[]): Bound<N> {
  const bound: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of names) bound[name] = (...args) => call(name, args);
  // Each name was bound to a call of that very command.
  return bound as unknown as Bound<N>;
}

const listeners = new Map<EventName, Set<(payload: never) => void>>();
ipcRenderer.on(EVENT, (_event, name: EventName, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload as never);
});

const api = {
  ...bind(COMMANDS),
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  },
} satisfies ZeroDropApi;

contextBridge.exposeInMainWorld(API_GLOBAL, api);
contextBridge.exposeInMainWorld(DROPPED_GLOBAL, { pathOf: (file: File) => webUtils.getPathForFile(file) });
