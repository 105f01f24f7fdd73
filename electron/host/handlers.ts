// The shape of the host's command handlers, for host.ts and the modules that
// implement a part of the command table.
import type { CommandArgs, CommandName, CommandResult } from '../../shared/ipc.js';

export type CommandHandlers<K extends CommandName = CommandName> = {
  [C in K]: (...args: CommandArgs<C>) => Promise<CommandResult<C>>;
};
