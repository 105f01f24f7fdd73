// Bytes below the protocol (ZMTP 3, rfc.zeromq.org/spec/23): broken
// handshakes, frames over the limit, reserved flags, commands inside
// messages, random and truncated bytes. Each says whether the receiver must
// drop the connection for it.
import { commandBody, encodeCommand, encodeMessage, FLAG_COMMAND, FLAG_LONG, FLAG_MORE } from '../../../electron/engine/zmtp/frameWriter.js';
import { GREETING_BYTES, ourGreeting, readyBody } from '../../../electron/engine/zmtp/greeting.js';
import type { Rng } from './random.js';
import type { RawStep } from './steps.js';

function raw(what: string, bytes: Buffer, dropped: boolean | null, fresh = false): RawStep {
  return { kind: 'raw', what, bytes, dropped, fresh };
}

function greeting(major: number, mechanism: string): Buffer {
  const g = ourGreeting();
  g[10] = major;
  g.fill(0, 12, 32).write(mechanism, 12, 'latin1');
  return g;
}

function longHeader(flags: number, size: bigint): Buffer {
  const head = Buffer.alloc(9);
  head[0] = flags | FLAG_LONG;
  head.writeBigUInt64BE(size, 1);
  return head;
}

/** A connection's first bytes that are no ZMTP 3 NULL handshake of a DEALER or REQ. */
function badOpening(rng: Rng): RawStep {
  const ready = (type: string) => encodeCommand(readyBody({ 'Socket-Type': type }));
  return rng.pick([
    () => raw('random bytes for a greeting', Buffer.concat([Buffer.from([rng.int(255)]), rng.bytes(rng.between(0, 200))]), true, true),
    () => raw('an HTTP request', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), true, true),
    () => raw('a ZMTP 1.0 greeting', Buffer.from([0x01, 0x00]), true, true),
    () => raw('a ZMTP 2.0 greeting', greeting(1, 'NULL').subarray(0, 12), true, true),
    () => raw('the CURVE mechanism', greeting(3, 'CURVE'), true, true),
    () => raw('the PLAIN mechanism', greeting(3, 'PLAIN'), true, true),
    () => raw('a message before READY', Buffer.concat([greeting(3, 'NULL'), encodeMessage(['HELLO', 'x'])]), true, true),
    () => raw(`a READY of a ${'SUB'} socket`, Buffer.concat([greeting(3, 'NULL'), ready(rng.pick(['SUB', 'PUB', 'ROUTER', 'PAIR', '']))]), true, true),
    () => raw('malformed READY properties', Buffer.concat([greeting(3, 'NULL'), encodeCommand(Buffer.concat([readyBody({}), Buffer.from([9, 0x41])]))]), true, true),
    () => raw('a truncated greeting', ourGreeting().subarray(0, rng.between(1, GREETING_BYTES - 1)), null, true),
  ])();
}

/** Bytes on a connection past its handshake. */
function badTraffic(rng: Rng): RawStep {
  return rng.pick([
    () => raw('a frame of 2^40 bytes', longHeader(0, 2n ** 40n), true),
    () => raw('a frame over the largest message', Buffer.concat([longHeader(0, BigInt(33 * 1024 * 1024 + 65 * 1024)), rng.bytes(100)]), true),
    () => raw('a frame of 2^63 bytes', longHeader(0, 2n ** 63n), true),
    () => raw('reserved frame flags', Buffer.from([0x08 << rng.int(5), 1, 0]), true),
    () => raw('a command inside a message', Buffer.concat([Buffer.from([FLAG_MORE, 1, 0x41]), encodeCommand(commandBody('PING', Buffer.alloc(2)))]), true),
    () => raw('a command of 1 MiB', longHeader(FLAG_COMMAND, 1n << 20n), true),
    () => raw('a ZMTP ERROR command', encodeCommand(commandBody('ERROR', Buffer.from([3, 0x61, 0x62, 0x63]))), true),
    () => raw('a PING', encodeCommand(commandBody('PING', Buffer.from([0, 10, 1, 2, 3]))), false),
    () => raw('an unknown command', encodeCommand(commandBody('HELLO', rng.bytes(rng.int(20)))), false),
    () => raw('random bytes', rng.bytes(rng.between(1, 300)), null),
    () => raw('a truncated message', encodeMessage(['CHUNK', 'cut.bin', '0', '5', 'crc32:00000000', 'abcde']).subarray(0, rng.between(1, 40)), null),
  ])();
}

export function rawStep(rng: Rng): RawStep {
  return rng.chance(0.4) ? badOpening(rng) : badTraffic(rng);
}
