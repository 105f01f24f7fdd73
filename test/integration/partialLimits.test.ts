// What a receiver keeps for resuming is bounded in count as well as in bytes:
// a device's RESUMEs of many tiny files cannot pile up partials, and pruning
// never removes one being received.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartialKeeper } from '../../electron/engine/receiver/partialKeeper.js';
import { PartialStore } from '../../electron/engine/receiver/partialStore.js';
import { ReceiveFolder } from '../../electron/engine/receiver/receiveFolder.js';
import type { PartialHandle, Transfer } from '../../electron/engine/receiver/transfer.js';
import { tempDir } from '../support/tmp.js';
import { until } from '../support/wait.js';

const MAX_KEPT = 40;

async function keeperOf(inTransit: Array<{ partial: PartialHandle }>) {
  const folder = await ReceiveFolder.open(await tempDir('zd-recv'));
  const keeper = new PartialKeeper(folder, { maxKept: MAX_KEPT }, () => inTransit as unknown as Transfer[]);
  const kept = async (name: string) => {
    const { temp, partial } = await keeper.open('device', name, 10, 'file-id');
    await partial.record.close();
    await folder.keep(temp);
  };
  const names = async () => new Set((await keeper.list()).map((p) => p.name));
  return { folder, keeper, kept, names };
}

test('past their most in count, the oldest kept partials go, at once', async () => {
  const { folder, keeper, kept, names } = await keeperOf([]);
  try {
    for (let i = 0; i < MAX_KEPT + 10; i++) await kept(`f${i}.bin`);
    await until(async () => (await keeper.list()).length <= MAX_KEPT, 'the oldest partials to go');
    assert.ok((await names()).has(`f${MAX_KEPT + 9}.bin`), 'the newest is kept');
    assert.ok(!(await names()).has('f0.bin'), 'the oldest went');
    // One that went is made anew when its device resumes it.
    const again = await keeper.open('device', 'f0.bin', 10, 'file-id');
    assert.deepEqual(again.held, []);
    await again.partial.discard();
    await folder.keep(again.temp);
  } finally {
    await keeper.close();
    await folder.close();
  }
});

test('the oldest partial, resumed at the bound, is not pruned while it is received', async () => {
  const inTransit: Array<{ partial: PartialHandle }> = [];
  const { folder, keeper, kept, names } = await keeperOf(inTransit);
  try {
    for (let i = 0; i < MAX_KEPT; i++) await kept(`f${i}.bin`);
    // f0 is the oldest; its device resumes it, and its transfer takes it up as a transfer does, once open() has returned.
    const resumed = await keeper.open('device', 'f0.bin', 10, 'file-id');
    inTransit.push({ partial: resumed.partial });
    for (let i = MAX_KEPT; i < MAX_KEPT + 20; i++) await kept(`f${i}.bin`);
    await until(async () => (await keeper.list()).length <= MAX_KEPT + 1, 'the oldest others to go');
    assert.ok((await names()).has('f0.bin'), 'the partial in transit stays');
    assert.ok(!(await names()).has('f1.bin'), 'the oldest of the others went');
    inTransit.pop();
    await resumed.partial.record.close();
    await folder.keep(resumed.temp);
  } finally {
    await keeper.close();
    await folder.close();
  }
});

test('a partial taken up while a prune runs is asked about again before it is removed', async () => {
  const folder = await ReceiveFolder.open(await tempDir('zd-recv'));
  const store = new PartialStore(folder, { keepMs: Infinity, budgetBytes: Infinity, maxKept: 0 });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { temp, record } = await store.create({ device: 'device', name: `p${i}.bin`, size: 10, fileId: 'file-id' });
      await record.close();
      await folder.keep(temp);
      ids.push(record.id);
    }
    // p1 is taken up once the prune has read the records, as a RESUME's transfer takes its partial up after open() returns:
    // free when first asked, in use when asked again before its removal.
    let asked = 0;
    const pruning = store.prune(() => new Set(asked++ === 0 ? [] : [ids[1]!]), Date.now(), 0);
    assert.deepEqual((await pruning).sort(), [ids[0], ids[2]].sort());
    assert.deepEqual((await store.list()).map((p) => p.name), ['p1.bin']);
  } finally {
    await folder.close();
  }
});
