/**
 * Linux 4.19 in the explorer (issue 6): the Kernel picker lists it; XFS with reflink is refused at mount
 * and the event on its files says it is not simulated; compare mode 4.19 vs 6.12 shows in the diff panel
 * what the original DAX support did differently (every mapper signalled, "Killing" lines, no count).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

const loaded = (page: import('@playwright/test').Page) =>
  page.waitForFunction(() => window.__explorer?.state().load.status === 'ready' && !window.__explorer?.state().pending);

test('the Kernel picker lists 4.19; xfs-reflink-shared on it: the mount refused, the event not simulated', async ({
  page,
}) => {
  await page.goto('/?scenario=xfs-reflink-shared&step=0');
  await loaded(page);
  const picker = page.getByRole('combobox', { name: 'Kernel' });
  await expect(picker.locator('option[value="4.19"]')).toHaveCount(1);
  await picker.selectOption('4.19');
  await expect(page.locator('.app-header__kernel')).toHaveText('Linux 4.19');
  await loaded(page);
  await expect(page).toHaveURL(/kernel=4\.19/);
  const outcome = page.getByRole('region', { name: /Outcome/ });
  await expect(outcome).toContainText('XFS (pmem0): DAX and reflink cannot be used together!');
  await expect(page.getByText(/not simulated: \/mnt\/A is not on pmem/).first()).toBeVisible();
  await expect(page.getByRole('list', { name: 'dmesg of the setup' })).toContainText(
    'XFS (pmem0): DAX and reflink cannot be used together!',
  );
  await page.screenshot({ path: 'test-results/kernel-4.19-refused.png' });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('compare 4.19 vs 6.12 on ext4-single-owner: the diff panel shows V signalled and the Killing line on 4.19', async ({
  page,
}) => {
  await page.goto('/?scenario=ext4-single-owner&kernel=4.19&vs=6.12&step=0');
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  await expect(steps.getByRole('columnheader', { name: '4.19', exact: true })).toBeVisible();
  await expect(steps.getByRole('columnheader', { name: '6.12', exact: true })).toBeVisible();
  // the inline 4.19 path has no mf_generic_kill_procs(): its row is a gap on the 4.19 side
  await expect(steps).toContainText('mf_generic_kill_procs()');
  await expect(steps.locator('.compare__gap').first()).toBeVisible();
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('Killing pmtest:200 due to hardware memory corruption');
  await expect(diff).toContainText('BUS_MCEERR_AO');
  await page.screenshot({ path: 'test-results/compare-4.19-6.12.png', fullPage: true });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
