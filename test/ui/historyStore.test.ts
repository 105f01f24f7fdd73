// The History view's store slice and its words: a batch the host records
// comes first, once; choosing a mode leaves the view; what a batch says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchNames, batchOutcome, batchTitle } from '../../shared/historyText.js';
import { createAppStore } from '../../renderer/store/appStore.js';
import { MAX_HISTORY_SHOWN } from '../../renderer/store/history.js';
import { historyRecord } from '../support/historyRecord.js';

test('a recorded batch comes first, once, and only after the history was listed', () => {
  const store = createAppStore();
  const app = () => store.getState();
  app().addHistory(historyRecord('aaaa0001'));
  assert.equal(app().history, null, 'not listed yet: the listing will have it');
  app().setHistory([historyRecord('aaaa0001')]);
  app().addHistory(historyRecord('aaaa0002'));
  app().addHistory(historyRecord('aaaa0002'));
  assert.deepEqual(app().history?.map((b) => b.id), ['aaaa0002', 'aaaa0001']);
  // Batches recorded while the view is open are kept to the newest MAX_HISTORY_SHOWN.
  for (let i = 0; i < MAX_HISTORY_SHOWN + 10; i++) app().addHistory(historyRecord(`b${String(i).padStart(7, '0')}`));
  assert.equal(app().history?.length, MAX_HISTORY_SHOWN);
  assert.equal(app().history?.[0]?.id, `b${String(MAX_HISTORY_SHOWN + 9).padStart(7, '0')}`);
});

test('the History view opens beside the modes; choosing a mode (or files staged to send) leaves it', () => {
  const store = createAppStore();
  store.getState().setHistoryOpen(true);
  assert.equal(store.getState().historyOpen, true);
  store.getState().setMode('receive');
  assert.deepEqual([store.getState().historyOpen, store.getState().mode], [false, 'receive']);
});

test('what a past batch says, its peer’s text made safe', () => {
  const sent = historyRecord('aaaa0001', { files: 5, bytes: 12_000_000, names: ['a.jpg', 'b.jpg', 'c\u202Egpj.exe'] });
  assert.equal(batchTitle(sent), 'Sent 5 files (12 MB) to tcp://192.168.1.20:5670');
  assert.equal(batchNames(sent), 'a.jpg, b.jpg, c\\u{202e}gpj.exe and 2 more');
  assert.equal(batchOutcome(sent), 'Done');
  const received = historyRecord('aaaa0002', { direction: 'receive', peer: '3f9a0c21b7d4', files: 1, bytes: 5 });
  assert.equal(batchTitle(received), 'Received 1 file (5 B) from 3f9a0c21b7d4');
  assert.equal(batchOutcome({ ...sent, outcome: 'partial', done: 3, error: 'no-space: disk full' }), '3 of 5 done (no-space: disk full)');
  assert.equal(batchOutcome({ ...sent, outcome: 'failed', done: 0, error: 'unreachable' }), 'Failed (unreachable)');
  assert.equal(batchOutcome({ ...sent, outcome: 'cancelled', done: 0 }), 'Cancelled');
  // Large counts are read as people read them, as the batch card writes them.
  const large = historyRecord('aaaa0003', { files: 100_000, bytes: 5, names: ['a', 'b'] });
  assert.equal(batchTitle(large), 'Sent 100,000 files (5 B) to tcp://192.168.1.20:5670');
  assert.equal(batchNames(large), 'a, b and 99,998 more');
  assert.equal(batchOutcome({ ...large, outcome: 'partial', done: 12_345 }), '12,345 of 100,000 done');
});
