/** The glossary: definitions on hover and on keyboard focus where terms appear, and the panel. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.setTimeout(120_000);

test('terms explain themselves on hover and focus; the panel lists them; axe clean', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?scenario=xfs-reflink-shared&step=36');
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  const outcome = page.locator('[data-view="outcome"]');

  const lsb = outcome.locator('[data-term="si_addr_lsb"]');
  await lsb.hover();
  await expect(page.getByRole('tooltip')).toContainText('1 << si_addr_lsb');
  await expect(lsb).toHaveAttribute('aria-describedby', /.+/);
  await lsb.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/glossary-hover-1366x768.png' });
  await page.mouse.move(0, 0);

  const hc = outcome.locator('[data-term="HardwareCorrupted"]');
  await hc.focus();
  await expect(page.getByRole('tooltip')).toContainText('num_poisoned_pages');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('tooltip')).toHaveCount(0);

  await page.getByRole('button', { name: 'Glossary' }).click();
  const panel = page.getByRole('complementary', { name: 'Glossary' });
  for (const term of ['SRAR', 'SRAO', 'PMD', 'PUD', 'rmapbt', 'DAX entry', 'altmap', 'ZONE_DEVICE', 'early kill'])
    await expect(panel.getByText(term, { exact: true }).first()).toBeVisible();
  await panel.getByRole('searchbox', { name: 'Filter terms' }).fill('vmem');
  await expect(panel.locator('dt', { hasText: 'vmemmap' })).toBeVisible();
  await expect(panel.locator('dt', { hasText: 'SRAR' })).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'test-results/glossary-panel-1280x720.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
  expect(errors).toEqual([]);
});
