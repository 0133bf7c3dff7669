/**
 * A large run stays in its simulation worker (issue 11): the page holds the run's summary and asks for each
 * step's views. On bench A's file (10,000 processes, 1,000,001 reflinked owners) the views follow the
 * cursor, a selection made in one view is linked in the others, and the page never holds the kernel.
 */
import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 240_000 });

test('bench A: the views follow the cursor and link the selection, the kernel stays in the worker', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.openBenchA();
  // the summary is on the page, the kernel is not
  const held = await x.state((s) =>
    s.load.status === 'ready'
      ? {
          steps: s.load.sim.rt.steps.length,
          kernel: 'k' in s.load.sim.rt,
          processes: s.load.sim.report.processes.length,
        }
      : null,
  );
  expect(held).toEqual({ steps: expect.any(Number), kernel: false, processes: 10_000 });
  await expect(x.view('processes')).toContainText('10000 tasks');

  // a step in the middle of the owner walk, then three more: the views are those of the step shown
  const mid = Math.floor((held?.steps ?? 0) / 2);
  await x.goStep(mid);
  for (let i = 1; i <= 3; i++) {
    await x.next();
    await expect.poll(() => x.cursor()).toBe(mid + i);
  }
  const shown = await x.state((s) => ({ cursor: s.cursor, views: s.views?.cursor }));
  expect(shown.views).toBe(shown.cursor);
  const stepId = await x.state((s) => (s.load.status === 'ready' ? s.load.sim.rt.steps[s.cursor - 1].id : null));
  await expect(x.view('pipeline').locator('[data-step].is-current')).toHaveAttribute('data-step', stepId ?? '');

  // a record selected in the rmap view: the selection and its links come back from the worker
  const record = x.view('rmap').locator('tr[data-record-id]').first();
  const id = await record.getAttribute('data-record-id');
  await record.getByRole('button', { name: /Select rmap record/ }).click();
  await expect.poll(() => x.selection()).toBe(id);
  await expect(record.getByRole('button', { name: /Select rmap record/ })).toHaveAttribute('aria-pressed', 'true');
  expect(await x.state((s) => ({ sel: s.views?.selection, linked: s.views?.linked.has(s.selection ?? '') }))).toEqual({
    sel: id,
    linked: true,
  });
  // stepping keeps the selection, and the views still follow
  await x.next();
  await expect.poll(() => x.cursor()).toBe(mid + 4);
  expect(await x.state((s) => [s.views?.cursor, s.views?.selection])).toEqual([mid + 4, id]);
  // /mnt/A's record: its blocks the thousand opened copies share (~2M linked ids, counted, not sent)
  const shared = 'rmap:pmem0:ag0:r6';
  await x
    .view('rmap')
    .locator(`tr[data-record-id="${shared}"]`)
    .getByRole('button', { name: /Select rmap record/ })
    .click();
  await expect.poll(() => x.state((s) => s.views?.selection), { timeout: 60_000 }).toBe(shared);
  expect(await x.state((s) => s.views?.linkedTotal)).toBeGreaterThan(2_000_000);
  await x.next();
  await expect
    .poll(() => x.state((s) => [s.views?.cursor, s.views?.selection]), { timeout: 60_000 })
    .toEqual([mid + 5, shared]);
  await page.screenshot({ path: testInfo.outputPath('large-run.png') });
  await page.screenshot({ path: 'test-results/large-run.png' });
});
