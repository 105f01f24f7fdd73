// The host's book of files for a UI that (re)connects: a batch sent stays
// whole for the person's commands, files received stay bounded whatever a
// peer sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FileBook } from '../../electron/host/fileBook.js';
import type { FilesCursor } from '../../shared/ipc.js';
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
  assert.equal(book.page(undefined, Infinity).files.length, 500 + received.length);
});

/** Every page of a listing from the start, calling `between` after each; the ids listed, in order. */
function listAll(book: FileBook, max: number, between: (page: number) => void = () => undefined): string[] {
  const ids: string[] = [];
  let from: FilesCursor | undefined;
  for (let n = 0; ; n++) {
    const { files: listed, next } = book.page(from, max);
    assert.ok(listed.length <= max);
    ids.push(...listed.map((file) => file.id));
    between(n);
    if (!next) return ids;
    from = next;
  }
}

test('files are listed in pages, those sent first, each once, in the order first seen', () => {
  const book = new FileBook(10_000, 10_000);
  book.update(files('receive', 'r', 5));
  book.update(files('send', 'a', 7));
  book.update(files('send', 'b', 3));
  // Seen again: it keeps its place.
  book.update(files('send', 'a', 1, 'done'));
  const expected = [...files('send', 'a', 7), ...files('send', 'b', 3), ...files('receive', 'r', 5)].map((file) => file.id);
  for (const max of [1, 3, 10, 15, 100]) assert.deepEqual(listAll(book, max), expected, `pages of ${max}`);
  assert.deepEqual(listAll(new FileBook(), 4), []);
});

test('files forgotten or added while a listing goes on shift nothing: no file that stays is missed', () => {
  // Received files bounded at 20: each new batch makes the oldest ended ones go.
  const book = new FileBook(10_000, 20);
  for (const batch of ['r1', 'r2', 'r3', 'r4']) book.update(files('receive', batch, 5, 'done'));
  const listed = listAll(book, 3, (page) => {
    // While the pages are taken, two more batches arrive and two old ones go.
    if (page === 1) book.update(files('receive', 'r5', 5, 'done'));
    if (page === 3) book.update(files('receive', 'r6', 5, 'done'));
  });
  const kept = [...files('receive', 'r3', 5), ...files('receive', 'r4', 5), ...files('receive', 'r5', 5), ...files('receive', 'r6', 5)].map((file) => file.id);
  for (const id of kept) assert.ok(listed.includes(id), `${id} was missed`);
  assert.equal(new Set(listed).size, listed.length, 'no file twice');
});

test('two listings at once, and a file that moves to another batch meanwhile, are each listed whole', () => {
  const book = new FileBook(10_000, 10_000);
  book.update(files('send', 'a', 6));
  book.update(files('send', 'b', 6));
  const second: string[] = [];
  const first = listAll(book, 4, (page) => {
    // Another tab lists at the same time, page for page.
    if (page === 0) second.push(...listAll(book, 4));
    // A file already listed moves to a new batch: it comes again, at the end.
    if (page === 1) book.update([{ ...files('send', 'a', 1)[0]!, batch: 'c' }]);
  });
  const all = [...files('send', 'a', 6), ...files('send', 'b', 6)].map((file) => file.id);
  assert.deepEqual(first, [...all, 'send-a-0']);
  assert.deepEqual(second, all);
});

test('forty listings in lock-step while files received churn past their bound: each lists every file sent, none twice, and those received in order', () => {
  const book = new FileBook(10_000, 50);
  book.update(files('send', 's', 30));
  let round = 0;
  const churn = () => book.update(files('receive', `r${round++}`, 10, 'done'));
  churn();
  // Each listing's cursor is the same as the others' at every page (they all started together).
  const cursors: Array<FilesCursor | undefined | null> = Array.from({ length: 40 }, () => undefined);
  const seen = cursors.map(() => [] as string[]);
  while (cursors.some((cursor) => cursor !== null)) {
    cursors.forEach((cursor, i) => {
      if (cursor === null) return;
      const { files: listed, next } = book.page(cursor, 25);
      seen[i]!.push(...listed.map((file) => file.id));
      cursors[i] = next;
    });
    churn();
  }
  const sent = files('send', 's', 30).map((file) => file.id);
  for (const ids of seen) {
    assert.deepEqual(ids.slice(0, 30), sent);
    assert.equal(new Set(ids).size, ids.length, 'no file twice');
    // Received files listed are in the order first seen: rounds never go back.
    const rounds = ids.slice(30).map((id) => Number(id.split('-')[1]!.slice(1)));
    assert.ok(rounds.length > 0);
    assert.deepEqual(rounds, [...rounds].sort((a, b) => a - b));
  }
});
