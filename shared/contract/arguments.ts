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
import { ACCEPT_POLICIES, CONSENT_DECISIONS } from '../trust.js';

const MAX_PATH_CHARS = 4096;
const MAX_PATHS = 100_000;
const MAX_ID_CHARS = 256;
const MAX_ENDPOINT_CHARS = 1024;
const MAX_CHUNK_BYTES = 64 * 1024 * 1024;
const MAX_WINDOW = 1024;
/** A port, 0 to 65535. */
const PORT = '([0-5]?\\d{1,4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])';
// tcp:// with a port, or ipc://: what the engine can bind and connect to (zmtp/endpoint.ts; inproc:// carries no ZMTP).
const ENDPOINT = new RegExp(`^(tcp://[^\\s/]+:${PORT}|ipc://\\S+)$`);
const ENDPOINT_MESSAGE = 'must be a ZeroMQ endpoint such as tcp://192.168.1.20:5670';
/** A receiver's address that carries its key (shared/peerAddress.ts): `<base32 key>@host:port`. */
const KEY_ADDRESS = new RegExp(`^[a-z2-7]{52}@[^\\s/@]+:${PORT}$`);
const ADDRESS_MESSAGE = `${ENDPOINT_MESSAGE}, or one with the receiver's key, such as <key>@192.168.1.20:5670`;
const KEY = /^[a-z2-7]{52}$/;
const KEY_MESSAGE = "must be a device's public key (52 letters and digits)";
const MAX_DEVICE_NAME_CHARS = 64;
const BATCH_ID = /^[0-9a-f]{32}$/;
const MAX_PIN_ADDRESS_CHARS = 300;
export const MIN_ASK_SECONDS = 1;
export const MAX_ASK_SECONDS = 600;

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
  const address = v.pipe(
    v.string(ADDRESS_MESSAGE),
    v.maxLength(MAX_ENDPOINT_CHARS, ADDRESS_MESSAGE),
    v.check((text) => ENDPOINT.test(text) || KEY_ADDRESS.test(text), ADDRESS_MESSAGE),
  );
  const deviceKey = v.pipe(v.string(KEY_MESSAGE), v.regex(KEY, KEY_MESSAGE));
  const deviceName = boundedString(1, MAX_DEVICE_NAME_CHARS, `must be a name of 1 to ${MAX_DEVICE_NAME_CHARS} characters`);
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
    /** A kept partial's id, as receiver.partials lists it. */
    partialId: v.pipe(v.string('must be a partial file id'), v.regex(/^[0-9a-f]{24}$/, 'must be a partial file id')),
    flag: v.boolean('must be true or false'),
    startRequest: record({
      dir: hostPath,
      /** ZeroMQ endpoint to bind; default tcp://*:5670. */
      bind: v.optional(endpoint),
    }),
    sendRequest: record({
      /** Where to send: an endpoint, or an address with the receiver's key (which is then verified). */
      endpoint: address,
      /** The person chose to send unencrypted (plain PROTOCOL.md v1) to this peer; default encrypted. */
      plain: v.optional(v.boolean('must be true or false')),
      /** Absolute paths of files and folders on the host. */
      paths,
      chunkBytes: v.optional(wholeNumber(1, MAX_CHUNK_BYTES)),
      window: v.optional(wholeNumber(1, MAX_WINDOW)),
      checksum: v.optional(v.picklist(CHECKSUM_ALGOS, `must be one of ${CHECKSUM_ALGOS.join(', ')}`)),
    }),
    /** How long the receiving person has to answer about a batch. */
    askSeconds: wholeNumber(MIN_ASK_SECONDS, MAX_ASK_SECONDS),
    acceptPolicy: v.picklist(ACCEPT_POLICIES, `must be one of ${ACCEPT_POLICIES.join(', ')}`),
    deviceKey,
    /** A device's status in the trust file, and optionally the name to keep for it. */
    deviceStatus: record({
      key: deviceKey,
      status: v.picklist(['known', 'blocked'], 'must be known or blocked'),
      name: v.optional(deviceName),
    }),
    deviceRename: record({ key: deviceKey, name: deviceName }),
    /** host:port as a pin is kept under. */
    pinAddress: boundedString(1, MAX_PIN_ADDRESS_CHARS, `must be an address of 1 to ${MAX_PIN_ADDRESS_CHARS} characters`),
    /** Where a listing of files goes on (FilesPage.next). */
    filesCursor: record({
      direction: v.picklist(['send', 'receive'], 'must be send or receive'),
      after: wholeNumber(-1, Number.MAX_SAFE_INTEGER),
    }),
    consentAnswer: record({
      batch: v.pipe(v.string('must be a batch id'), v.regex(BATCH_ID, 'must be a batch id')),
      decision: v.picklist(CONSENT_DECISIONS, `must be one of ${CONSENT_DECISIONS.join(', ')}`),
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
