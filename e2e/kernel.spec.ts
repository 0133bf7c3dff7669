/**
 * The header's Kernel picker (issue 6 §5: every built-in runs on every variant): the scenario runs again on
 * the chosen variant, near the same step, the link says `kernel=`, and a reload keeps it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

const loaded = (page: import('@playwright/test').Page) =>
  page.waitForFunction(() => window.__explorer?.state().load.status === 'ready' && !window.__explorer?.state().pending);

test('xfs-reflink-shared on 6.1: the setup WARNING in dmesg, the link keeps the kernel', async ({ page }) => {
  await page.goto('/?scenario=xfs-reflink-shared&step=0');
  await loaded(page);
  await expect(page.locator('.app-header__kernel')).toHaveText('Linux 6.12');
  await page.getByRole('combobox', { name: 'Kernel' }).selectOption('6.1');
  await expect(page.locator('.app-header__kernel')).toHaveText('Linux 6.1');
  await loaded(page);
  await expect(page).toHaveURL(/kernel=6\.1/);
  expect(await page.evaluate(() => window.__explorer?.state().cursor)).toBe(0);
  const dmesg = await page.evaluate(() => {
    const s = window.__explorer?.state();
    return s?.load.status === 'ready' ? s.load.sim.report.dmesg : [];
  });
  expect(dmesg.some((l) => l.startsWith('WARNING: CPU: 0 PID: ') && l.includes('fs/dax.c:380'))).toBe(true);
  await page.screenshot({ path: 'test-results/kernel-6.1.png' });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.reload();
  await loaded(page);
  await expect(page.getByRole('combobox', { name: 'Kernel' })).toHaveValue('6.1');
  await expect(page.locator('.app-header__kernel')).toHaveText('Linux 6.1');
});

test('an unknown kernel in the link is noted and the scenario runs on its own', async ({ page }) => {
  await page.goto('/?scenario=ext4-single-owner&kernel=9.9');
  await loaded(page);
  await expect(page.getByText('kernel "9.9" is not a kernel variant')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Kernel' })).toHaveValue('6.12');
});

test('a tour follows its scenario on its own kernel: on another one it offers to switch back first', async ({
  page,
}) => {
  await page.goto('/?scenario=ext4-single-owner&kernel=4.19&step=0');
  await loaded(page);
  await expect(page.getByRole('button', { name: 'Take the tour' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Switch to 6.12 for the tour' }).click();
  await expect(page.locator('.app-header__kernel')).toHaveText('Linux 6.12');
  await loaded(page);
  await page.getByRole('button', { name: 'Take the tour' }).click();
  await expect(page.getByText(/stop 1 of \d+/)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
