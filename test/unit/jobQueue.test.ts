import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { JobQueue } from '../../electron/engine/sender/jobQueue.js';

describe('JobQueue', () => {
  test('takes oldest first, skipping what is refused, which stays first in line', () => {
    const queue = new JobQueue<string>();
    for (const name of ['a', 'b', 'c']) queue.push(name);
    assert.equal(queue.take((name) => name !== 'a'), 'b');
    assert.equal(queue.take(() => true), 'a');
    assert.equal(queue.take(() => false), undefined);
    assert.deepEqual(queue.toArray(), ['c']);
    assert.equal(queue.size, 1);
  });

  test('removes from anywhere; drain empties it in order', () => {
    const queue = new JobQueue<number>();
    for (let i = 0; i < 5; i++) queue.push(i);
    assert.equal(queue.remove(2), true);
    assert.equal(queue.remove(2), false);
    assert.deepEqual(queue.drain(), [0, 1, 3, 4]);
    assert.equal(queue.size, 0);
    assert.equal(queue.take(() => true), undefined);
  });

  test('behaves like a plain list under any mix of pushes, takes and removals (also past compaction)', () => {
    type Op = { kind: 'push'; count: number } | { kind: 'take'; skip: number; times: number } | { kind: 'remove'; pick: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), count: fc.integer({ min: 1, max: 3000 }) }),
      fc.record({ kind: fc.constant('take' as const), skip: fc.integer({ min: 0, max: 3 }), times: fc.integer({ min: 1, max: 2500 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const queue = new JobQueue<number>();
        let model: number[] = [];
        let next = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            for (let i = 0; i < o.count; i++) {
              queue.push(next);
              model.push(next++);
            }
          } else if (o.kind === 'take') {
            // Refuse the first `skip` items, as names in transit would be.
            const refused = new Set(model.slice(0, o.skip));
            const rest = model.filter((item) => !refused.has(item));
            const taken = rest.slice(0, o.times);
            for (const expected of taken) assert.equal(queue.take((item) => !refused.has(item)), expected);
            if (taken.length < o.times) assert.equal(queue.take((item) => !refused.has(item)), undefined);
            model = [...model.slice(0, o.skip), ...rest.slice(taken.length)];
          } else if (model.length > 0) {
            const item = model[o.pick % model.length]!;
            assert.equal(queue.remove(item), true);
            model = model.filter((x) => x !== item);
          }
          assert.equal(queue.size, model.length);
        }
        assert.deepEqual(queue.toArray(), model);
      }),
      { numRuns: 60 },
    );
  });
});
