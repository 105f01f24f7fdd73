// The UI's speed, moved here from the e2e suite, where limits on it made
// functional specs fail on a loaded machine: how long the chunk map takes to
// draw 100,000 chunks against 10, whether the pages and the hosts' event
// loops stayed responsive while a 200 MiB file moved between two
// browser-shell hosts, and the longest main-thread task while a batch of
// 100,000 files is scrolled. Figures go to $BENCH_UI_OUT as JSON for bench/run.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ChunkState } from '../../shared/transfer.js';
import { randomFile } from '../../test/support/files.js';
import { addHostFiles, expectDone, fileList, fileRow, sendStaged, startReceiving, switchMode } from '../../e2e/support/app.js';
import { bundleChunkMapDraw, loadChunkMapDraw } from '../../e2e/support/chunkMapBundle.js';
import { test } from '../../e2e/support/fixtures.js';
import { freePort, freeReceiverPort } from '../../e2e/support/net.js';
import { appLongTasks } from '../../e2e/support/watch.js';

const rounds = Number(process.env.BENCH_RUNS ?? 5);
const figures: Record<string, number> = {};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

test.afterAll(async () => {
  if (process.env.BENCH_UI_OUT) await writeFile(process.env.BENCH_UI_OUT, JSON.stringify(figures));
  else console.log(figures);
});

test('chunk map: drawing 100,000 chunks against 10', async ({ page }) => {
  await loadChunkMapDraw(page, await bundleChunkMapDraw());
  const { Pending, InFlight, Done, Retrying } = ChunkState;
  const palette = { [Pending]: '#808080', [InFlight]: '#0000ff', [Done]: '#00ff00', [Retrying]: '#ff0000' };
  const medians = await page.evaluate(
    ({ palette }) => {
      const canvas = document.getElementById('map') as HTMLCanvasElement;
      canvas.width = 1400;
      canvas.height = 60;
      const ctx = canvas.getContext('2d')!;
      const { drawChunkMap } = (window as unknown as { ChunkMapDraw: typeof import('../../renderer/chunkMap/draw.js') }).ChunkMapDraw;
      // A transfer in progress: done, a window in flight, a retry, the rest pending.
      const large = { chunkSize: 1, chunks: 100_000, runs: [0, 41_200, 2, 41_200, 8, 1, 41_208, 3, 3, 41_211, 58_789, 0] };
      const small = { chunkSize: 1, chunks: 10, runs: [0, 4, 2, 4, 2, 1, 6, 1, 3, 7, 3, 0] };
      // One draw takes less than the page clock's resolution: each sample times 50.
      const median = (map: typeof large) => {
        const times: number[] = [];
        for (let i = 0; i < 21; i++) {
          const start = performance.now();
          for (let j = 0; j < 50; j++) {
            drawChunkMap(ctx, map, { width: 1400, height: 60, maxPitch: 20, palette });
            ctx.getImageData(0, 0, 1, 1); // waits for the drawing to finish
          }
          times.push((performance.now() - start) / 50);
        }
        return times.sort((a, b) => a - b)[10]!;
      };
      return { small: median(small), large: median(large) };
    },
    { palette },
  );
  figures.drawSmallMs = medians.small;
  figures.drawLargeMs = medians.large;
});

