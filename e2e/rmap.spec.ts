import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

import { shotView, stepOf } from './steps';

test.use({ viewport: { width: 1366, height: 768 } });

const view = (page: Page) => page.locator('[data-view="rmap"]');
const bar = (page: Page, id: string) => view(page).locator(`g[data-record-id="${id}"]`);
const row = (page: Page, id: string) => view(page).locator(`tr[data-record-id="${id}"]`);

test('xfs-reflink-shared: the query hits both owners of the reflinked block', async ({ page }, testInfo) => {
  const query = await stepOf(page, 'xfs-reflink-shared', 'xfs_rmap_query_range#1');
  await page.goto(`/?scenario=xfs-reflink-shared&step=${query}`);
  const v = view(page);
  await expect(v.getByRole('heading', { name: 'XFS rmap records' })).toBeVisible();
  await expect(v.getByTestId('rmap-counts')).toContainText('8 records in AG 0 (showing 8)');
  await expect(v.getByTestId('rmap-counts')).toContainText('query [34, 34]: 2 records');
  await expect(v.getByTestId('rmap-query-band')).toBeVisible();

  // one record per owner over the same blocks, in two lanes
  const a = bar(page, 'rmap:pmem0:ag0:r6');
  const b = bar(page, 'rmap:pmem0:ag0:r7');
  for (const r of [a, b]) {
    await expect(r).toBeVisible();
    await expect(r).toHaveAttribute('data-in-query', 'true');
    await expect(r).toHaveAttribute('data-current', 'true');
    await expect(r).toHaveAttribute('aria-current', 'step');
  }
  await expect(a).toContainText('inode 131');
  await expect(b).toContainText('inode 132');
  const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
  expect(boxA && boxB && Math.abs(boxA.y - boxB.y)).toBeGreaterThan(20);
  // both overlap the band horizontally
  const band = await v.getByTestId('rmap-query-band').boundingBox();
  for (const box of [boxA, boxB])
    expect(box && band && box.x <= band.x && box.x + box.width >= band.x + band.width).toBe(true);
  // metadata records are tagged as such
  await expect(row(page, 'rmap:pmem0:ag0:r5')).toContainText('XFS_RMAP_OWN_INODES');
  await expect(row(page, 'rmap:pmem0:ag0:r5')).toContainText('metadata');

  const axe = await new AxeBuilder({ page }).include('[data-view="rmap"]').analyze();
  expect(axe.violations).toEqual([]);
  await shotView(page, 'rmap', testInfo.outputPath('rmap-query.png'));
});

test('xfs-reflink-shared: after the rounds both owners show pgoff 3 pgcnt 1', async ({ page }, testInfo) => {
  const first = await stepOf(page, 'xfs-reflink-shared', 'xfs_dax_failure_fn#1');
  await page.goto(`/?scenario=xfs-reflink-shared&step=${first}`);
  await expect(bar(page, 'rmap:pmem0:ag0:r6')).toHaveAttribute('data-current', 'true');
  await expect(bar(page, 'rmap:pmem0:ag0:r6')).toContainText('pgoff 3 pgcnt 1');
  await expect(bar(page, 'rmap:pmem0:ag0:r7')).not.toContainText('pgoff');

  await page.getByRole('button', { name: 'Last step' }).click();
  for (const id of ['rmap:pmem0:ag0:r6', 'rmap:pmem0:ag0:r7']) {
    await expect(bar(page, id)).toHaveAttribute('data-visited', 'true');
    await expect(bar(page, id)).not.toHaveAttribute('data-current', 'true');
    await expect(bar(page, id)).toContainText('✓');
    await expect(bar(page, id)).toContainText('pgoff 3 pgcnt 1');
    const cells = row(page, id).getByRole('cell');
    await expect(cells.nth(6)).toHaveText('✓ visited');
    await expect(cells.nth(7)).toContainText('3');
    await expect(cells.nth(8)).toContainText('1');
  }
  // clicking a record selects its id
  await bar(page, 'rmap:pmem0:ag0:r7').click();
  await expect.poll(() => page.evaluate(() => window.__explorer?.state().selection)).toBe('rmap:pmem0:ag0:r7');
  await expect(bar(page, 'rmap:pmem0:ag0:r7')).toHaveAttribute('aria-pressed', 'true');
  await expect(row(page, 'rmap:pmem0:ag0:r7').getByRole('button', { name: /Select rmap record 7/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // keyboard: Enter on a focused record selects it
  await bar(page, 'rmap:pmem0:ag0:r6').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => window.__explorer?.state().selection)).toBe('rmap:pmem0:ag0:r6');

  const axe = await new AxeBuilder({ page }).include('[data-view="rmap"]').analyze();
  expect(axe.violations).toEqual([]);
  await shotView(page, 'rmap', testInfo.outputPath('rmap-end.png'));
});

test('xfs-metadata-hit: a metadata owner', async ({ page }, testInfo) => {
  // step past the end = the last step (a link without step= opens at step 0)
  await page.goto('/?scenario=xfs-metadata-hit&step=999999999');
  const r5 = bar(page, 'rmap:pmem0:ag0:r5');
  await expect(r5).toContainText('XFS_RMAP_OWN_INODES');
  await expect(r5).toContainText('metadata');
  await expect(r5).toHaveAttribute('data-visited', 'true');
  await expect(r5).toHaveAttribute('data-in-query', 'true');
  await shotView(page, 'rmap', testInfo.outputPath('rmap-metadata.png'));
  // dark theme
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await shotView(page, 'rmap', testInfo.outputPath('rmap-metadata-dark.png'));
});

test('empty state: ext4 keeps no reverse map', async ({ page }) => {
  await page.goto('/?scenario=ext4-single-owner');
  await expect(view(page)).toContainText(
    'ext4 keeps no reverse map: the generic path finds the owner through page->mapping',
  );
  const axe = await new AxeBuilder({ page }).include('[data-view="rmap"]').analyze();
  expect(axe.violations).toEqual([]);
});
