// Run-time checks of what a UI sends, for every transport: Electron IPC and
// the browser shell's WebSocket both pass untrusted values through here
// before a command handler sees them. The checks are the command table's
// (shared/contract/commands.ts), with its schemas built for this OS's paths.
import path from 'node:path';
import * as v from 'valibot';
import { argumentSchemas } from '../../shared/contract/arguments.js';
import { COMMANDS, type CommandArgs, type CommandName } from '../../shared/contract/commands.js';
import type { Argument } from '../../shared/contract/declare.js';
import { bounded, issueText } from './issueText.js';

export class InvalidCallError extends Error {}

const SCHEMAS = argumentSchemas(path.isAbsolute);

/** A call whose command and arguments have been checked. */
export type CheckedCall = { [K in CommandName]: { command: K; args: CommandArgs<K> } }[CommandName];

export function checkCall(command: unknown, args: unknown): CheckedCall {
  if (!isCommandName(command)) {
    throw new InvalidCallError(`unknown command ${typeof command === 'string' ? JSON.stringify(bounded(command)) : `of type ${typeof command}`}`);
  }
  if (!Array.isArray(args)) throw new InvalidCallError(`${command}: arguments must be a list`);
  const problem = (what: string) => new InvalidCallError(`${command}: ${what}`);
  // The table pairs each command with its argument, so the checked list is that command's.
  return { command, args: checkArguments(COMMANDS[command].takes, args, problem) } as CheckedCall;
}

function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(COMMANDS, value);
}

function checkArguments(takes: Argument | null, args: unknown[], problem: (what: string) => Error): unknown[] {
  if (takes === null) {
    if (args.length !== 0) throw problem('takes no arguments');
    return [];
  }
  const [value] = args;
  if (takes.optional) {
    if (args.length > 1) throw problem(`takes at most one argument, ${takes.name}`);
    if (value === undefined || value === null) return [];
  } else if (args.length !== 1) {
    throw problem(`takes one argument, ${takes.name}`);
  }
  // abortEarly: one message, and no more work on a value already refused.
  const checked = v.safeParse(SCHEMAS[takes.kind] as v.GenericSchema, value, { abortEarly: true });
  if (!checked.success) throw problem(issueText(takes.name, checked.issues[0]));
  return [checked.output];
}
