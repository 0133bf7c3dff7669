/**
 * Races made schedulable (issue 8 §3): a design review opened against 6.12 shows the kill that differs;
 * a racing truncate's steps appear in the explorer under their own event, the 6.12 wait included.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

test('v4 against 6.12: the diff names the SIGKILL v4 sends after reading the truncated entry', async ({ page }) => {
  await page.goto('/?scenario=v4-race-truncate&kernel=rfc-2021-v4&vs=6.12&step=0');
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  // both runs are simulated in the worker first: wait for the table (a load, not a timed assertion)
  await expect(steps.getByRole('cell', { name: /dax_load_pfn\(\)/ }).first()).toBeVisible({ timeout: 60_000 });
  // the truncate's steps say whose they are
  await expect(steps.getByRole('cell', { name: /truncate \(event 1\) xfs_vn_setattr\(\)/ }).first()).toBeVisible();
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('events[0].signals[pid 200 pmtest]');
  await expect(diff).toContainText('SIGKILL SI_KERNEL');
  await expect(diff).toContainText('no signal');
  await page.screenshot({ path: 'test-results/race-compare.png', fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('6.12: the truncating task sleeps behind the locked entry, as steps of its own event', async ({ page }) => {
  const ex = new ExplorerPage(page);
  await ex.open('?scenario=v4-race-truncate-locked&kernel=6.12');
  const ids = await ex.stepIds();
  const wait = ids.indexOf('xfs_vn_setattr/dax_layout_busy_page_range#1');
  expect(wait).toBeGreaterThan(ids.indexOf('dax_lock_mapping_entry#1'));
  expect(wait).toBeLessThan(ids.indexOf('dax_unlock_mapping_entry#1'));
  const events = await ex.state((s) => (s.load.status === 'ready' ? s.load.sim.rt.steps.map((x) => x.event) : []));
  expect(events[wait]).toBe(1);
  await ex.goStep(wait + 1);
  await expect(page.getByText(/get_unlocked_entry\(\) sleeps/).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/race-wait.png', fullPage: true });
});

test('race a change from the pipeline view: the truncate is placed at the current step and the scenario runs again', async ({
  page,
}) => {
  const ex = new ExplorerPage(page);
  await ex.open('?scenario=xfs-reflink-shared&kernel=6.12');
  const at = (await ex.stepIds()).indexOf('dax_lock_mapping_entry#1');
  expect(at).toBeGreaterThan(0);
  await ex.goStep(at + 1);
  const pipeline = ex.view('pipeline');
  await pipeline
    .getByLabel('Race a change here, at dax_lock_mapping_entry():')
    .selectOption({ label: 'truncate /mnt/A to 0' });
  await page.screenshot({ path: 'test-results/race-here.png' });
  const axe = await new AxeBuilder({ page }).include('[data-view="pipeline"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await pipeline.getByRole('button', { name: 'Race it here' }).click();
  await expect.poll(() => ex.state((s) => (s.load.status === 'ready' ? s.load.sim.report.events.length : 0))).toBe(2);
  const ids = await ex.stepIds();
  // the truncate got in before the entry was locked: 6.12 finds no entry at A's index and skips it
  expect(ids.indexOf('xfs_vn_setattr#1')).toBeGreaterThan(-1);
  expect(ids.indexOf('xfs_vn_setattr#1')).toBeLessThan(ids.indexOf('dax_lock_mapping_entry#1'));
  const label = await ex.state((s) => (s.load.status === 'ready' ? s.load.sim.report.events[1].label : ''));
  expect(label).toBe('truncate(/mnt/A, 0) (concurrent with events[0], at dax_lock_mapping_entry)');
});
