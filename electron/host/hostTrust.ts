// This device's identity and its trust file as the UI sees them: the same
// files in the same config folder as `zerodrop id` and `zerodrop trust`, so a
// change made in either is seen by the other.
import type { DeviceInfo, TrustList } from '../../shared/ipc.js';
import type { ReceiverStatus } from '../../shared/transfer.js';
import { fingerprint, keyText, loadOrCreateIdentity, type DeviceIdentity } from '../engine/trust/deviceIdentity.js';
import { base32Decode } from '../engine/trust/textCodecs.js';
import { setDevice, TrustStore, type KnownDevice, type TrustData } from '../engine/trust/trustStore.js';

export class HostTrust {
  private identity: Promise<DeviceIdentity> | null = null;
  private store: Promise<TrustStore> | null = null;

  constructor(readonly configDir: string) {}

  /** This device; made on first use. A damaged key file is reported, never replaced (and asked again next time). */
  async device(receiver: ReceiverStatus): Promise<DeviceInfo> {
    const identity = await this.loadIdentity();
    return {
      name: identity.name,
      fingerprint: fingerprint(identity.publicKey),
      key: keyText(identity.publicKey),
      // Only an encrypted receiver's addresses carry the key.
      addresses: receiver.encryption ? receiver.addresses : [],
    };
  }

  async list(): Promise<TrustList> {
    return listing(await (await this.openStore()).read());
  }

  setDevice(key: string, status: KnownDevice['status'], name?: string): Promise<TrustList> {
    return this.change((data) => setDevice(data, key, status, name));
  }

  rename(key: string, name: string): Promise<TrustList> {
    return this.change((data) => {
      const device = data.devices.find((d) => d.key === key);
      if (!device) throw new Error('No device with that key is known or blocked here.');
      device.name = name;
    });
  }

  remove(key: string): Promise<TrustList> {
    return this.change((data) => {
      if (!data.devices.some((d) => d.key === key)) throw new Error('No device with that key is known or blocked here.');
      data.devices = data.devices.filter((d) => d.key !== key);
    });
  }

  forgetPin(address: string): Promise<TrustList> {
    return this.change((data) => {
      if (!data.pins.some((p) => p.address === address)) throw new Error(`No receiver key is pinned for ${address}.`);
      data.pins = data.pins.filter((p) => p.address !== address);
    });
  }

  private async change(edit: (data: TrustData) => void): Promise<TrustList> {
    return listing(await (await this.openStore()).update(edit));
  }

  private loadIdentity(): Promise<DeviceIdentity> {
    const loading = (this.identity ??= loadOrCreateIdentity(this.configDir));
    loading.catch(() => {
      if (this.identity === loading) this.identity = null;
    });
    return loading;
  }

  private openStore(): Promise<TrustStore> {
    const opening = (this.store ??= TrustStore.open(this.configDir));
    opening.catch(() => {
      if (this.store === opening) this.store = null;
    });
    return opening;
  }
}

/** The trust file with each key's fingerprint, for a person to compare. */
function listing(data: TrustData): TrustList {
  return {
    devices: data.devices.map(({ key, name, status, added }) => ({ key, fingerprint: printOf(key), name, status, added })),
    pins: data.pins.map(({ address, key, name, firstSeen }) => ({ address, key, fingerprint: printOf(key), name, firstSeen })),
  };
}

function printOf(key: string): string {
  const bytes = base32Decode(key);
  return bytes ? fingerprint(bytes) : '(not a key)';
}
