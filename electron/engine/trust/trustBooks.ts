// The trust file as the sender and the receiver use it: the sender's pins
// (the receiver key trusted for each address) and the receiver's book of
// known and blocked devices. Reads go to the file each time, so a change
// made by `zerodrop trust` or the app applies at the next handshake.
import type { DeviceBook } from '../receiver/deviceGate.js';
import type { PinBook, SenderSecurity } from '../sender/secureLink.js';
import { loadOrCreateIdentity } from './deviceIdentity.js';
import { setDevice, TrustStore } from './trustStore.js';

export function pinBook(store: TrustStore): PinBook {
  return {
    async pinned(address) {
      const pin = (await store.read()).pins.find((p) => p.address === address);
      return pin ? { key: pin.key, name: pin.name } : null;
    },
    async pin(address, key, name) {
      await store.update((data) => {
        data.pins = data.pins.filter((p) => p.address !== address);
        data.pins.push({ address, key, name, firstSeen: new Date().toISOString() });
      });
    },
  };
}

export function deviceBook(store: TrustStore): DeviceBook {
  return {
    async status(key) {
      return (await store.read()).devices.find((d) => d.key === key)?.status ?? null;
    },
    async remember(key, name, status) {
      await store.update((data) => setDevice(data, key, status, name));
    },
  };
}

/** This device's identity and pins, from its config folder (made on first use). */
export async function senderSecurity(configDir: string): Promise<SenderSecurity> {
  const identity = await loadOrCreateIdentity(configDir);
  return { identity, pins: pinBook(await TrustStore.open(configDir)) };
}
