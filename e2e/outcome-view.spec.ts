import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

/** Move the cursor with the Timeline's slider (no reload, no re-simulation). */
async function goStep(page: Page, n: number) {
  await page.getByRole('slider', { name: 'Step' }).fill(String(n));
  await expect(page).toHaveURL(new RegExp(`step=${n}(&|$)`));
}

const view = (page: Page) => page.locator('[data-view="outcome"]');

async function axeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).include('[data-view="outcome"]').analyze();
  expect(axe.violations).toEqual([]);
}

async function stepCount(page: Page): Promise<number> {
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  return page.evaluate(() => {
    const load = window.__explorer?.state().load;
    return load && load.status === 'ready' ? load.sim.rt.steps.length : 0;
  });
}

test('xfs-reflink-shared: dmesg grouped per event, signals, meminfo, result, badblocks', async ({ page }, testInfo) => {
  await page.goto('/?scenario=xfs-reflink-shared');
  const total = await stepCount(page);
  await goStep(page, total);
  const v = view(page);
  await expect(v.getByRole('heading', { name: 'Outcome' })).toBeVisible();
  const log = v.getByRole('list', { name: /^dmesg of event 1: machine check: P consumes poison/ });
  await expect(log.getByRole('listitem')).toHaveCount(6);
  // the boot's first machine check taints the kernel (add_taint), as a real 6.12 prints under verify
  await expect(log.getByRole('listitem').first()).toHaveText(/Disabling lock debugging due to kernel taint/);
  await expect(log.getByRole('listitem').nth(1)).toHaveText(
    /mce: Uncorrected hardware memory error in user-access at 102222000/,
  );
  await expect(log.getByRole('listitem').last()).toHaveText(
    /Memory failure: 0x102222: recovery action for dax page: Recovered/,
  );

  const rows = v.locator('tr.outcome-sig');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByRole('cell', { name: 'BUS_MCEERR_AR', exact: true })).toBeVisible();
  await expect(rows.nth(0).getByRole('cell', { name: 'P', exact: true })).toBeVisible();
  await expect(rows.nth(1).getByRole('cell', { name: 'BUS_MCEERR_AO', exact: true })).toBeVisible();
  await expect(rows.nth(1).getByRole('cell', { name: 'R', exact: true })).toBeVisible();

  await expect(v.locator('.outcome-meminfo__line')).toHaveText('HardwareCorrupted:     4 kB');
  await expect(v.locator('.outcome-events__item')).toContainText('Recovered');
  await expect(v.locator('.outcome-events__item')).toContainText('returned 0');
  await expect(v.locator('.outcome-badblocks')).toHaveText('272 8');
  await expect(v.getByRole('cell', { name: 'set (alive)' })).toBeVisible();
  await expect(v.getByRole('button', { name: 'Copy dmesg' })).toBeEnabled();
  await axeClean(page);
  await v.screenshot({ path: testInfo.outputPath('outcome-end.png') });

  // clicking a line jumps to the step that printed it, and that line becomes the current one
  await log.getByRole('button', { name: /Sending SIGBUS to pmtest:202/ }).click();
  await expect(page).toHaveURL(/step=16\b/);
  const current = v.locator('[aria-current="step"]');
  await expect(current).toHaveCount(1);
  await expect(current).toContainText('Sending SIGBUS to pmtest:202');
  await expect(v.locator('tr.outcome-sig')).toHaveCount(0);
  await expect(v.locator('.outcome-events__item')).toContainText('running');
  await axeClean(page);
  await v.screenshot({ path: testInfo.outputPath('outcome-step16.png') });
});

test('xfs-metadata-hit: the filesystem is shut down and the result is Failed', async ({ page }, testInfo) => {
  await page.goto('/?scenario=xfs-metadata-hit');
  const total = await stepCount(page);
  await goStep(page, total);
  const v = view(page);
  await expect(v.getByRole('cell', { name: '✕ shut down' })).toBeVisible();
  await expect(v.locator('.outcome-result--failed')).toHaveText('Failed');
  await expect(v).toContainText('Corruption of on-disk metadata');
  await axeClean(page);
  await v.screenshot({ path: testInfo.outputPath('outcome-metadata.png') });
});
