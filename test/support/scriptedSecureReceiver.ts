// An encrypted receiver played by the test: its plain port answers KEY with
// a real key and its CURVE port (a draft SERVER socket, as ZeroDrop's) holds
// a real handshake, then each request gets what the test says. So a test
// can be a receiver that breaks the extensions' rules on purpose, which the
// real one never does.
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import { Server } from 'zeromq/lib/draft.js';
import { encodeChallenge, encodeKeyAnswer } from '../../electron/engine/protocol/extensions.js';
import { packFrames, unpackFrames } from '../../electron/engine/protocol/packedFrames.js';
import { curveKeys, keyText, loadOrCreateIdentity, type DeviceIdentity } from '../../electron/engine/trust/deviceIdentity.js';
import { commandOf, ScriptedReceiver } from './scriptedReceiver.js';
import { tempDir } from './tmp.js';

/** The reply frames for a request on the encrypted port; `null` answers nothing. */
export type SecureAnswer = (request: Buffer[]) => Array<string | Uint8Array> | null;

const servers: Server[] = [];
after(() => {
  for (const server of servers.splice(0)) server.close();
});

/** What ZeroDrop's receiver answers when all goes well, for the requests a test does not script. */
export function willingly(askSeconds = 30): SecureAnswer {
  return (request) => (commandOf(request)[0] === 'CHALLENGE' ? encodeChallenge(randomBytes(32), askSeconds) : ['READY']);
}

export interface ScriptedSecureReceiver {
  /** The plain port, where KEY is asked. */
  endpoint: string;
  /** `KEY@host:port`: verified, so that no first contact is pinned. */
  address: string;
  identity: DeviceIdentity;
  /** Every request on the encrypted port so far, in order. */
  requests: Buffer[][];
  /** Its plain port's answer to KEY (for a test's own plain port to give). */
  keyAnswer: Array<string | Buffer>;
}

/**
 * `announce`: the key its plain port gives for it, when not its own (an
 * impostor's answer); `name`: the name it gives itself.
 */
export async function startScriptedSecureReceiver(answer: SecureAnswer, announce?: Buffer, name = 'scripted'): Promise<ScriptedSecureReceiver> {
  const identity = await loadOrCreateIdentity(await tempDir('zd-scripted'), 'scripted');
  const server = new Server({ linger: 0, curveServer: true, curveSecretKey: curveKeys(identity).curveSecretKey });
  servers.push(server);
  await server.bind('tcp://127.0.0.1:0');
  const securePort = Number(/:(\d+)$/.exec(server.lastEndpoint!)![1]);
  const requests: Buffer[][] = [];
  void (async () => {
    try {
      for await (const [message, { routingId }] of server) {
        const frames = unpackFrames(message) ?? [];
        requests.push(frames);
        const reply = answer(frames);
        if (reply) await server.send(packFrames(reply), { routingId });
      }
    } catch {
      // The socket was closed.
    }
  })();
  const keyAnswer = encodeKeyAnswer({ key: announce ?? identity.publicKey, name, port: securePort }).map((f) => (typeof f === 'string' ? f : Buffer.from(f)));
  const plain = await ScriptedReceiver.start((request) => (commandOf(request)[0] === 'KEY' ? keyAnswer : ['ERROR', 'denied: encrypted only']));
  return { endpoint: plain.endpoint, address: `${keyText(identity.publicKey)}@${plain.endpoint.replace('tcp://', '')}`, identity, requests, keyAnswer };
}
