// ZMTP 3 framing: whatever way the bytes are split, the same messages come
// out; every bound holds. Pure, no sockets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { FrameData } from '../../shared/protocol.js';
import { joined } from '../../electron/engine/protocol/pieces.js';
import { FrameReader, type FrameReaderLimits } from '../../electron/engine/zmtp/frameReader.js';
import { encodeCommand, encodeMessage, encodeParts } from '../../electron/engine/zmtp/frameWriter.js';
import { greetingProblem, ourGreeting, readyBody, readyProperties } from '../../electron/engine/zmtp/greeting.js';

const LIMITS: FrameReaderLimits = { maxMessageBytes: 1 << 20, maxFrames: 8, cappedFrameBytes: 64, maxCommandBytes: 256 };

function decode(bytes: Buffer, cuts: number[], keepWhole: (index: number, size: number) => boolean = () => true, limits = LIMITS) {
  const messages: Array<{ frames: string[]; count: number; sizes: number[] }> = [];
  const commands: string[] = [];
  const reader = new FrameReader(limits, {
    keepWhole: (index, _kept, size) => keepWhole(index, size),
    message: (frames, count, sizes) => messages.push({ frames: frames.map((f) => joined(f).toString('latin1')), count, sizes }),
    command: (body) => commands.push(body.toString('latin1')),
  });
  let at = 0;
  let problem: string | null = null;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    problem ??= reader.push(bytes.subarray(at, cut));
    at = cut;
  }
  return { messages, commands, problem, buffered: reader.buffered };
}

const frame = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a).toString('latin1'));

test('any split of the byte stream gives the same messages', () => {
  fc.assert(
    fc.property(fc.array(fc.array(frame, { minLength: 1, maxLength: 6 }), { maxLength: 5 }), fc.array(fc.nat(20_000)), (messages, cuts) => {
      const bytes = Buffer.concat(messages.map((m) => encodeMessage(m.map((f) => Buffer.from(f, 'latin1')))));
      const out = decode(bytes, cuts);
      assert.equal(out.problem, null);
      assert.deepEqual(out.messages, messages.map((frames) => ({ frames, count: frames.length, sizes: frames.map((f) => Buffer.byteLength(f, 'latin1')) })));
      assert.equal(out.buffered, 0);
    }),
  );
});

test('a frame kept whole comes out in blocks of its own: the reads it came in can be overwritten at once', () => {
  const data = Buffer.alloc(600_000);
  for (let at = 0; at < data.length; at += 4) data.writeUInt32BE(at, at);
  const stream = encodeMessage(['CHUNK', data]);
  // One buffer reused for every read, as the plain port's sockets do; cut anywhere.
  const readBuffer = Buffer.alloc(70_000);
  let out: FrameData[] = [];
  const reader = new FrameReader(LIMITS, { keepWhole: (index) => index === 1, message: (frames) => (out = frames), command: () => undefined });
  for (let at = 0, n = 1; at < stream.length; at += n, n = (n * 7 + 13) % 70_000 || 1) {
    const read = readBuffer.subarray(0, Math.min(n, stream.length - at));
    stream.copy(read, 0, at, at + read.length);
    assert.equal(reader.push(read), null);
    readBuffer.fill(0xee);
  }
  const body = out[1]!;
  assert.ok(!(body instanceof Uint8Array), 'in blocks');
  assert.equal(body.length, data.length);
  assert.ok(joined(body).equals(data), 'every byte as sent, though each read was overwritten after it was pushed');
  assert.deepEqual(body.pieces.map((p) => p.length), [262_144, 262_144, 600_000 - 2 * 262_144], 'blocks of 256 KiB, the last of what was left');
  assert.ok(body.pieces.every((p) => p.buffer !== readBuffer.buffer));
});

test('reads straight into a frame\'s blocks, mixed with pushes anywhere, give the same messages', () => {
  const big = fc.integer({ min: 0, max: 700_000 }).map((n) => {
    const b = Buffer.allocUnsafe(n);
    for (let at = 0; at + 4 <= n; at += 4) b.writeUInt32BE((at * 2654435761) >>> 0, at);
    return b;
  });
  fc.assert(
    fc.property(fc.array(fc.tuple(big, fc.boolean()), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1 }), (datas, sizes) => {
      const sent = datas.map(([data, small]) => ['CHUNK', small ? data.subarray(0, 100) : data]);
      const bytes = Buffer.concat(sent.map((m) => encodeMessage(m)));
      const out: Buffer[] = [];
      const reader = new FrameReader({ ...LIMITS, maxMessageBytes: 1 << 21 }, { keepWhole: (index) => index === 1, message: (frames) => out.push(joined(frames[1]!)), command: () => undefined });
      let filledBytes = 0;
      for (let at = 0, step = 0; at < bytes.length; step++) {
        const want = Math.min(sizes[step % sizes.length]!, bytes.length - at);
        const target = reader.readTarget();
        if (target) {
          // The socket reads what the target holds at most.
          const n = Math.min(want, target.length);
          bytes.copy(target, 0, at, at + n);
          reader.filled(n);
          filledBytes += n;
          at += n;
        } else {
          assert.equal(reader.push(bytes.subarray(at, at + want)), null);
          at += want;
        }
      }
      assert.equal(out.length, sent.length);
      out.forEach((data, i) => assert.ok(data.equals(sent[i]![1] as Buffer), `message ${i}`));
      if (datas.some(([data, small]) => !small && data.length > 600_000)) assert.ok(filledBytes > 0, 'a large frame was read in place');
    }),
    { numRuns: 60 },
  );
});

