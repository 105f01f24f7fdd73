// ZMTP 3 handshake for the NULL mechanism (rfc.zeromq.org/spec/23 and /37):
// the 64-byte greeting and the READY command. Pure: no sockets.
//
// ZeroDrop reads the handshake itself (see ../receiver/listener.ts) so that
// nothing a peer claims about itself — its routing id above all — reaches
// libzmq: a claimed id that collides with one libzmq generates aborts the
// whole process inside libzmq.
export const GREETING_BYTES = 64;

/** A side of PROTOCOL.md §1: the socket type it says it is, and those it talks to. */
export interface SocketRole {
  type: string;
  peers: ReadonlySet<string>;
}

/** The receiver is a ROUTER; a sender may use a DEALER or a REQ. */
export const RECEIVER_ROLE: SocketRole = { type: 'ROUTER', peers: new Set(['DEALER', 'REQ']) };
/** ZeroDrop's plain sender is a DEALER, and sends only to a ROUTER. */
export const SENDER_ROLE: SocketRole = { type: 'DEALER', peers: new Set(['ROUTER']) };

/** Our greeting: ZMTP 3.1, NULL mechanism, not as-server. */
export function ourGreeting(): Buffer {
  const greeting = Buffer.alloc(GREETING_BYTES);
  greeting[0] = 0xff;
  greeting[9] = 0x7f;
  greeting[10] = 3;
  greeting[11] = 1;
  greeting.write('NULL', 12, 'latin1');
  return greeting;
}

/**
 * Why a peer's greeting, as far as it has arrived, is not one we speak
 * with, or null. Deciding on a prefix drops a peer of another protocol
 * that waits for us instead of leaving it hanging.
 */
export function greetingProblem(greeting: Uint8Array): string | null {
  const seen = greeting.length;
  if (seen >= 1 && greeting[0] !== 0xff) return 'not a ZMTP peer';
  if (seen >= 10 && (greeting[9]! & 0x01) !== 0x01) return 'a ZMTP 1.0 peer; ZMTP 3.0 or later is needed';
  if (seen >= 11 && greeting[10]! < 3) return `a ZMTP ${greeting[10]! + 1}.x peer; ZMTP 3.0 or later is needed`;
  if (seen >= 32) {
    const mechanism = Buffer.from(greeting.subarray(12, 32)).toString('latin1').replace(/\0+$/, '');
    if (mechanism !== 'NULL') return `the ${JSON.stringify(mechanism.slice(0, 20))} mechanism is not offered on this endpoint`;
  }
  return null;
}

/** The body of a READY command carrying `properties`. */
export function readyBody(properties: Record<string, string>): Buffer {
  const parts: Buffer[] = [Buffer.from([5]), Buffer.from('READY', 'latin1')];
  for (const [name, value] of Object.entries(properties)) {
    const size = Buffer.alloc(4);
    size.writeUInt32BE(Buffer.byteLength(value, 'latin1'));
    parts.push(Buffer.from([name.length]), Buffer.from(name, 'latin1'), size, Buffer.from(value, 'latin1'));
  }
  return Buffer.concat(parts);
}

/** A command body's name: its first byte is the name's length. */
export function commandName(body: Uint8Array): string {
  const length = body[0] ?? 0;
  return Buffer.from(body.subarray(1, 1 + length)).toString('latin1');
}

/**
 * The properties of a READY body, or a problem. Only Socket-Type is used;
 * Identity, the routing id a peer asks for, is read past and never used.
 */
export function readyProperties(body: Uint8Array): Map<string, Buffer> | string {
  if (commandName(body) !== 'READY') return `expected READY, got ${JSON.stringify(commandName(body).slice(0, 20))}`;
  const properties = new Map<string, Buffer>();
  let at = 6;
  while (at < body.length) {
    const nameLength = body[at]!;
    const valueAt = at + 1 + nameLength + 4;
    if (nameLength === 0 || valueAt > body.length) return 'malformed READY properties';
    const name = Buffer.from(body.subarray(at + 1, at + 1 + nameLength)).toString('latin1');
    const valueLength = Buffer.from(body.buffer, body.byteOffset + valueAt - 4, 4).readUInt32BE(0);
    if (valueAt + valueLength > body.length) return 'malformed READY properties';
    properties.set(name.toLowerCase(), Buffer.from(body.subarray(valueAt, valueAt + valueLength)));
    at = valueAt + valueLength;
  }
  return properties;
}
