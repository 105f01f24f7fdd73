// The argument schemas of the UI contract: every value a UI sends is checked
// against one of these before a command handler sees it. A page may be
// hostile (the browser shell answers any tab that has the token), so every
// string and list is bounded and every message says, in words, what a value
// must be; the host puts the argument's name in front.
//
// What an absolute path is depends on the host's OS, which only the host
// knows (shared/ runs in the browser too), so the schemas are built for the
// host's own rule; the command table names them by key.
import * as v from 'valibot';
import { CHECKSUM_ALGOS } from '../protocol.js';

const MAX_PATH_CHARS = 4096;
const MAX_PATHS = 100_000;
const MAX_ID_CHARS = 256;
const MAX_ENDPOINT_CHARS = 1024;
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
const MAX_WINDOW = 1024;
const ENDPOINT = /^(tcp:\/\/[^\s/]+:\d{1,5}|ipc:\/\/\S+|inproc:\/\/\S+)$/;
const ENDPOINT_MESSAGE = 'must be a ZeroMQ endpoint such as tcp://192.168.1.20:5670';

/** Whether `text` is an endpoint the host takes, for a UI to say so before sending. */
export function isEndpoint(text: string): boolean {
  return text.length <= MAX_ENDPOINT_CHARS && ENDPOINT.test(text);
}

/** The host OS's `path.isAbsolute`. */
type IsAbsolutePath = (path: string) => boolean;

export function argumentSchemas(isAbsolute: IsAbsolutePath) {
  const pathMessage = `must be a path of 1 to ${MAX_PATH_CHARS} characters`;
  const hostPath = v.pipe(
    boundedString(1, MAX_PATH_CHARS, pathMessage),
    v.check((text) => !text.includes('\0'), pathMessage),
    v.check(isAbsolute, 'must be an absolute path on the host'),
  );
  const endpoint = v.pipe(
    v.string(ENDPOINT_MESSAGE),
    v.maxLength(MAX_ENDPOINT_CHARS, ENDPOINT_MESSAGE),
    v.regex(ENDPOINT, ENDPOINT_MESSAGE),
  );
  const pathsMessage = `must list 1 to ${MAX_PATHS} paths`;
  // The list's length is checked before its paths, so an oversized list is
  // refused without a look at each of its members.
  const paths = v.pipe(
    v.array(v.unknown(), pathsMessage),
    v.minLength(1, pathsMessage),
    v.maxLength(MAX_PATHS, pathsMessage),
    v.array(hostPath),
  );
  return {
    hostPath,
    fileId: boundedString(1, MAX_ID_CHARS, 'must be a file id'),
    batchId: boundedString(1, MAX_ID_CHARS, 'must be a batch id'),
    flag: v.boolean('must be true or false'),
    startRequest: record({
      dir: hostPath,
      /** ZeroMQ endpoint to bind; default tcp://*:5670. */
      bind: v.optional(endpoint),
    }),
    sendRequest: record({
      endpoint,
      /** Absolute paths of files and folders on the host. */
      paths,
      chunkBytes: v.optional(wholeNumber(1, MAX_CHUNK_BYTES)),
      window: v.optional(wholeNumber(1, MAX_WINDOW)),
      checksum: v.optional(v.picklist(CHECKSUM_ALGOS, `must be one of ${CHECKSUM_ALGOS.join(', ')}`)),
    }),
  };
}

type ArgumentSchemas = ReturnType<typeof argumentSchemas>;
export type ArgumentKind = keyof ArgumentSchemas;
/** A checked argument of this kind, as a command handler receives it. */
export type ArgumentOf<K extends ArgumentKind> = v.InferOutput<ArgumentSchemas[K]>;

export type SendRequest = ArgumentOf<'sendRequest'>;

function boundedString(min: number, max: number, message: string) {
  return v.pipe(v.string(message), v.minLength(min, message), v.maxLength(max, message));
}

function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

/** An object with exactly these fields (optional ones may be absent); not a list. */
function record<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'must be an object'),
    v.strictObject(entries, (issue) => (issue.expected === 'never' ? 'is an unknown field' : 'is required')),
  );
}
