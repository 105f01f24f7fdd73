// Events on their way to a browser tab: progress in slices the tab takes as
// tasks of their own, and a tab that reads slowly gets the rest coalesced.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebSocket } from 'ws';
import { CoalescingEvents, MAX_WAITING } from '../../electron/shell/coalescingEvents.js';
import { PROGRESS_SLICE, type WireToUi } from '../../shared/ipc.js';
import type { FileProgress } from '../../shared/transfer.js';
import { until } from '../support/wait.js';

const file = (id: string, bytes = 0) => ({ id, bytes }) as FileProgress;
const many = (count: number, bytes = 0) => Array.from({ length: count }, (_, i) => file(`f${i}`, bytes));

/** A tab whose socket holds `bytesPerMessage` more unsent bytes with each message, until the test says it read them. */
function tab(bytesPerMessage = 0) {
  const socket = { bufferedAmount: 0, terminated: false, terminate: () => void (socket.terminated = true) };
  const sent: WireToUi[] = [];
  const events = new CoalescingEvents(socket as unknown as WebSocket, (message) => {
    sent.push(message);
    socket.bufferedAmount += bytesPerMessage;
  });
  const slices = () => sent.flatMap((message) => (message.kind === 'event' && message.event === 'files.progress' ? [message.payload as FileProgress[]] : []));
  return { socket, events, slices };
}

test('a burst of files goes in slices of PROGRESS_SLICE, each file once', () => {
  const { events, slices } = tab();
  events.push('files.progress', many(2 * PROGRESS_SLICE + 5));
  assert.deepEqual(slices().map((slice) => slice.length), [PROGRESS_SLICE, PROGRESS_SLICE, 5]);
  assert.equal(new Set(slices().flat().map((f) => f.id)).size, 2 * PROGRESS_SLICE + 5);
});

test('a tab that reads slowly: the rest waits, coalesced to the latest of each file, still in slices', async () => {
  const { socket, events, slices } = tab();
  socket.bufferedAmount = 2 * 1024 * 1024;
  events.push('files.progress', many(3 * PROGRESS_SLICE));
  events.push('files.progress', many(3 * PROGRESS_SLICE, 7));
  events.push('receiver.status', { listening: false } as never);
  assert.deepEqual(slices(), [], 'nothing is sent past the high-water mark');
  socket.bufferedAmount = 0;
  await until(() => slices().length === 3, 'the rest once the tab read');
  assert.deepEqual(slices().map((slice) => slice.length), [PROGRESS_SLICE, PROGRESS_SLICE, PROGRESS_SLICE]);
  assert.ok(slices().flat().every((f) => f.bytes === 7), 'only the latest snapshot of each file');
  events.stop();
});

test('a tab that falls behind between two slices: the next slices wait until it read', async () => {
  const { socket, events, slices } = tab(600 * 1024);
  events.push('files.progress', many(4 * PROGRESS_SLICE));
  assert.equal(slices().length, 2, 'two slices, then the socket is past its mark');
  socket.bufferedAmount = 0;
  await until(() => slices().length === 4, 'the rest once the tab read');
  assert.equal(new Set(slices().flat().map((f) => f.id)).size, 4 * PROGRESS_SLICE);
  events.stop();
});

test('what waits keeps its order: an event pushed after held files comes after them, and each batch the history added comes', async () => {
  const socket = { bufferedAmount: 2 * 1024 * 1024 };
  const sent: string[] = [];
  const events = new CoalescingEvents(socket as unknown as WebSocket, (message) => {
    if (message.kind === 'event') sent.push(message.event === 'history.added' ? `history ${(message.payload as { id: string }).id}` : message.event);
  });
  events.push('files.progress', many(1_500));
  events.push('history.added', { id: 'one' } as never);
  events.push('receiver.status', { listening: true } as never);
  events.push('history.added', { id: 'two' } as never);
  events.push('receiver.status', { listening: false } as never);
  socket.bufferedAmount = 0;
  await until(() => sent.length === 5, 'everything once the tab read');
  // The status's latest payload stands in its first place; both batches the history added come.
  assert.deepEqual(sent, ['files.progress', 'files.progress', 'history one', 'receiver.status', 'history two']);
  events.stop();
});

test('a tab that stops reading is cut off once more files wait than the host keeps: memory does not grow with what peers send', () => {
  const { socket, events, slices } = tab();
  socket.bufferedAmount = 2 * 1024 * 1024;
  for (let sent = 0; sent <= MAX_WAITING; sent += 10_000) events.push('files.progress', Array.from({ length: 10_000 }, (_, i) => file(`r${sent + i}`)));
  assert.equal(socket.terminated, true);
  assert.deepEqual(slices(), []);
  events.stop();
});
