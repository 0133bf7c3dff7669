/**
 * Linux 6.15 in the explorer (issue 6): the Kernel picker lists it; compare mode 6.15 vs 6.12 shows the
 * struct page fields the ZONE_DEVICE refcount rework changed (the PMD entry as an order-9 folio with its
 * _refcount on the head, the shared folio with mapping NULL and a share count); the struct page card on
 * 6.15 says what it could not confirm (UNVERIFIED).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

const loaded = (page: import('@playwright/test').Page) =>
  page.waitForFunction(() => window.__explorer?.state().load.status === 'ready' && !window.__explorer?.state().pending);

test('the Kernel picker lists 6.15 and switches to it', async ({ page }) => {
  await page.goto('/?scenario=fsdax-pmd-mapping&step=0');
  await loaded(page);
  const picker = page.getByRole('combobox', { name: 'Kernel' });
  await expect(picker.locator('option[value="6.15"]')).toHaveCount(1);
  await picker.selectOption('6.15');
  await expect(page).toHaveURL(/kernel=6\.15/);
  await loaded(page);
  await expect(page.locator('.app-header__kernel')).toContainText('6.15');
});

test('compare 6.15 vs 6.12 on fsdax-pmd-mapping: the PMD head is an order-9 folio holding the mappings’ references', async ({
  page,
}, testInfo) => {
  await page.goto('/?scenario=fsdax-pmd-mapping&kernel=6.15&vs=6.12&step=0&sel=pfn%3A0x102800');
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  await expect(steps.getByRole('columnheader', { name: '6.15', exact: true })).toBeVisible();
  await expect(steps.getByRole('columnheader', { name: '6.12', exact: true })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Struct page at this step' });
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('struct page of pfn 0x102800');
  const order = panel.locator('tr[data-field="compound_order"]');
  await expect(order).toHaveClass(/is-different/);
  await expect(order.locator('td').nth(0)).toHaveText('9');
  await expect(order.locator('td').nth(1)).toHaveText('0');
  // 6.15: two PMD leaves (P and V) plus madvise's GUP reference, all on the folio head; 6.12: the idle 1
  // (the GUP reference is on pfn 0x102803, an order-0 page of its own there)
  const ref = panel.locator('tr[data-field="_refcount"]');
  await expect(ref).toHaveClass(/is-different/);
  await expect(ref.locator('td').nth(0)).toHaveText('3');
  await expect(ref.locator('td').nth(1)).toHaveText('1');
  // the generic path reports the folio head's address on 6.15
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('0x7effffc00000');
  await expect(diff).toContainText('0x7effffc03000');
  await page.screenshot({ path: testInfo.outputPath('compare-6.15-6.12-pmd.png'), fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
});

test('compare 6.15 vs 6.12 on xfs-reflink-shared: mapping NULL with share 5 against PAGE_MAPPING_DAX_SHARED, share 2', async ({
  page,
}) => {
  await page.goto('/?scenario=xfs-reflink-shared&kernel=6.15&vs=6.12&step=3');
  const panel = page.getByRole('region', { name: 'Struct page at this step' });
  const mapping = panel.locator('tr[data-field="mapping"]');
  await expect(mapping).toHaveClass(/is-different/);
  await expect(mapping.locator('td').nth(0)).toHaveText('NULL (shared)');
  await expect(mapping.locator('td').nth(1)).toHaveText('PAGE_MAPPING_DAX_SHARED');
  const share = panel.locator('tr[data-field="index / share"]');
  await expect(share.locator('td').nth(0)).toHaveText('share 5');
  await expect(share.locator('td').nth(1)).toHaveText('share 2');
});

test('the struct page card on 6.15 names what the rework changed, UNVERIFIED', async ({ page }, testInfo) => {
  await page.goto('/?scenario=xfs-reflink-shared&kernel=6.15&step=0&sel=pfn%3A0x102222');
  await loaded(page);
  const view = page.locator('[data-view="structPages"]');
  await expect(view).toBeVisible();
  const card = view.getByTestId('struct-page-detail');
  await expect(card).toContainText('NULL (shared: dax_folio_is_shared)');
  await expect(view.getByTestId('struct-page-folio-note')).toContainText('UNVERIFIED');
  await card.scrollIntoViewIfNeeded();
  await card.screenshot({ path: testInfo.outputPath('struct-page-6.15.png') });
  const axe = await new AxeBuilder({ page }).include('[data-view="structPages"]').analyze();
  expect(axe.violations).toEqual([]);
  // the same page on 6.12 has no such note
  await page.goto('/?scenario=xfs-reflink-shared&kernel=6.12&step=0&sel=pfn%3A0x102222');
  await loaded(page);
  await expect(view.getByTestId('struct-page-detail')).toContainText('PAGE_MAPPING_DAX_SHARED');
  await expect(view.getByTestId('struct-page-folio-note')).toHaveCount(0);
});
