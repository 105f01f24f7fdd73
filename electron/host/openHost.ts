// Assembles a host from the engine's two actors and the settings in a
// config folder; the Electron main process and the browser shell both start here.
import { createReceiverActor } from '../engine/actors/receiverActor.js';
import { createSenderActor } from '../engine/actors/senderActor.js';
import { Host, type HostPlatform } from './host.js';
import { SettingsStore } from './settings.js';

export async function openHost(configDir: string, platform: HostPlatform): Promise<Host> {
  const settings = await SettingsStore.open(configDir);
  return new Host({ receiver: createReceiverActor(), sender: createSenderActor(), settings, platform });
}
