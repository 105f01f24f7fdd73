// `zerodrop trust`: the devices this one knows or blocks, and the receiver
// keys it pinned per address.
import { parseArgs } from 'node:util';
import { hostPort, parsePeerAddress } from '../../shared/peerAddress.js';
import { safeText } from '../../shared/safeText.js';
import { parseKey, setDevice, TrustStore, type TrustData } from '../engine/trust/trustStore.js';
import { configDirOf, UsageError } from './args.js';

export const TRUST_USAGE = `zerodrop trust list | add KEY | remove KEY | block KEY | unblock KEY | forget-pin ADDRESS [--name NAME] [--config-dir DIR] [--json]
  Known devices may send to a receiver that accepts known devices only; blocked
  ones are refused before their connection is set up, and unblock makes one
  known again. forget-pin lets the next send to ADDRESS learn the receiver's
  key afresh; ADDRESS is written as for send (host, host:port, tcp://…).
  KEY is a public key as \`zerodrop id\` prints it. list --json prints
  {"devices": […], "pins": […]}. --name names the device (add, block,
  unblock). Exit 1: remove or forget-pin found nothing, or the data folder's
  files are damaged or locked.`;

function keyArgument(text: string | undefined): string {
  const key = text === undefined ? null : parseKey(text);
  if (!key) throw new UsageError(`expected a device's public key (52 letters and digits, as \`zerodrop id\` prints it), not ${JSON.stringify(text ?? '')}`);
  return key;
}

function listing(data: TrustData): string {
  const devices = data.devices.map((d) => `  ${d.status === 'blocked' ? 'blocked' : 'known  '}  ${d.key}  ${safeText(d.name)}`);
  const pins = data.pins.map((p) => `  ${safeText(p.address)}  ${p.key}  ${safeText(p.name)}`);
  return `Devices:\n${devices.join('\n') || '  (none)'}\nPinned receivers:\n${pins.join('\n') || '  (none)'}\n`;
}

export async function runTrust(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'config-dir': { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const [action, target, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected ${JSON.stringify(extra[0])}`);
  const store = await TrustStore.open(configDirOf(values['config-dir']));
  switch (action) {
    case 'list': {
      const data = await store.read();
      process.stdout.write(values.json ? `${JSON.stringify({ devices: data.devices, pins: data.pins })}\n` : listing(data));
      return 0;
    }
    case 'add':
    case 'unblock':
      await store.update((data) => setDevice(data, keyArgument(target), 'known', values.name));
      return 0;
    case 'block':
      await store.update((data) => setDevice(data, keyArgument(target), 'blocked', values.name));
      return 0;
    case 'remove': {
      const key = keyArgument(target);
      let found = false;
      await store.update((data) => {
        found = data.devices.some((d) => d.key === key);
        data.devices = data.devices.filter((d) => d.key !== key);
      });
      if (!found) process.stderr.write(`zerodrop: no device with that key was known\n`);
      return found ? 0 : 1;
    }
    case 'forget-pin': {
      if (!target) throw new UsageError('forget-pin takes the address whose pin to forget');
      // Pins are kept under host:port, whichever way the address was written to send.
      const parsed = parsePeerAddress(target);
      if ('error' in parsed) throw new UsageError(parsed.error);
      const address = hostPort(parsed.endpoint);
      let found = false;
      await store.update((data) => {
        found = data.pins.some((p) => p.address === address);
        data.pins = data.pins.filter((p) => p.address !== address);
      });
      if (!found) process.stderr.write(`zerodrop: no key was pinned for ${safeText(address)}\n`);
      return found ? 0 : 1;
    }
    default:
      throw new UsageError(`trust takes list, add, remove, block, unblock or forget-pin, not ${JSON.stringify(action ?? '')}`);
  }
}
