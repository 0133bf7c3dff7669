/**
 * The process lanes as a virtual list (issue 11, 6 §6): on bench A (10,000 processes) only the lanes in
 * the view's scroll box are drawn; a task selected in another view (a signal's pid in the outcome) has its
 * lane, far down the list, scrolled into view; the keys walk the lanes (End reaches the last, ↑ the one
 * before) without moving the run; "Show all" draws the same few lanes out of 10,000.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 480_000 });

/** the lane's title lies inside the processes view's scroll box (what the user sees) */
async function headInView(lane: Locator): Promise<boolean> {
  return lane.evaluate((el) => {
    const box = el.closest('.view__body')?.getBoundingClientRect();
    const head = el.querySelector('.processes-lane__head')?.getBoundingClientRect();
    return !!box && !!head && head.top >= box.top - 1 && head.bottom <= box.bottom + 1;
  });
}

test('bench A: lanes drawn only in view, a far lane reached from the outcome and by keyboard, Show all', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.openBenchA();
  const steps = await x.totalSteps();
  await x.goStep(steps);
  await expect.poll(() => x.state((s) => s.views?.cursor)).toBe(steps);
  const view = x.view('processes');
  const feed = view.getByRole('feed', { name: 'Process lanes' });
  const lanes = feed.getByRole('article');
  const shown = await x.state((s) => s.views?.lanes?.shown.map((p) => p.pid) ?? []);
  expect(shown.length).toBeGreaterThan(20);
  await expect(lanes.first()).toHaveAttribute('aria-setsize', String(shown.length));
  // a screenful and a few either side, not every lane of the list
  expect(await lanes.count()).toBeLessThan(Math.min(20, shown.length));

  // a signalled task whose lane is not among the first 50: its pid in the outcome selects it
  const target = await x.state((s) => {
    const first = new Set(s.views?.lanes?.shown.slice(0, 50).map((p) => p.pid));
    const far = s.views?.outcome.signals.filter((g) => !first.has(g.pid)) ?? [];
    return far.length ? far[far.length - 1].pid : null;
  });
  expect(target).not.toBeNull();
  const lane = view.locator(`article[data-task="task:${target}"]`);
  await expect(lane).toHaveCount(0);
  // the outcome's signals and dmesg are virtual lists too: a box's worth of rows drawn, the size in aria
  const outcome = x.view('outcome');
  const signals = await x.state((s) => s.views?.outcome.signals.length ?? 0);
  const dmesg = await x.state((s) => s.views?.outcome.dmesg.length ?? 0);
  expect(signals).toBeGreaterThan(300);
  await expect(outcome.locator('table.outcome-table').first()).toHaveAttribute('aria-rowcount', String(signals + 1));
  expect(await outcome.locator('tr.outcome-sig').count()).toBeLessThan(40);
  expect(await outcome.locator('li.outcome-dmesg__row').count()).toBeLessThan(Math.min(60, dmesg));
  await outcome.locator('.outcome-sigbox').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  const sigRow = outcome.locator(`tr[aria-rowindex="${signals + 1}"]`);
  await expect(sigRow).toBeVisible();
  await outcome.screenshot({ path: testInfo.outputPath('outcome-signals-end.png') });
  await outcome
    .locator('button.outcome-pid', { hasText: new RegExp(`^${target}$`) })
    .first()
    .click();
  await expect.poll(() => x.selection()).toBe(`task:${target}`);
  await expect(lane).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => headInView(lane)).toBe(true);
  await expect(lane.locator('.processes-lane__head button')).toHaveAttribute('aria-pressed', 'true');
  const at = Number(await lane.getAttribute('aria-posinset'));
  expect(at).toBeGreaterThan(50);
  await view.screenshot({ path: testInfo.outputPath('lanes-selected-far.png') });

  // keys on a lane's title: Home to the first lane, End to the last, ↑ to the one before; the run stays
  const cursor = await x.cursor();
  await lane.locator('.processes-lane__head button').focus();
  await page.keyboard.press('Home');
  const firstHead = feed.locator('article[aria-posinset="1"] .processes-lane__head button');
  await expect(firstHead).toBeFocused();
  await expect.poll(() => headInView(feed.locator('article[aria-posinset="1"]'))).toBe(true);
  await page.keyboard.press('End');
  const total = Number(await lanes.first().getAttribute('aria-setsize'));
  const last = feed.locator(`article[aria-posinset="${total}"]`);
  await expect(last.locator('.processes-lane__head button')).toBeFocused();
  await expect.poll(() => headInView(last)).toBe(true);
  await page.keyboard.press('ArrowUp');
  await expect(feed.locator(`article[aria-posinset="${total - 1}"] .processes-lane__head button`)).toBeFocused();
  await page.keyboard.press('PageDown');
  await expect(last.locator('.processes-lane__head button')).toBeFocused();
  expect(await x.cursor()).toBe(cursor);

  const axe = await new AxeBuilder({ page }).include('[data-view="processes"]').analyze();
  expect(axe.violations).toEqual([]);

  // Show all: 10,000 lanes in the list, still only a screenful drawn; End reaches task 10,000's lane
  await view.getByRole('button', { name: /^Show all/ }).click();
  await expect(lanes.first()).toHaveAttribute('aria-setsize', '10000', { timeout: 120_000 });
  expect(await lanes.count()).toBeLessThan(20);
  await lanes.first().locator('.processes-lane__head button').focus();
  await page.keyboard.press('End');
  const end = feed.locator('article[aria-posinset="10000"]');
  await expect(end.locator('.processes-lane__head button')).toBeFocused();
  await expect.poll(() => headInView(end)).toBe(true);
  expect(await lanes.count()).toBeLessThan(20);
  await view.screenshot({ path: testInfo.outputPath('lanes-show-all-end.png') });
  await page.screenshot({ path: testInfo.outputPath('lanes-page.png') });
});

