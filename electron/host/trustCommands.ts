// The trust and consent commands: this device, its trust file, and the
// receiving person's answers about batches.
import type { ReceiverActorApi } from '../engine/actors/api.js';
import type { ConsentBook } from './consentBook.js';
import type { CommandHandlers } from './handlers.js';
import type { HostTrust } from './hostTrust.js';

type TrustCommand = Extract<keyof CommandHandlers, `trust.${string}` | `consent.${string}`>;

export function trustCommands(trust: HostTrust, consent: ConsentBook, receiver: ReceiverActorApi): CommandHandlers<TrustCommand> {
  return {
    'trust.identity': () => trust.device(receiver.status()),
    'trust.list': () => trust.list(),
    'trust.setDevice': ({ key, status, name }) => trust.setDevice(key, status, name),
    'trust.rename': ({ key, name }) => trust.rename(key, name),
    'trust.remove': (key) => trust.remove(key),
    'trust.forgetPin': (address) => trust.forgetPin(address),
    'consent.list': async () => consent.list(),
    'consent.answer': async ({ batch, decision }) => {
      // Another window may have answered first, or the time ran out.
      const offer = consent.get(batch);
      if (!offer) throw new Error('That question is no longer open: it was answered, or its time ran out.');
      // The receiver writes this too, but only after the question is
      // withdrawn; written first here, a UI that lists the devices once the
      // answer is taken finds the device there.
      if (decision === 'always' || decision === 'block') await trust.setDevice(offer.key, decision === 'always' ? 'known' : 'blocked', offer.device);
      receiver.answer(batch, decision);
    },
  };
}
