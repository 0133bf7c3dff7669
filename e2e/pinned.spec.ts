/**
 * Pinned pages (issue 8 §4): the pinned-truncate built-in is listed under "Design reviews" and opens in
 * compare mode, 4.16 against 6.12: 6.12's truncate sleeps in dax_layout_busy_page_range() until the
 * unpin, 4.16 frees the block under the pin (the flaw marked at dax_delete_mapping_entry()).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

test('picking pinned-truncate opens 4.16 against 6.12 with the wait for the pin visible', async ({ page }) => {
  await page.goto('/?scenario=xfs-reflink-shared&step=0');
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await expect(picker).toBeEnabled({ timeout: 30_000 });
  await expect(page.locator('optgroup[label="Design reviews"] > option[value="pinned-truncate"]')).toHaveCount(1);
  await picker.selectOption('pinned-truncate');

  await expect(page).toHaveURL(/scenario=pinned-truncate&kernel=4\.16&vs=6\.12/);
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  await expect(steps.getByRole('columnheader', { name: '4.16' })).toBeVisible({ timeout: 30_000 });
  await expect(steps.getByRole('columnheader', { name: '6.12' })).toBeVisible();
  // 6.12's truncate: the busy-page step, once to sleep and once woken after the DMA's put_page()
  const busy = steps.getByRole('cell', { name: /dax_layout_busy_page_range\(\)/ });
  await expect(busy).toHaveCount(2);
  await expect(steps.getByRole('cell', { name: /put_page\(\)/ }).first()).toBeVisible();
  // the report-level difference: 6.12's truncate waited for the pinned page
  await expect(page.getByRole('region', { name: 'Differences' })).toContainText('events[1].waitedForPins');
  // the note of the series that fixed it
  const note = page.locator('[data-design-note="4.16"]');
  await expect(note).toContainText('Historical review');
  await expect(note).toContainText('5fac7408d828');
  // it opens at the flaw: 4.16 deletes the entry of the pinned page
  await expect(steps.locator('tr[aria-current="step"]')).toHaveAttribute('data-flaw', 'true');
  await expect(steps.locator('tr[aria-current="step"]')).toContainText('dax_delete_mapping_entry()');
  // the pinned page's struct page at the flaw: 4.16 has no owner in it and _refcount 2
  await page.getByRole('textbox', { name: 'pfn' }).fill('0x10221f');
  await page.getByRole('button', { name: 'Show' }).click();
  const refcount = page.getByRole('row', { name: /\._refcount/ });
  await expect(refcount).toContainText('2');
  await expect(page.getByRole('row', { name: /\.mapping/ })).toContainText(/NULL\s*ino:pmem0:131/);
  await page.screenshot({ path: 'test-results/pinned-compare.png', fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('6.12 in the explorer: the truncate sleeps on the pinned page and the unpin wakes it', async ({ page }) => {
  await page.goto('/?scenario=pinned-truncate&kernel=6.12&step=3');
  await expect(page.getByText(/sleeps in ___wait_var_event\(&page->_refcount/).first()).toBeVisible({
    timeout: 30_000,
  });
  await page.screenshot({ path: 'test-results/pinned-wait.png', fullPage: true });
});
