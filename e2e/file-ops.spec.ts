/**
 * Run-time file operations (issue 10 §3) in the explorer: a scenario file with fallocate, write and
 * truncate loads through the worker, and the XFS rmap view follows each block change (issue 8): the
 * unwritten record fallocate maps, its split when a write converts part of it, its end when truncate frees it.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';
import { shotView } from './steps';

test.describe.configure({ timeout: 120_000 });
test.use({ viewport: { width: 1366, height: 768 } });

const scenario = {
  format: 1,
  id: 'file-ops',
  title: 'fallocate, write and truncate move the rmap records',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, rmapbt: true }],
  files: [{ path: '/mnt/A', size: '64KiB' }],
  processes: [{ name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x1000' }] }],
  events: [
    { kind: 'fallocate', path: '/mnt/A', offset: '64KiB', length: '32KiB' },
    { kind: 'write', process: 'P', file: '/mnt/A', offset: '0x12000', length: '0x2000' },
    { kind: 'truncate', path: '/mnt/A', size: '0x8000' },
  ],
};

test('the rmap view shows the records fallocate, write and truncate change', async ({ page }, testInfo) => {
  const x = new ExplorerPage(page);
  await x.open('');
  await page.locator('input[type=file]').setInputFiles({
    name: 'file-ops.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect(page.getByRole('heading', { level: 2, name: scenario.title })).toBeVisible();
  const ids = await x.stepIds();
  const after = (id: string) => {
    expect(ids, id).toContain(id);
    return ids.indexOf(id) + 1;
  };
  const rmap = x.view('rmap');
  // maximise the view: at 1366×768 it shares the screen with five others
  await rmap.getByRole('button', { name: 'Focus' }).click();
  const rows = rmap.locator('tr[data-record-id]');
  const ownerRows = rows.filter({ hasText: 'inode 131' });

  // before: one record of inode 131 (its 16 blocks)
  await x.goStep(after('xfs_file_fallocate#1') - 1);
  await expect(ownerRows).toHaveCount(1);

  // fallocate: a second record, unwritten
  await x.goStep(after('xfs_file_fallocate/xfs_alloc_file_space#1'));
  await expect(ownerRows).toHaveCount(2);
  await expect(ownerRows.filter({ hasText: 'XFS_RMAP_UNWRITTEN' })).toHaveCount(1);
  await shotView(page, 'rmap', testInfo.outputPath('rmap-fallocate.png'));

  // the write converts file blocks 18–19: the unwritten record splits around a written one
  await x.goStep(after('xfs_file_write_iter/xfs_direct_write_iomap_begin#1'));
  await expect(ownerRows).toHaveCount(4);
  await expect(ownerRows.filter({ hasText: 'XFS_RMAP_UNWRITTEN' })).toHaveCount(2);
  await shotView(page, 'rmap', testInfo.outputPath('rmap-write.png'));

  // truncate to 8 blocks: one record of 8 blocks is left
  await x.goStep(ids.length);
  await expect(ownerRows).toHaveCount(1);
  const axe = await new AxeBuilder({ page }).include('[data-view="rmap"]').analyze();
  expect(axe.violations).toEqual([]);
  await shotView(page, 'rmap', testInfo.outputPath('rmap-truncate.png'));
});