test('what an unfinished message holds counts each block it took in full, before its bytes arrive; what it moved counts its bytes', () => {
  const reader = new FrameReader(LIMITS, { keepWhole: (index) => index === 1, message: () => undefined, command: () => undefined });
  const stream = encodeMessage(['CHUNK', Buffer.alloc(600_000)]);
  const header = stream.length - 600_000;
  assert.equal(reader.push(stream.subarray(0, header + 1)), null);
  assert.equal(reader.buffered, 262_144, 'one byte of data, one block held');
  assert.equal(reader.arrived, 1, 'what the chunk has moved is its bytes, not its blocks');
  assert.ok(reader.readTarget());
  assert.equal(reader.buffered, 262_144, 'offering the rest of that block to read into holds nothing more');
  assert.equal(reader.push(stream.subarray(header + 1, header + 262_145)), null);
  assert.equal(reader.buffered, 2 * 262_144, 'its next byte began a second block');
  assert.equal(reader.arrived, 262_145);
  assert.equal(reader.push(stream.subarray(header + 262_145)), null);
  assert.equal(reader.buffered, 0, 'the message ended');
  assert.equal(reader.arrived, 0);
});

test('frames not kept whole are cut to the cap, their true sizes kept; a message keeps at most maxFrames frames and counts all', () => {
  const long = 'x'.repeat(1000);
  const offered: number[] = [];
  const out = decode(encodeMessage(['HELLO', long, ...Array.from({ length: 20 }, () => 'y')]), [3, 70, 500], (index, size) => {
    offered.push(size);
    return index === 0;
  });
  assert.equal(out.messages.length, 1);
  assert.equal(out.messages[0]!.count, 22);
  assert.equal(out.messages[0]!.frames.length, 8);
  assert.equal(out.messages[0]!.frames[1], long.slice(0, 64));
  assert.deepEqual(out.messages[0]!.sizes, [5, 1000, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(offered, [5, 1000, 1, 1, 1, 1, 1, 1], 'keepWhole is asked with each kept frame’s size');
});

test('a budget stops the reader at the end of a message; the rest, pushed again, gives the same messages', () => {
  fc.assert(
    fc.property(fc.array(fc.array(frame, { minLength: 1, maxLength: 4 }), { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 3 })), (messages, budgets) => {
      const bytes = Buffer.concat(messages.map((m) => encodeMessage(m.map((f) => Buffer.from(f, 'latin1')))));
      const out: string[][] = [];
      const reader = new FrameReader(LIMITS, { keepWhole: () => true, message: (frames) => out.push(frames.map((f) => joined(f).toString('latin1'))), command: () => undefined });
      let rest = bytes;
      for (let turn = 0; rest.length > 0; turn++) {
        const budget = budgets[turn % Math.max(1, budgets.length)] ?? 1;
        reader.budget = budget;
        const before = out.length;
        assert.equal(reader.push(rest), null);
        assert.ok(out.length - before <= budget, 'no more messages than the budget');
        if (reader.consumed < rest.length) assert.equal(out.length - before, budget, 'it stops early only once the budget is spent');
        rest = rest.subarray(reader.consumed);
      }
      assert.deepEqual(out, messages);
    }),
  );
});

test('a message over the limit, reserved flags, an oversized command or one inside a message end the connection', () => {
  assert.match(decode(Buffer.from([0x02, 0, 0, 0, 0, 0, 0x20, 0, 0]), [])!.problem!, /over/);
  assert.match(decode(Buffer.from([0x08, 0]), []).problem!, /reserved/);
  assert.match(decode(encodeCommand(Buffer.alloc(300)), []).problem!, /command/);
  assert.match(decode(Buffer.concat([Buffer.from([0x01, 1, 65]), encodeCommand(Buffer.from([4, 80, 73, 78, 71]))]), []).problem!, /inside a message/);
});

test('commands come out whole; READY properties are read, Identity included, and malformed ones refused', () => {
  const body = readyBody({ 'Socket-Type': 'DEALER', Identity: '\u0000\u006b\u008b\u0045\u0067' });
  const out = decode(encodeCommand(body), [1, 2, 5]);
  assert.deepEqual(out.commands, [body.toString('latin1')]);
  const properties = readyProperties(body) as Map<string, Buffer>;
  assert.equal(properties.get('socket-type')!.toString(), 'DEALER');
  assert.equal(properties.get('identity')!.length, 5);
  assert.equal(typeof readyProperties(body.subarray(0, body.length - 1)), 'string');
});

test('a greeting is judged on what has arrived', () => {
  assert.equal(greetingProblem(ourGreeting()), null);
  assert.equal(greetingProblem(ourGreeting().subarray(0, 5)), null);
  assert.match(greetingProblem(Buffer.from('GET'))!, /not a ZMTP/);
  const old = ourGreeting();
  old[10] = 1;
  assert.match(greetingProblem(old.subarray(0, 11))!, /ZMTP 2/);
  const curve = ourGreeting();
  curve.write('CURVE\0', 12, 'latin1');
  assert.match(greetingProblem(curve)!, /CURVE/);
});

test('a message in parts is the same bytes as in one buffer; only large byte bodies go as they are, strings never', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 600 })), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 300 }), (frames, ownBytes) => {
      const parts = encodeParts(frames, ownBytes);
      assert.deepEqual(Buffer.concat(parts), encodeMessage(frames));
      for (const frame of frames) {
        const asIs = parts.includes(frame as Uint8Array);
        assert.equal(asIs, typeof frame !== 'string' && frame.length >= ownBytes);
      }
    }),
  );
});
