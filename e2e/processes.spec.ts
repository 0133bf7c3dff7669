import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

/** Step ids of a scenario, read through the app's read-only test hook. */
async function stepIds(page: Page, scenario: string): Promise<string[]> {
  await page.goto(`/?scenario=${scenario}`);
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  return page.evaluate(() => {
    const load = window.__explorer?.state().load;
    return load && load.status === 'ready' ? load.sim.rt.steps.map((s) => s.id) : [];
  });
}

/** Move the cursor with the Timeline's slider (no reload, no re-simulation). */
async function goStep(page: Page, n: number) {
  await page.getByRole('slider', { name: 'Step' }).fill(String(n));
  await expect(page).toHaveURL(new RegExp(`step=${n}(&|$)`));
}

test.describe.configure({ timeout: 120_000 });

const view = (page: Page) => page.locator('[data-view="processes"]');
const lane = (page: Page, title: string) => view(page).getByRole('article', { name: title, exact: true });

async function axeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).include('[data-view="processes"]').analyze();
  expect(axe.violations).toEqual([]);
}

test('xfs-reflink-shared: P gets AR in owner A’s round, R gets AO in owner B’s, Q none because R faulted the shared extent', async ({
  page,
}, testInfo) => {
  const ids = await stepIds(page, 'xfs-reflink-shared');
  const firstKill = ids.findIndex((id) => /(^|\/)kill_procs#/.test(id));
  const secondKill = ids.findIndex((id, i) => i > firstKill && /(^|\/)kill_procs#/.test(id));
  expect(firstKill).toBeGreaterThan(0);
  expect(secondKill).toBeGreaterThan(firstKill);

  // owner A (/mnt/A): kill_procs queues SIGBUS BUS_MCEERR_AR for P, the task that consumed the poison
  await goStep(page, firstKill + 1);
  const p = lane(page, 'P — pmtest:202 (default)');
  await expect(p).toBeVisible();
  const pSig = p.locator('.processes-sig').first();
  await expect(pSig).toHaveAttribute('data-code', 'BUS_MCEERR_AR');
  await expect(pSig).toContainText('AR');
  await expect(pSig).toContainText('SIGBUS BUS_MCEERR_AR');
  await expect(pSig).toContainText('0x7f01ffc03000');
  await expect(pSig).toContainText('lsb 12');
  // P's PTE is gone (unmap_and_kill): hatched band, and the poisoned page marked "not mapped"
  await expect(p.locator('rect.processes-unmapped').first()).toBeAttached();
  await expect(p).toContainText('○ poisoned, not mapped');
  await axeClean(page);
  await view(page).screenshot({ path: testInfo.outputPath('processes-owner-a.png') });

  // owner B (/mnt/B): R (early kill) gets BUS_MCEERR_AO
  await goStep(page, secondKill + 1);
  const r = lane(page, 'R — pmtest:201 (early)');
  const rSig = r.locator('.processes-sig').first();
  await expect(rSig).toHaveAttribute('data-code', 'BUS_MCEERR_AO');
  await expect(rSig).toContainText('AO');
  await expect(rSig).toContainText('SIGBUS BUS_MCEERR_AO');

  // the end: both delivered, Q got none, and says why
  await goStep(page, ids.length);
  await expect(lane(page, 'P — pmtest:202 (default)')).toHaveAttribute('data-status', 'delivered');
  await expect(lane(page, 'R — pmtest:201 (early)')).toHaveAttribute('data-status', 'delivered');
  const q = lane(page, 'Q — pmtest:200 (default)');
  await expect(q).toHaveAttribute('data-status', 'no-signal');
  await expect(q.locator('.processes-sig')).toHaveCount(0);
  const reason = q.getByTestId('no-signal-reason');
  await expect(reason).toContainText('not collected');
  await expect(reason).toContainText(
    'is not mapped: removed by dax_insert_entry(): R (pmtest:201) faulted the shared (reflinked) extent',
  );
  await axeClean(page);
  await view(page).screenshot({ path: testInfo.outputPath('processes-end.png') });
});

test('ext4-single-owner end: V got no signal (not collected) and its PTE was removed', async ({ page }, testInfo) => {
  const ids = await stepIds(page, 'ext4-single-owner');
  await goStep(page, ids.length);
  const v = lane(page, 'V — pmtest:200 (default)');
  await expect(v).toHaveAttribute('data-status', 'no-signal');
  await expect(v.getByTestId('no-signal-reason')).toContainText('not collected');
  await expect(v.locator('rect.processes-unmapped').first()).toBeAttached();
  await expect(v.locator('.processes-facts__unmapped')).toContainText('unmap_and_kill()');
  await expect(v.locator('.processes-sig')).toHaveCount(0);
  await expect(lane(page, 'P — pmtest:201 (default)').locator('.processes-sig')).toHaveAttribute(
    'data-code',
    'BUS_MCEERR_AR',
  );
  await axeClean(page);
  await view(page).screenshot({ path: testInfo.outputPath('processes-ext4-end.png') });
});

test('selecting a leaf highlights the leaves that map the same pfn', async ({ page }, testInfo) => {
  await page.goto('/?scenario=xfs-reflink-shared&step=0');
  const p = lane(page, 'P — pmtest:202 (default)');
  const leaf = p.getByRole('button', { name: /^PTE 4K leaf at 0x7f01ffc03000/ });
  await leaf.focus();
  await page.keyboard.press('Enter');
  await expect(leaf).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/sel=pt%3A202%3A0x7f01ffc03000|sel=pt:202:0x7f01ffc03000/);
  const r = lane(page, 'R — pmtest:201 (early)');
  await expect(
    r.getByRole('button', { name: /^PTE 4K leaf at 0x7f00ffc03000.*linked to the selection/ }),
  ).toBeVisible();
  await expect(r.getByRole('button', { name: /R — pmtest:201/ })).toContainText('◆ linked');
  await axeClean(page);
  await view(page).screenshot({ path: testInfo.outputPath('processes-linked.png') });
});

test('fsdax-pmd-mapping: PMD leaves drawn with their level', async ({ page }, testInfo) => {
  await page.goto('/?scenario=fsdax-pmd-mapping&step=0');
  await expect(
    view(page).getByRole('button', { name: /^PMD 2M leaf at 0x7effffc00000 maps pfn 0x102800/ }),
  ).toBeVisible();
  await axeClean(page);
  await view(page).screenshot({ path: testInfo.outputPath('processes-pmd.png') });
});
