// `zerodrop id`: this device's name, fingerprint and public key.
import { parseArgs } from 'node:util';
import { fingerprint, keyText, loadOrCreateIdentity } from '../engine/trust/deviceIdentity.js';
import { configDirOf } from './args.js';

export const ID_USAGE = `zerodrop id [--config-dir DIR] [--json]
  Shows this device's name, its fingerprint (to compare aloud) and its public
  key, made on first use in the app's data folder (--config-dir).
  --json prints one object: {"name", "fingerprint", "publicKey"}.`;

export async function runId(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'config-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const identity = await loadOrCreateIdentity(configDirOf(values['config-dir']));
  const shown = { name: identity.name, fingerprint: fingerprint(identity.publicKey), publicKey: keyText(identity.publicKey) };
  process.stdout.write(
    values.json ? `${JSON.stringify(shown)}\n` : `Device:      ${shown.name}\nFingerprint: ${shown.fingerprint}\nPublic key:  ${shown.publicKey}\n`,
  );
  return 0;
}
