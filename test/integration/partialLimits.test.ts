// What a receiver keeps for resuming is bounded in count as well as in bytes:
// a device's RESUMEs of many tiny files cannot pile up partials.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartialKeeper } from '../../electron/engine/receiver/partialKeeper.js';
import { ReceiveFolder } from '../../electron/engine/receiver/receiveFolder.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

const MAX_KEPT = 40;

test('past their most in count, the oldest kept partials go, at once', async () => {
  const folder = await ReceiveFolder.open(await tempDir('zd-recv'));
  const keeper = new PartialKeeper(folder, { maxKept: MAX_KEPT }, () => []);
  try {
    const kept = async (name: string) => {
      const { temp, partial } = await keeper.open('device', name, 10, 'file-id');
      await partial.record.close();
      await folder.keep(temp);
    };
    for (let i = 0; i < MAX_KEPT + 10; i++) await kept(`f${i}.bin`);
    await until(async () => (await keeper.list()).length <= MAX_KEPT, 'the oldest partials to go');
    const names = new Set((await keeper.list()).map((p) => p.name));
    assert.ok(names.has(`f${MAX_KEPT + 9}.bin`), 'the newest is kept');
    assert.ok(!names.has('f0.bin'), 'the oldest went');
    // One that went is made anew when its device resumes it; one kept is continued.
    const again = await keeper.open('device', 'f0.bin', 10, 'file-id');
    assert.deepEqual(again.held, []);
    await again.partial.discard();
    await folder.keep(again.temp);
  } finally {
    await keeper.close();
    await folder.close();
  }
});
