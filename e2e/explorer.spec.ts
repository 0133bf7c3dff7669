/**
 * The explorer as a whole: every built-in loads and steps to the end and back, a selection follows
 * one pfn through every view, a copied link reproduces the view, the keyboard drives the timeline,
 * bad input is reported without losing the loaded scenario, and the page is accessible.
 */
import { expect, test } from '@playwright/test';
import { BUILTIN_SCENARIOS } from '../src/scenario/builtins';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

const VIEWS = ['pipeline', 'processes', 'structPages', 'xarray', 'rmap', 'outcome'];

for (const s of BUILTIN_SCENARIOS) {
  test(`${s.id}: loads, steps to the end and back`, async ({ page }) => {
    const x = new ExplorerPage(page);
    // a design review named alone opens compare mode; with its kernel it opens in the explorer
    await x.open(`?scenario=${s.id}${s.kernel ? `&kernel=${s.kernel}` : ''}&step=0`);
    for (const v of VIEWS) await expect(x.view(v)).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: s.title })).toBeVisible();
    const total = await x.totalSteps();
    expect(total).toBeGreaterThan(0);
    // a step's views come from the run's worker (issue 11): the cursor moves with them, a step not
    // prefetched a moment later
    await page.getByRole('button', { name: 'Last step' }).click();
    await expect.poll(() => x.cursor()).toBe(total);
    await expect(page.locator('.timeline__position')).toContainText(`step ${total} of ${total}`);
    await x.prev();
    await expect.poll(() => x.cursor()).toBe(total - 1);
    await page.getByRole('button', { name: 'First step' }).click();
    await expect.poll(() => x.cursor()).toBe(0);
    await x.next();
    await expect.poll(() => x.cursor()).toBe(1);
    // no view fell over on the way
    await expect(page.locator('.view-error')).toHaveCount(0);
  });
}

test('a pfn selection follows the page through every view', async ({ page }, testInfo) => {
  const x = new ExplorerPage(page);
  // step 1 of xfs-reflink-shared: every mapping is still in place
  await x.open('?scenario=xfs-reflink-shared&step=1');
  const pfn = await x.state((s) => (s.load.status === 'ready' ? s.load.sim.report.events[0].pfn : null));
  expect(pfn).toMatch(/^0x/);
  await page
    .getByRole('button', { name: `pfn:${pfn}` })
    .first()
    .click();
  await expect.poll(() => x.selection()).toBe(`pfn:${pfn}`);
  await expect(page).toHaveURL(new RegExp(`sel=pfn%3A${pfn}`));
  // struct pages: the canvas shows the selected struct page
  await expect(x.view('structPages').locator('canvas[data-selected-pfn]')).toHaveAttribute(
    'data-selected-pfn',
    pfn as string,
  );
  // xarray: /mnt/A's entry at index 3 points at it
  await expect(x.view('xarray').locator('[data-linked]').first()).toBeVisible();
  // rmap: both owners' records (A and the reflinked B) own its block
  await expect(x.view('rmap').locator('.rmap__row--linked')).toHaveCount(2);
  // processes: every task maps it at step 1 (Q lost its PTE to R's fault during setup, so P and R)
  await expect(x.view('processes').locator('[class*="--linked"]').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('linked-pfn.png'), fullPage: true });
});

test('a copied link reproduces the view', async ({ page, context }) => {
  const x = new ExplorerPage(page);
  await x.open('?scenario=devdax-2m-compound&step=5&sel=pfn:0x100264');
  const url = page.url();
  const before = await x.state((s) => ({
    cursor: s.cursor,
    sel: s.selection,
    id: s.load.status === 'ready' ? s.load.id : '',
  }));
  const other = await context.newPage();
  const y = new ExplorerPage(other);
  await other.goto(url);
  await other.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  expect(
    await y.state((s) => ({ cursor: s.cursor, sel: s.selection, id: s.load.status === 'ready' ? s.load.id : '' })),
  ).toEqual(before);
  await expect(y.view('pipeline').locator('.pipeline__step')).toHaveAttribute('data-step-id', (await x.stepIds())[4]);
});

test('keyboard: arrows, Home/End and Space drive the timeline, not while typing', async ({ page }) => {
  const x = new ExplorerPage(page);
  await x.open('?scenario=ext4-single-owner&step=0');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await x.cursor()).toBe(2);
  await page.keyboard.press('ArrowLeft');
  expect(await x.cursor()).toBe(1);
  await page.keyboard.press('End');
  expect(await x.cursor()).toBe(await x.totalSteps());
  await page.keyboard.press('Home');
  expect(await x.cursor()).toBe(0);
  // typing in a field does not step
  const goto = x.view('structPages').getByRole('textbox').first();
  await goto.focus();
  await page.keyboard.press('End');
  expect(await x.cursor()).toBe(0);
});

test('malformed links and scenario files are reported, and the loaded scenario stays', async ({ page }) => {
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=zzz&sel=<script>');
  await expect(page.getByRole('alert')).toContainText('step "zzz" is not a step number');
  await expect(page.getByRole('alert')).toContainText('is not an object id');
  await page.locator('input[type=file]').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ format: 1, id: 'broken', namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2Gx' }] }),
    ),
  });
  await expect(page.getByRole('alert')).toContainText('namespaces[0].size');
  await expect(page.getByRole('alert')).toContainText('The scenario you had open is still loaded.');
  expect(await x.state((s) => (s.load.status === 'ready' ? s.load.id : null))).toBe('xfs-reflink-shared');
  // an unknown scenario id in a link
  await page.goto('/?scenario=no-such-scenario');
  await expect(page.getByRole('alert')).toContainText('no built-in scenario "no-such-scenario"');
});

test('a scenario file loads', async ({ page }) => {
  const x = new ExplorerPage(page);
  await x.open('');
  const scenario = BUILTIN_SCENARIOS.find((s) => s.id === 'async-no-current');
  await page.locator('input[type=file]').setInputFiles({
    name: 'mine.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...scenario, id: 'my-copy', title: 'My copy' })),
  });
  await expect(page.getByRole('heading', { level: 2, name: 'My copy' })).toBeVisible();
  expect(await x.state((s) => (s.load.status === 'ready' ? [s.load.id, s.load.source] : null))).toEqual([
    'my-copy',
    'file',
  ]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe: the whole page has no violations (${theme}), and every view at two steps is captured`, async ({
    page,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme: theme });
    const x = new ExplorerPage(page);
    await x.open('?scenario=xfs-reflink-shared&step=12');
    await x.axeClean();
    const total = await x.totalSteps();
    for (const step of [12, total]) {
      await x.goStep(step);
      for (const v of VIEWS) await x.view(v).screenshot({ path: testInfo.outputPath(`${theme}-${v}-step${step}.png`) });
    }
    await x.axeClean();
    await page.screenshot({ path: testInfo.outputPath(`${theme}-page-1366.png`) });
  });
}

test('fits a 1920×1080 projector', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=devdax-2m-compound&step=8');
  for (const v of VIEWS) await expect(x.view(v)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath('page-1920.png') });
});
