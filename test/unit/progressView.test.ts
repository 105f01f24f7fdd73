import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProgressView } from '../../electron/cli/progressView.js';
import { MAX_ENDED_FILES, type FileProgress } from '../../shared/transfer.js';

function file(id: number, status: FileProgress['status']): FileProgress {
  return {
    id: `f${id}`,
    direction: 'receive',
    name: `f${id}.bin`,
    size: 10,
    bytes: status === 'done' ? 10 : 0,
    status,
    chunkMap: { chunkSize: 10, chunks: 1, runs: [] },
    retries: 0,
    peer: 'p',
    batch: 'b1',
    startedAt: 0,
    updatedAt: 0,
  };
}

test('each ended file is reported once, and a receiver that saw more files than it keeps still counts them all', (t) => {
  const lines: string[] = [];
  t.mock.method(process.stdout, 'write', (text: string) => lines.push(text) > 0);
  const view = new ProgressView('lines');
  view.update([file(0, 'active')]);
  view.update([file(0, 'done')]);
  view.update([file(0, 'done')]);
  assert.equal(lines.filter((line) => line.includes('f0.bin')).length, 1);
  const many = MAX_ENDED_FILES + 50;
  for (let i = 1; i <= many; i++) view.update([file(i, 'done')]);
  view.update([file(many, 'done')]);
  t.mock.restoreAll();
  assert.equal(view.outcomes.done, many + 1);
  assert.equal(lines.filter((line) => line.includes(`f${many}.bin`)).length, 1);
});
