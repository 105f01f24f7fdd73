// Assembles a host from the engine's two actors and the settings and history
// in a config folder; the Electron main process and the browser shell both start here.
import { createReceiverActor } from '../engine/actors/receiverActor.js';
import { createSenderActor } from '../engine/actors/senderActor.js';
import { HistoryLog } from './history/historyLog.js';
import { Host, type HostPlatform } from './host.js';
import { HostTrust } from './hostTrust.js';
import { SettingsStore } from './settings.js';
import { startLowered } from './threadPriority.js';

export async function openHost(configDir: string, platform: HostPlatform): Promise<Host> {
  const settings = await SettingsStore.open(configDir);
  const [receiver, sender] = await startLowered(() => [createReceiverActor(), createSenderActor()] as const);
  return new Host({ receiver, sender, settings, history: new HistoryLog(configDir), trust: new HostTrust(configDir), platform });
}
