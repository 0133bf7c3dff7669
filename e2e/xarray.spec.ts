import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

import { shotView, stepOf } from './steps';

test.use({ viewport: { width: 1366, height: 768 } });

const view = (page: Page) => page.locator('[data-view="xarray"]');

test('xfs-reflink-shared: dax_lock_mapping_entry locks the entry of index 3, and it is unlocked at the end', async ({
  page,
}, testInfo) => {
  const lock = await stepOf(page, 'xfs-reflink-shared', 'dax_lock_mapping_entry#1');
  await page.goto(`/?scenario=xfs-reflink-shared&step=${lock}`);
  const v = view(page);
  await expect(v.getByRole('heading', { name: 'DAX xarray' })).toBeVisible();
  await expect(v.getByRole('combobox', { name: 'File whose page cache is shown' })).toHaveAttribute(
    'data-value',
    'ino:pmem0:131',
  );

  const entry = v.locator('[data-entry-id="ino:pmem0:131:3"]');
  await expect(entry).toBeVisible();
  await expect(entry).toHaveAttribute('data-current', 'true');
  await expect(entry).toHaveAttribute('aria-current', 'step');
  await expect(entry).toHaveAttribute('data-locked', 'true');
  await expect(entry).toContainText('DAX_LOCKED');
  await expect(entry).toContainText('PTE · order 0');
  await expect(entry).toContainText('0x102222');
  // the walk from xa_head to slot 3 of the one leaf node
  await expect(v.getByTestId('xarray-walk')).toContainText('xa_head → node#1[3] → entry index 3');
  await expect(v.locator('[data-node="node#1"]')).toContainText('shift 0');

  const axe = await new AxeBuilder({ page }).include('[data-view="xarray"]').analyze();
  expect(axe.violations).toEqual([]);
  await shotView(page, 'xarray', testInfo.outputPath('xarray-locked.png'));

  await page.getByRole('button', { name: 'Last step' }).click();
  await expect(entry).not.toHaveAttribute('data-locked', 'true');
  await expect(entry).not.toContainText('DAX_LOCKED');
  await expect(entry).not.toHaveAttribute('data-current', 'true');
  await expect(entry).toContainText('none');
  await shotView(page, 'xarray', testInfo.outputPath('xarray-unlocked.png'));
});

test('xfs-reflink-shared: selecting an rmap record links the xarray entry of the same file page', async ({ page }) => {
  await page.goto('/?scenario=xfs-reflink-shared');
  const entry = view(page).locator('[data-entry-id="ino:pmem0:131:3"]');
  await expect(entry).not.toHaveAttribute('data-linked', 'true');
  await page.locator('[data-view="rmap"]').getByRole('button', { name: 'Select rmap record 6 (inode 131)' }).click();
  await expect(entry).toHaveAttribute('data-linked', 'true');
  await expect(entry).toContainText('⇄ linked');

  // clicking the entry selects its id
  await entry.getByRole('button', { name: /Select the DAX entry of \/mnt\/A index 3/ }).click();
  await expect.poll(() => page.evaluate(() => window.__explorer?.state().selection)).toBe('ino:pmem0:131:3');
  await expect(entry.getByRole('button', { name: /^Select the DAX entry/ })).toHaveAttribute('aria-pressed', 'true');
});

test('xfs-reflink-shared: the file picker shows /mnt/B, which B’s round locks', async ({ page }) => {
  const lock = await stepOf(page, 'xfs-reflink-shared', 'dax_lock_mapping_entry#2');
  await page.goto(`/?scenario=xfs-reflink-shared&step=${lock}`);
  const v = view(page);
  // the step works on /mnt/B while /mnt/A is shown: the view offers to switch
  await v.getByRole('button', { name: 'Show /mnt/B' }).click();
  const picker = v.getByRole('combobox', { name: 'File whose page cache is shown' });
  await expect(picker).toHaveAttribute('data-value', 'ino:pmem0:132');
  await expect(picker).toHaveValue('/mnt/B · ino 132');
  const entry = v.locator('[data-entry-id="ino:pmem0:132:3"]');
  await expect(entry).toHaveAttribute('data-current', 'true');
  await expect(entry).toContainText('DAX_LOCKED');
  // the picker: a click opens the list, a click on an option picks it
  await picker.click();
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await v.getByRole('option', { name: '/mnt/A · ino 131' }).click();
  await expect(picker).toHaveAttribute('data-value', 'ino:pmem0:131');
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
  await expect(v.locator('[data-entry-id="ino:pmem0:131:3"]')).toBeVisible();
});

test('fsdax-pmd-mapping: a PMD entry with its sibling slots', async ({ page }, testInfo) => {
  const lock = await stepOf(page, 'fsdax-pmd-mapping', 'dax_lock_folio#1');
  await page.goto(`/?scenario=fsdax-pmd-mapping&step=${lock}`);
  const v = view(page);
  const entry = v.locator('[data-entry-id="ino:pmem0:12:0"]');
  await expect(entry).toContainText('PMD · order 9');
  await expect(entry).toContainText('0–511 (512 pages)');
  await expect(entry).toContainText('DAX_PMD');
  await expect(entry).toHaveAttribute('data-current', 'true');
  // the node at shift 6 holds the canonical slot 0 and siblings 1–7 pointing back at it
  const node = v.locator('[data-node="node#1"]');
  await expect(node).toContainText('shift 6');
  for (let o = 1; o <= 7; o++) await expect(node.locator(`[data-slot="${o}"]`)).toContainText('↩0');
  await expect(node).toContainText('+56 empty');
  await expect(v.getByTestId('xarray-walk')).toContainText('node#1[0] → entry index 0 (order 9)');

  await shotView(page, 'xarray', testInfo.outputPath('xarray-pmd.png'));

  await v.getByRole('button', { name: '64 slots' }).click();
  await expect(node.locator('[data-slot]')).toHaveCount(64);
  const axe = await new AxeBuilder({ page }).include('[data-view="xarray"]').analyze();
  expect(axe.violations).toEqual([]);
  await shotView(page, 'xarray', testInfo.outputPath('xarray-pmd-64.png'));
});

test('empty states: device-dax has no xarray; an xarray emptied by unbind', async ({ page }) => {
  await page.goto('/?scenario=devdax-2m-compound');
  await expect(view(page)).toContainText(
    "device-dax keeps no page-cache entries (no xarray): the struct page's mapping/index point at the char device",
  );
  const axe = await new AxeBuilder({ page }).include('[data-view="xarray"]').analyze();
  expect(axe.violations).toEqual([]);

  // step past the end = the last step (a link without step= opens at step 0)
  await page.goto('/?scenario=unbind-pre-remove&step=999999999');
  await expect(view(page)).toContainText('no DAX entries: nothing faulted in');
  await expect(view(page)).toContainText('xa_head = NULL');
});
