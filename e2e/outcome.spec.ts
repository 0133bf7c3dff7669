import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test('shows the outcome of the default scenario xfs-reflink-shared', async ({ page }, testInfo) => {
  await page.goto('/');

  await expect(page.getByRole('heading', { level: 1, name: 'DAX Memory-Failure Explorer' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('xfs-reflink-shared');

  const recovered = page.getByRole('listitem').filter({ hasText: 'recovery action for dax page: Recovered' });
  await expect(recovered.first()).toBeVisible();

  const arSignal = page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'BUS_MCEERR_AR', exact: true }) });
  await expect(arSignal.first()).toBeVisible();
  await expect(arSignal.first().getByRole('cell', { name: 'SIGBUS', exact: true })).toBeVisible();

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);

  await page.screenshot({ path: testInfo.outputPath('outcome.png'), fullPage: true });
});