test('bench A: the xarray file picker filters 1,000+ files, draws only the options in view, picks one past the first screen', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.openBenchA();
  const v = x.view('xarray');
  const picker = v.getByRole('combobox', { name: 'File whose page cache is shown' });
  const files = await x.state((s) => s.views?.xarray?.choices.map((c) => [c.id, c.label]) ?? []);
  expect(files.length).toBeGreaterThan(1000);
  await picker.click();
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  const list = page.getByRole('listbox', { name: /^File whose page cache is shown/ });
  await expect(list).toBeVisible();
  const options = list.getByRole('option');
  expect(await options.count()).toBeLessThan(40);
  await expect(options.first()).toHaveAttribute('aria-setsize', String(files.length));
  await page.screenshot({ path: testInfo.outputPath('picker-open.png') });

  // by keyboard: PgDn twice and ↓ reach the 22nd option (past the first screen), Enter picks it
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('ArrowDown');
  const active = await picker.getAttribute('aria-activedescendant');
  const activeOpt = page.locator(`[id="${active}"]`);
  await expect(activeOpt).toHaveAttribute('aria-posinset', /^\d+$/);
  const posinset = Number(await activeOpt.getAttribute('aria-posinset'));
  expect(posinset).toBeGreaterThan(15);
  const id = await activeOpt.getAttribute('data-value');
  await page.keyboard.press('Enter');
  await expect(picker).toHaveAttribute('data-value', id ?? '');
  await expect(picker).toBeFocused();
  await expect.poll(() => x.state((s) => s.views?.xarray?.mappingId)).toBe(id);

  // by filter: a file far down the list (its path) narrows the list to it, a click picks it
  const [farId, farLabel] = files[files.length - 3];
  await picker.fill(farLabel);
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  const match = list.getByRole('option', { name: new RegExp(`^(▶ )?${farLabel.replace(/[/.-]/g, '\\$&')} · ino`) });
  await expect(match).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('picker-filtered.png') });
  await match.click();
  await expect(picker).toHaveAttribute('data-value', farId);
  await expect.poll(() => x.state((s) => s.views?.xarray?.mappingId)).toBe(farId);
  await expect(picker).toHaveAttribute('aria-expanded', 'false');

  const axe = await new AxeBuilder({ page }).include('[data-view="xarray"]').analyze();
  expect(axe.violations).toEqual([]);
  // and with the list open
  await picker.focus();
  await expect(list).toBeVisible();
  const axeOpen = await new AxeBuilder({ page }).include('[data-view="xarray"]').analyze();
  expect(axeOpen.violations).toEqual([]);
  await v.screenshot({ path: testInfo.outputPath('xarray-picked.png') });
});