test('responsiveness while a 200 MiB file moves between two browser-shell hosts', async ({ tempDir, startShell, startOpenReceiver, openApp }) => {
  const file = await randomFile(path.join(await tempDir('source'), 'video.mkv'), 200 * 1024 * 1024);
  // Encrypted, as the app sends by default; the receiver takes files from anyone, so no question waits on a person.
  const [receivingHost, sendingHost] = await Promise.all([startOpenReceiver(), startShell()]);
  const [receiver, sender] = [await openApp(receivingHost), await openApp(sendingHost)];
  const port = await freeReceiverPort();
  await startReceiving(receiver, await tempDir('inbox'), port);
  await switchMode(sender, 'Send');
  const samples: Record<string, number[]> = { receiverLongTask: [], senderLongTask: [], receivingLoopP99: [], sendingLoopP99: [] };
  for (let round = 0; round < rounds; round++) {
    await addHostFiles(sender, [file]);
    // Measured over the transfer only: both pages' clocks and both hosts' loop delays start here.
    const since = await Promise.all([receiver, sender].map((page) => page.evaluate(() => performance.now())));
    await Promise.all([receivingHost, sendingHost].map((host) => host.loopDelay()));
    await sendStaged(sender, { address: `127.0.0.1:${port}`, chunkSize: '64 KiB' });
    // The batch in transit, and then the newest finished one, is the first card.
    await expectDone(fileRow(sender, 'send', 'video.mkv').first());
    samples.receiverLongTask!.push(Math.max(0, ...(await appLongTasks(receiver, since[0]!))));
    samples.senderLongTask!.push(Math.max(0, ...(await appLongTasks(sender, since[1]!))));
    samples.receivingLoopP99!.push((await receivingHost.loopDelay()).p99Ms);
    samples.sendingLoopP99!.push((await sendingHost.loopDelay()).p99Ms);
  }
  for (const [name, values] of Object.entries(samples)) figures[`${name}Ms`] = median(values);
});

test('scrolling a batch of 100,000 files', async ({ tempDir, startShell, openApp }) => {
  // BENCH_UI_ROWS: fewer (or more) rows, to look into the figure.
  const rows = Number(process.env.BENCH_UI_ROWS ?? 100_000);
  const folder = path.join(await tempDir('source'), 'many');
  await mkdir(folder);
  for (let start = 0; start < rows; start += 1_000) {
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => writeFile(path.join(folder, `f${String(start + i).padStart(6, '0')}`), '')));
  }
  const page = await openApp(await startShell());
  await switchMode(page, 'Send');
  await addHostFiles(page, [folder]);
  // Nobody listens there: every file fails, and the batch's 100,000 rows stay to be scrolled.
  await page.getByRole('combobox', { name: 'Receiver address' }).fill(`127.0.0.1:${await freePort()}`);
  const sent = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Send 1 item' }).click();
  // Listing 100,000 files takes the host a while.
  await page.getByRole('list', { name: 'Ready to send' }).waitFor({ state: 'hidden', timeout: 300_000 });
  const card = fileList(page, 'send').getByRole('article');
  await card.getByText('Failed', { exact: true }).first().waitFor({ timeout: 300_000 });
  await card.getByText(`${rows.toLocaleString('en-US')} files · 0 B`).waitFor();
  // Taking 100,000 files at once (queued, then failed) is a burst of its own, reported apart.
  figures.bulkLongTaskMs = Math.max(0, ...(await appLongTasks(page, sent)));
  const list = card.getByRole('list');
  const samples: number[] = [];
  const frames: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const since = await page.evaluate(() => performance.now());
    // Top to bottom in 60 steps, one a frame: what a dragged scroll bar asks
    // of the page. The longest gap between two frames is the figure; the
    // page's long tasks (50 ms or more) say whether any task caused it.
    frames.push(
      await list.evaluate(async (element) => {
        let longest = 0;
        let last = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        for (let step = 0; step <= 60; step++) {
          element.scrollTop = (step / 60) * (element.scrollHeight - element.clientHeight);
          const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
          longest = Math.max(longest, now - last);
          last = now;
        }
        return longest;
      }),
    );
    samples.push(Math.max(0, ...(await appLongTasks(page, since))));
  }
  figures.scrollLongTaskMs = median(samples);
  figures.scrollFrameMs = median(frames);
  figures.scrollRenderedRows = await list.getByRole('listitem').count();
  // A tab opened again takes the host's list of files (files.list, a page at a time).
  await page.reload();
  await fileList(page, 'send').getByRole('article').getByText(`${rows.toLocaleString('en-US')} files · 0 B`).waitFor({ timeout: 300_000 });
  figures.reloadLongTaskMs = Math.max(0, ...(await appLongTasks(page, 0)));
});
