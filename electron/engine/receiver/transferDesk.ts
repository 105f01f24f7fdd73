// Where transfers begin and are found. HELLO opens one; RESUME continues
// what this device's transfer of the same file holds (taken over from an
// old connection, or kept as a partial); every later request finds its own
// transfer, and a transfer acts only for its owner: a device on the
// encrypted port, the connection itself in plain v1.
import type { Reply, ReceiverLimits } from '../../../shared/protocol.js';
import { safeText } from '../../../shared/safeText.js';
import { errorReply, ProtocolError } from '../protocol/codec.js';
import { encodeHeld, type ExtensionRequest } from '../protocol/extensions.js';
import { quoted } from '../protocol/names.js';
import { deviceOwner, type Answer, type DeviceGate } from './deviceGate.js';
import type { PartialKeeper } from './partialKeeper.js';
import type { ReceiveFolder } from './receiveFolder.js';
import type { ReplyChannel } from './replyChannel.js';
import { Transfer, type TransferHooks } from './transfer.js';
import type { TransferBook } from './transferBook.js';

export interface DeskParts {
  readonly limits: ReceiverLimits;
  readonly transfers: TransferBook;
  readonly gate: DeviceGate | null;
  readonly hooks: TransferHooks;
  /** The folder and the partials of the receiver's current run. */
  folder(): ReceiveFolder;
  partials(): PartialKeeper | null;
  /** The channel of a connection, by its peer key. */
  channel(key: string): ReplyChannel | undefined;
  /** At the limit of transfers in all: frees a place if one may go. */
  makeRoom(): boolean;
}

export class TransferDesk {
  constructor(private readonly parts: DeskParts) {}

  /** Who acts on transfers for this channel: its device (encrypted), else the connection itself. */
  ownerOf(channel: ReplyChannel): string {
    const device = this.parts.gate?.deviceOf(channel.peer.key);
    return device ? deviceOwner(device) : channel.peer.key;
  }

  /** The transfer of `name` this channel's owner has in transit, or the error its request gets. */
  own(channel: ReplyChannel, name: string): Transfer {
    const transfer = this.parts.transfers.get(name);
    if (!transfer || transfer.owner !== this.ownerOf(channel) || transfer.finishing) {
      const refused = channel.refusal(name);
      if (refused && !transfer) throw new ProtocolError('denied', refused);
      throw new ProtocolError('unknown-transfer', `${quoted(name)} is not being received from you; send HELLO first`);
    }
    return transfer;
  }

  hello(channel: ReplyChannel, name: string, batch: string | null): Promise<Reply> {
    if (this.parts.transfers.has(name)) throw new ProtocolError('busy', `${quoted(name)} is already being received`);
    const transfer = this.open(channel, name, batch);
    // A device that sends a file afresh (HELLO, not RESUME) gives up what was kept of it.
    const device = this.parts.gate?.deviceOf(channel.peer.key);
    if (device) void this.parts.partials()?.dropFor(device.key, name);
    return transfer.opened();
  }

  /**
   * RESUME (docs/protocol-extensions.md §3.5): HELLO that continues what this
   * device's transfer of the same file holds — in transit (taken over from
   * its old connection) or kept as a partial — or starts it afresh.
   */
  async resume(channel: ReplyChannel, request: Extract<ExtensionRequest, { cmd: 'RESUME' }>): Promise<Answer> {
    const { gate, transfers } = this.parts;
    const device = gate!.requireDevice(channel.peer.key);
    gate!.admit(device, request.batch);
    const { name, size, fileId } = request;
    const existing = transfers.get(name);
    if (existing && (existing.owner !== deviceOwner(device) || existing.finishing)) throw new ProtocolError('busy', `${quoted(name)} is already being received`);
    if (existing?.partial && existing.partial.size === size && existing.partial.fileId === fileId) {
      this.parts.channel(existing.via)?.ended(name);
      channel.opened(name);
      existing.via = channel.peer.key;
      existing.wireBatch = request.batch;
      await existing.temp;
      return { frames: encodeHeld(existing.chunks) };
    }
    // Another version of the file than the one in transit: that one goes.
    if (existing) await existing.abort(errorReply('unknown-transfer', `${quoted(name)} was sent again as another version`));
    if (transfers.has(name)) throw new ProtocolError('busy', `${quoted(name)} is already being received`);
    const transfer = this.open(channel, name, request.batch, this.parts.partials()!.open(device.key, name, size, fileId));
    const reply = await transfer.opened();
    return reply.ok ? { frames: encodeHeld(transfer.chunks) } : reply;
  }

  /** A new transfer of `name` for this channel's owner (its temporary file or partial being opened). */
  private open(channel: ReplyChannel, name: string, wireBatch: string | null, resumable?: ConstructorParameters<typeof Transfer>[6]): Transfer {
    const { limits, transfers } = this.parts;
    if (channel.transfers.size >= limits.maxTransfersPerSender) {
      throw new ProtocolError('limit', `you have ${channel.transfers.size} transfers in transit, the most this receiver allows`);
    }
    if (transfers.size >= limits.maxTransfers && !this.parts.makeRoom()) {
      throw new ProtocolError('limit', `${transfers.size} transfers are in transit, the most this receiver allows`);
    }
    const device = this.parts.gate?.deviceOf(channel.peer.key);
    // An encrypted batch is the one its sender offered; a plain one, what the connection sends until it falls idle.
    const plainBatch = channel.opened(name);
    const label = device ? safeText(device.name, 40) : undefined;
    const transfer = new Transfer(name, this.ownerOf(channel), wireBatch ?? plainBatch, this.parts.folder(), this.parts.hooks, label, resumable);
    transfer.wireBatch = wireBatch;
    transfer.via = channel.peer.key;
    transfers.add(transfer);
    this.parts.hooks.changed(transfer);
    return transfer;
  }
}
