// The host's book of files for a UI that (re)connects: a batch sent stays
// whole for the person's commands, files received stay bounded whatever a
// peer sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileBook } from '../../electron/host/fileBook.js';
import type { Direction, FileProgress } from '../../shared/transfer.js';

const files = (direction: Direction, batch: string, count: number, status: FileProgress['status'] = 'failed') =>
  Array.from({ length: count }, (_, i) => ({ id: `${direction}-${batch}-${i}`, direction, batch, status, name: `f${i}` }) as FileProgress);

test('a batch sent stays whole past the received bound, for Retry failed; files received are bounded even in one endless batch', () => {
  const book = new FileBook(1_000, 10);
  book.update(files('send', 'big', 500));
  book.update(files('receive', 'endless', 50, 'done'));
  assert.equal(book.ofBatch('send', 'big').length, 500);
  const received = book.ofBatch('receive', 'endless');
  assert.ok(received.length <= 10, `${received.length} received files kept`);
  assert.equal(book.get('receive-endless-0'), undefined, 'the oldest went first');
  assert.ok(book.get('receive-endless-49'));
  assert.equal(book.list().length, 500 + received.length);
});
