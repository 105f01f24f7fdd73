import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LatestWins, Serial } from '../../electron/engine/util/serial.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A task that runs only when the test says so, recording when it starts and ends. */
function gated(log: string[], name: string) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    task: async () => {
      log.push(`${name} starts`);
      await gate;
      log.push(`${name} ends`);
      return name;
    },
  };
}

describe('Serial', () => {
  test('runs tasks one at a time in the order given; a failure does not stop the rest', async () => {
    const serial = new Serial();
    const log: string[] = [];
    const a = gated(log, 'a');
    const b = gated(log, 'b');
    const first = serial.run(a.task);
    const failing = serial.run(async () => {
      throw new Error('boom');
    });
    const second = serial.run(b.task);
    await tick();
    assert.deepEqual(log, ['a starts'], 'nothing else starts while a runs');
    b.open();
    a.open();
    assert.equal(await first, 'a');
    await assert.rejects(failing, /boom/);
    assert.equal(await second, 'b');
    assert.deepEqual(log, ['a starts', 'a ends', 'b starts', 'b ends']);
  });
});

describe('LatestWins', () => {
  test('requests queued behind a running one are skipped but the newest, and share its outcome', async () => {
    const wins = new LatestWins<string>();
    const log: string[] = [];
    const running = gated(log, 'running');
    const first = wins.request(running.task);
    await tick();
    const skipped = [wins.request(async () => 'never 1'), wins.request(async () => 'never 2')];
    const newest = gated(log, 'newest');
    const last = wins.request(newest.task);
    running.open();
    newest.open();
    assert.equal(await first, 'running', 'a request already running keeps its own outcome');
    assert.deepEqual(await Promise.all([...skipped, last]), ['newest', 'newest', 'newest']);
    assert.deepEqual(log, ['running starts', 'running ends', 'newest starts', 'newest ends']);
  });

  test('requests made together, before any has started, all get the last one’s outcome', async () => {
    const wins = new LatestWins<string>();
    const ran: string[] = [];
    const outcomes = ['a', 'b', 'c'].map((name) => wins.request(async () => (ran.push(name), name)));
    assert.deepEqual(await Promise.all(outcomes), ['c', 'c', 'c']);
    assert.deepEqual(ran, ['c']);
  });

  test('a failure of the newest is every skipped caller’s failure; the next request runs', async () => {
    const wins = new LatestWins<string>();
    const log: string[] = [];
    const running = gated(log, 'running');
    const first = wins.request(running.task);
    await tick();
    const skipped = wins.request(async () => 'never');
    const failing = wins.request(async () => {
      throw new Error('port in use');
    });
    running.open();
    assert.equal(await first, 'running');
    await assert.rejects(skipped, /port in use/);
    await assert.rejects(failing, /port in use/);
    assert.equal(await wins.request(async () => 'after'), 'after');
  });
});
