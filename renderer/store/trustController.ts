// Binds the trust commands and events to the store: this device (on every
// connect), the open questions (on connect and as they change), the trust
// file (while Settings is open: the CLI or an answer of Always may change
// it), and the person's choices, each failure shown as a notice.
import type { TrustList } from '../../shared/ipc.js';
import { messageOf } from '../../shared/format.js';
import type { AcceptPolicy, ConsentDecision } from '../../shared/trust.js';
import type { HostConnection } from '../api/connection.js';
import type { AppStore } from './appStore.js';

export interface TrustCommands {
  answer(batch: string, decision: ConsentDecision): Promise<void>;
  setAccept(accept: AcceptPolicy): Promise<void>;
  setAcceptPlain(acceptPlain: boolean): Promise<void>;
  setAskSeconds(seconds: number): Promise<void>;
  setDeviceStatus(key: string, status: 'known' | 'blocked'): Promise<void>;
  rename(key: string, name: string): Promise<void>;
  remove(key: string): Promise<void>;
  forgetPin(address: string): Promise<void>;
}

export function bindTrust(connection: HostConnection, store: AppStore): { trust: TrustCommands; dispose(): void } {
  const { api } = connection;
  const app = () => store.getState();
  const attempt = async (what: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      app().notify({ kind: 'error', text: `${what}: ${messageOf(error)}` });
    }
  };
  const loadTrustList = () => attempt('Cannot read the known devices', async () => app().setTrustList(await api['trust.list']()));
  const load = () =>
    attempt('Cannot read this device’s identity', async () => {
      const [device, pending] = await Promise.all([api['trust.identity'](), api['consent.list']()]);
      app().setDevice(device);
      app().setConsent(pending);
      if (app().settingsOpen) await loadTrustList();
    });
  const editList = (what: string, run: () => Promise<TrustList>) => attempt(what, async () => app().setTrustList(await run()));

  const unsubscribes = [
    api.on('consent.pending', (pending) => {
      app().setConsent(pending);
      // An answer of Always or Block changed the trust file.
      if (app().settingsOpen) void loadTrustList();
    }),
    connection.onState((state) => {
      if (state === 'open') void load();
    }),
    store.subscribe((state, before) => {
      if (state.settingsOpen && !before.settingsOpen) void loadTrustList();
    }),
  ];
  if (connection.state() === 'open') void load();

  const trust: TrustCommands = {
    answer: (batch, decision) =>
      attempt('Cannot answer', async () => {
        await api['consent.answer']({ batch, decision });
        if (app().settingsOpen && (decision === 'always' || decision === 'block')) await loadTrustList();
      }),
    setAccept: (accept) => attempt('Cannot change who may send', async () => app().setSettings(await api['settings.setAccept'](accept))),
    setAcceptPlain: (flag) => attempt('Cannot change the setting', async () => app().setSettings(await api['settings.setAcceptPlain'](flag))),
    setAskSeconds: (seconds) => attempt('Cannot change the setting', async () => app().setSettings(await api['settings.setAskSeconds'](seconds))),
    setDeviceStatus: (key, status) => editList('Cannot change the device', () => api['trust.setDevice']({ key, status })),
    rename: (key, name) => editList('Cannot rename the device', () => api['trust.rename']({ key, name })),
    remove: (key) => editList('Cannot remove the device', () => api['trust.remove'](key)),
    forgetPin: (address) => editList('Cannot forget the key', () => api['trust.forgetPin'](address)),
  };
  return { trust, dispose: () => unsubscribes.forEach((unsubscribe) => unsubscribe()) };
}
