/**
 * Hostile links and files (issue 11): a malformed `sel` never reaches a view (each view renders, no page
 * error, the link's note names it), a clamped step is noted, and a file over the limit is refused as too
 * large — not as "not JSON".
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

const VIEWS = ['pipeline', 'processes', 'structPages', 'xarray', 'rmap', 'outcome'];
const BAD_SEL = ['rmap:pmem0', 'rmap:pmem0:ag0', 'pfn:zzz', 'ino:pmem0:131:-1', '1.5', 'x', '1e20'];

for (const sel of BAD_SEL) {
  test(`?sel=${sel} is ignored with a note, and every view renders`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const x = new ExplorerPage(page);
    await x.open(`?scenario=xfs-reflink-shared&step=12&sel=${encodeURIComponent(sel)}`);
    for (const v of VIEWS) await expect(x.view(v)).toBeVisible();
    await expect(page.getByRole('alert')).toContainText(`sel "${sel}" is not an object id`);
    expect(await x.state((s) => s.selection)).toBeNull();
    expect(errors).toEqual([]);
  });
}

test('a step past the end is noted', async ({ page }) => {
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=999999');
  await expect(page.getByRole('alert')).toContainText('step 999999 is past the last step');
});

test('a 50 MB file is refused as too large, with the limit, and the loaded scenario stays', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared');
  // Playwright passes buffers only up to 50 MB: a file on disk instead
  const huge = testInfo.outputPath('huge.json');
  writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 0x20));
  await page.locator('input[type=file]').setInputFiles(huge);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('too large');
  await expect(alert).toContainText('the limit is 8 MiB');
  await expect(alert).not.toContainText('not JSON');
  expect(await x.state((s) => (s.load.status === 'ready' ? s.load.id : null))).toBe('xfs-reflink-shared');
});
