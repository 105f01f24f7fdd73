// The trust part of the UI's state: this device, its trust file (loaded
// while Settings is open), and the questions the receiving person is asked.
import type { DeviceInfo, TrustList } from '../../shared/ipc.js';
import type { BatchOffer } from '../../shared/trust.js';

export interface TrustState {
  /** The Settings view is shown instead of Send or Receive. */
  settingsOpen: boolean;
  device: DeviceInfo | null;
  trustList: TrustList | null;
  /** Open questions about batches, oldest first. */
  consent: readonly BatchOffer[];
}

export interface TrustActions {
  setSettingsOpen(open: boolean): void;
  setDevice(device: DeviceInfo): void;
  setTrustList(list: TrustList): void;
  setConsent(pending: readonly BatchOffer[]): void;
}

type Set = (partial: Partial<TrustState>) => void;

export function trustSlice(set: Set): TrustState & TrustActions {
  return {
    settingsOpen: false,
    device: null,
    trustList: null,
    consent: [],
    setSettingsOpen: (settingsOpen) => set({ settingsOpen }),
    setDevice: (device) => set({ device }),
    setTrustList: (trustList) => set({ trustList }),
    setConsent: (consent) => set({ consent }),
  };
}
