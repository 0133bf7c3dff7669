import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

test('shows the outcome of the default scenario xfs-reflink-shared', async ({ page }, testInfo) => {
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'DAX Memory-Failure Explorer' })).toBeVisible();

  // at the last step the whole run's dmesg is in the Outcome view (the app opens there)
  const last = page.getByRole('button', { name: 'Last step' });
  if (await last.isEnabled()) await last.click();
  const outcome = page.locator('[data-view="outcome"]');
  const recovered = outcome.getByRole('listitem').filter({ hasText: 'recovery action for dax page: Recovered' });
  await expect(recovered.first()).toBeVisible();

  const arSignal = outcome
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'BUS_MCEERR_AR', exact: true }) });
  await expect(arSignal.first()).toBeVisible();
  await expect(arSignal.first().getByRole('cell', { name: 'SIGBUS', exact: true })).toBeVisible();

  const axe = await new AxeBuilder({ page }).include('[data-view="outcome"]').analyze();
  expect(axe.violations).toEqual([]);

  await page.screenshot({ path: testInfo.outputPath('outcome.png'), fullPage: true });
});
