// Run-time checks of what a UI sends, for every transport: Electron IPC and
// the browser shell's WebSocket both pass untrusted values through here
// before a command handler sees them.
import path from 'node:path';
import { COMMAND_NAMES, type CommandArgs, type CommandName, type SendRequest, type StartReceivingRequest } from '../../shared/ipc.js';
import { CHECKSUM_ALGOS, type ChecksumAlgo } from '../../shared/protocol.js';

export class InvalidCallError extends Error {}

const MAX_PATH_CHARS = 4096;
const MAX_PATHS = 100_000;
const MAX_ID_CHARS = 256;
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
const MAX_WINDOW = 1024;
const ENDPOINT = /^(tcp:\/\/[^\s/]+:\d{1,5}|ipc:\/\/\S+|inproc:\/\/\S+)$/;

type Check<T> = (value: unknown, label: string) => T;

const absolutePath: Check<string> = (value, label) => {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH_CHARS || value.includes('\0')) {
    throw new InvalidCallError(`${label} must be a path of 1 to ${MAX_PATH_CHARS} characters`);
  }
  if (!path.isAbsolute(value)) throw new InvalidCallError(`${label} must be an absolute path on the host`);
  return value;
};

const endpoint: Check<string> = (value, label) => {
  if (typeof value !== 'string' || value.length > 1024 || !ENDPOINT.test(value)) {
    throw new InvalidCallError(`${label} must be a ZeroMQ endpoint such as tcp://192.168.1.20:5670`);
  }
  return value;
};

const fileId: Check<string> = (value, label) => {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_CHARS) {
    throw new InvalidCallError(`${label} must be a file id`);
  }
  return value;
};

function integer(min: number, max: number): Check<number> {
  return (value, label) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new InvalidCallError(`${label} must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

const checksum: Check<ChecksumAlgo> = (value, label) => {
  if (!CHECKSUM_ALGOS.includes(value as ChecksumAlgo)) {
    throw new InvalidCallError(`${label} must be one of ${CHECKSUM_ALGOS.join(', ')}`);
  }
  return value as ChecksumAlgo;
};

function record(value: unknown, label: string, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidCallError(`${label} must be an object`);
  }
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra !== undefined) throw new InvalidCallError(`${label} has an unknown field "${extra}"`);
  return value as Record<string, unknown>;
}

/** Copies the optional fields that are present, each checked. */
function optionalFields<T extends object>(
  source: Record<string, unknown>,
  label: string,
  checks: { [K in keyof T]-?: Check<T[K]> },
): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(checks) as Array<keyof T & string>) {
    if (source[key] !== undefined) out[key] = checks[key](source[key], `${label}.${key}`);
  }
  return out;
}

const startRequest: Check<StartReceivingRequest> = (value, label) => {
  const fields = record(value, label, ['dir', 'bind']);
  return {
    dir: absolutePath(fields.dir, `${label}.dir`),
    ...optionalFields<Pick<StartReceivingRequest, 'bind'>>(fields, label, { bind: endpoint }),
  };
};

const sendRequest: Check<SendRequest> = (value, label) => {
  const fields = record(value, label, ['endpoint', 'paths', 'chunkBytes', 'window', 'checksum']);
  const { paths } = fields;
  if (!Array.isArray(paths) || paths.length === 0 || paths.length > MAX_PATHS) {
    throw new InvalidCallError(`${label}.paths must list 1 to ${MAX_PATHS} paths`);
  }
  return {
    endpoint: endpoint(fields.endpoint, `${label}.endpoint`),
    paths: paths.map((p, i) => absolutePath(p, `${label}.paths[${i}]`)),
    ...optionalFields<Omit<SendRequest, 'endpoint' | 'paths'>>(fields, label, {
      chunkBytes: integer(1, MAX_CHUNK_BYTES),
      window: integer(1, MAX_WINDOW),
      checksum,
    }),
  };
};

type ArgsCheck<K extends CommandName> = (args: unknown[]) => CommandArgs<K>;

function none(args: unknown[]): [] {
  if (args.length !== 0) throw new InvalidCallError('takes no arguments');
  return [];
}

function one<T>(check: Check<T>, label: string): (args: unknown[]) => [T] {
  return (args) => {
    if (args.length !== 1) throw new InvalidCallError(`takes one argument, ${label}`);
    return [check(args[0], label)];
  };
}

function optionalOne<T>(check: Check<T>, label: string): (args: unknown[]) => [T?] {
  return (args) => {
    if (args.length > 1) throw new InvalidCallError(`takes at most one argument, ${label}`);
    return args[0] === undefined || args[0] === null ? [] : [check(args[0], label)];
  };
}

/** One argument check per command; the compiler demands every command. */
export const ARGUMENT_CHECKS: { [K in CommandName]: ArgsCheck<K> } = {
  'host.info': none,
  'settings.get': none,
  'settings.setReceiveDir': one(absolutePath, 'dir'),
  'receiver.start': one(startRequest, 'request'),
  'receiver.stop': none,
  'receiver.status': none,
  'sender.send': one(sendRequest, 'request'),
  'sender.cancel': one(fileId, 'fileId'),
  'sender.retry': one(fileId, 'fileId'),
  'files.list': none,
  'fs.pickFolder': optionalOne(absolutePath, 'startDir'),
  'fs.pickFiles': none,
  'fs.list': optionalOne(absolutePath, 'dir'),
  'shell.openPath': one(absolutePath, 'path'),
  'shell.revealPath': one(absolutePath, 'path'),
};

function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(COMMAND_NAMES, value);
}

/** A call whose command and arguments have been checked. */
export type CheckedCall = { [K in CommandName]: { command: K; args: CommandArgs<K> } }[CommandName];

export function checkCall(command: unknown, args: unknown): CheckedCall {
  if (!isCommandName(command)) throw new InvalidCallError(`unknown command ${JSON.stringify(command)}`);
  if (!Array.isArray(args)) throw new InvalidCallError(`${command}: arguments must be a list`);
  try {
    return { command, args: ARGUMENT_CHECKS[command](args) } as CheckedCall;
  } catch (error) {
    if (error instanceof InvalidCallError) throw new InvalidCallError(`${command}: ${error.message}`);
    throw error;
  }
}
