// What a long session forgets: whole finished batches, oldest first, never a
// batch with a file still going and never the newest, however large.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchBook } from '../../shared/batchBook.js';

function filled(book: BatchBook<string>, batch: string, count: number, ended: boolean): void {
  for (let i = 0; i < count; i++) book.set(`${batch}${i}`, batch, `${batch}${i}`, ended);
}

test('the newest batch stays whole far past the bound, and goes whole once a newer one comes', () => {
  const forgotten: string[][] = [];
  const book = new BatchBook<string>(10, (items) => forgotten.push(items));
  filled(book, 'a', 25, true);
  assert.equal(book.size, 25);
  assert.equal(book.ofBatch('a').length, 25);
  book.set('b0', 'b', 'b0', false);
  assert.deepEqual(book.ofBatch('a'), []);
  assert.equal(book.size, 1);
  assert.equal(forgotten.length, 1);
  assert.equal(forgotten[0]!.length, 25, 'told of every file of the batch before it goes');
});

test('a batch with a file still going stays; it goes once that file ends', () => {
  const book = new BatchBook<string>(4);
  filled(book, 'a', 3, true);
  book.set('a3', 'a', 'a3', false);
  filled(book, 'b', 3, true);
  assert.equal(book.ofBatch('a').length, 4, 'one of its files is still going');
  book.set('a3', 'a', 'a3', true);
  assert.deepEqual(book.ofBatch('a'), []);
  assert.equal(book.ofBatch('b').length, 3);
});

test('a file started again (a retry) holds its batch until it ends again', () => {
  const book = new BatchBook<string>(2);
  filled(book, 'a', 2, true);
  book.set('a0', 'a', 'retried', false);
  filled(book, 'b', 2, true);
  assert.deepEqual(book.ofBatch('a'), ['retried', 'a1']);
  book.set('a0', 'a', 'retried', true);
  book.set('b2', 'b', 'b2', true);
  assert.deepEqual(book.ofBatch('a'), []);
});

test('oldest first: the bound is met by forgetting as few batches as it takes', () => {
  const book = new BatchBook<string>(6);
  filled(book, 'a', 3, true);
  filled(book, 'b', 3, true);
  filled(book, 'c', 3, true);
  assert.deepEqual([book.ofBatch('a').length, book.ofBatch('b').length, book.ofBatch('c').length], [0, 3, 3]);
  assert.deepEqual([...book.ids()], ['b0', 'b1', 'b2', 'c0', 'c1', 'c2']);
});

test('an id seen again under another batch moves to it', () => {
  const book = new BatchBook<string>(100);
  book.set('x', 'a', 'x', true);
  book.set('x', 'b', 'x', true);
  assert.deepEqual(book.ofBatch('a'), []);
  assert.deepEqual(book.ofBatch('b'), ['x']);
  assert.equal(book.size, 1);
});

test('past the hard bound, ended files go one by one, oldest first, even from the newest batch; files still going stay', () => {
  const book = new BatchBook<string>(10, undefined, 10);
  book.set('going', 'endless', 'going', false);
  filled(book, 'endless', 30, true);
  // Each pass forgets down to 90% of the hard bound, so that it does not run at every file.
  assert.ok(book.ofBatch('endless').length <= 1 + 10, `${book.ofBatch('endless').length} kept`);
  assert.ok(book.get('going'));
  assert.equal(book.get('endless0'), undefined);
  assert.ok(book.get('endless29'));
});

test('a batch a callback starts again (a retry while its last word is sent) is not forgotten', () => {
  const book: BatchBook<string> = new BatchBook<string>(2, (items) => {
    if (items.includes('a0')) book.set('a0', 'a', 'a0', false);
  });
  filled(book, 'a', 2, true);
  filled(book, 'b', 1, true);
  assert.deepEqual(book.ofBatch('a'), ['a0', 'a1']);
});
