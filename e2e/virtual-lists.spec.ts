/**
 * Virtualised lists on a large run (issue 11, 6 §6): on bench A (10,000 processes, 1,000,001 reflinked
 * owners) the rmap record table draws only the rows in its scroll box.  ↑/↓ move through the rows, selecting and
 * focusing each; the race list draws only the chips in view once opened.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 480_000 });

/** the row's box lies inside the table's scroll box (what the user can see of the table) */
async function inScrollBox(row: Locator): Promise<boolean> {
  return row.evaluate((tr) => {
    const box = tr.closest('.rmap__table-wrap')?.getBoundingClientRect();
    const r = tr.getBoundingClientRect();
    return !!box && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  });
}

test('bench A: the virtualised rmap table: only the rows in view are drawn, ↑/↓ select and focus the next row', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.openBenchA();
  // the race list is drawn only when opened, and then only the chips in view
  const race = page.locator('.timeline__race');
  await expect(race.locator('.timeline__race-chip')).toHaveCount(0);
  await race.locator('summary').click();
  await expect(race.locator('.timeline__race-chip').first()).toBeVisible();
  const chips = await race.locator('.timeline__race-chip').count();
  expect(chips).toBeGreaterThan(0);
  expect(chips).toBeLessThan(100);
  await expect(race.locator('li').first()).toHaveAttribute('aria-setsize', /^\d{4,}$/);
  await race.locator('summary').click();

  // a step of xfs_dax_failure_fn far into the query: the record it visits lies past the table's first screen
  const target = await x.state((s) =>
    s.load.status === 'ready'
      ? (s.load.sim.rt.steps.find((st) => st.id === 'xfs_dax_failure_fn#100')?.index ?? null)
      : null,
  );
  expect(target).not.toBeNull();
  await x.goStep((target as number) + 1);
  await expect.poll(() => x.state((s) => s.views?.cursor)).toBe((target as number) + 1);
  const rmap = x.view('rmap');
  const records = await x.state((s) => s.views?.rmap?.records.map((r) => r.id) ?? []);
  const drawn = rmap.locator('tr[data-record-id]');
  expect(await drawn.count()).toBeLessThan(records.length);
  await expect(rmap.locator('table')).toHaveAttribute('aria-rowcount', String(records.length + 1));

  // keyboard: from the first row, ↓ 8 times; each row is selected and focused, past the first screen
  await rmap.locator('.rmap__table-wrap').evaluate((el) => {
    el.scrollTop = 0;
  });
  const first = rmap.locator(`tr[data-record-id="${records[0]}"] button.rmap__select`);
  await first.focus();
  // each press waits for its selection (it goes through the run's worker) before the next
  for (let i = 1; i <= 8; i++) {
    await page.keyboard.press('ArrowDown');
    // r0–r5 are the AG's metadata owners; from r6 on, a file's record, whose blocks 1,001 reflinked files
    // share: a million linked file pages (they took ~30 s per step to link, and 24 MB to send, before)
    await expect.poll(() => x.selection(), { timeout: 60_000 }).toBe(records[i]);
    await expect(rmap.locator(`tr[data-record-id="${records[i]}"] button.rmap__select`)).toBeFocused();
    if (i >= 6) {
      // the file's record is linked to a million objects; the page gets those its views draw
      const linked = await x.state((s) => ({ shown: s.views?.linked.size ?? 0, total: s.views?.linkedTotal ?? 0 }));
      expect(linked.total).toBeGreaterThan(1_000_000);
      expect(linked.shown).toBeGreaterThan(0);
      expect(linked.shown).toBeLessThan(50_000);
      await expect(rmap.locator(`tr[data-record-id="${records[i]}"] button.rmap__select`)).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      // the records sharing its blocks are marked linked
      expect(await rmap.locator('tr.rmap__row--linked').count()).toBeGreaterThan(0);
    }
  }
  const focused = rmap.locator(`tr[data-record-id="${records[8]}"]`);
  await expect(focused.locator('button.rmap__select')).toBeFocused();
  await expect(focused).toHaveAttribute('aria-rowindex', '10');
  await expect.poll(() => inScrollBox(focused)).toBe(true);
  // ↑ goes back one
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => x.selection(), { timeout: 60_000 }).toBe(records[7]);
  // the cursor did not move: the arrows walked the table, not the run
  await expect.poll(() => x.state((s) => s.cursor)).toBe((target as number) + 1);

  const axe = await new AxeBuilder({ page }).include('[data-view="rmap"]').analyze();
  expect(axe.violations).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('rmap-keyboard.png') });
  await page.screenshot({ path: 'test-results/virtual-rmap.png' });
});
