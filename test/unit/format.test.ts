import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countOf, formatBytes, formatCount, formatDuration, normalizeEndpoint, parseBytes, RateMeter } from '../../shared/format.js';
import { encodeRuns } from '../../electron/engine/progress/chunkTracker.js';
import { countChunkStates, expandChunkMap } from '../../shared/transfer.js';

describe('formatting and parsing for people', () => {
  test('byte sizes', () => {
    assert.equal(parseBytes('4MiB'), 4 * 1024 * 1024);
    assert.equal(parseBytes('64k'), 64_000);
    assert.equal(parseBytes('1048576'), 1048576);
    assert.equal(parseBytes('lots'), null);
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1_234_567), '1.2 MB');
    assert.equal(formatDuration(125), '2 min 5 s');
    assert.equal(formatDuration(Number.NaN), '—');
  });
  test('counts with thousands separators, as en-US writes them', () => {
    for (const n of [0, 7, 999, 1000, 5001, 100_000, 1_234_567, 250_000_000, -5001]) assert.equal(formatCount(n), n.toLocaleString('en-US'));
    assert.equal(countOf(1, 'file'), '1 file');
    assert.equal(countOf(100_000, 'file'), '100,000 files');
  });
  test('endpoints', () => {
    assert.equal(normalizeEndpoint('192.168.1.5'), 'tcp://192.168.1.5:5670');
    assert.equal(normalizeEndpoint('host:6000'), 'tcp://host:6000');
    assert.equal(normalizeEndpoint('[::1]'), 'tcp://[::1]:5670');
    assert.equal(normalizeEndpoint('ipc:///tmp/x'), 'ipc:///tmp/x');
  });
  test('rate over a window', () => {
    const meter = new RateMeter(1000);
    meter.update(0, 0);
    assert.equal(meter.update(1000, 500), 2000);
  });
});

describe('chunk maps', () => {
  test('run-length encoding round-trips', () => {
    const states = Uint8Array.from([2, 2, 2, 1, 1, 0, 3, 0]);
    const map = { chunkSize: 10, chunks: 8, runs: encodeRuns(states, 8) };
    assert.deepEqual(map.runs, [0, 3, 2, 3, 2, 1, 5, 1, 0, 6, 1, 3, 7, 1, 0]);
    assert.deepEqual(expandChunkMap(map), states);
    assert.deepEqual(countChunkStates(map), [2, 2, 3, 1, 0]);
  });
});
