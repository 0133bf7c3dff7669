/**
 * The workspace: the punchline fits the screen at 1366×768, a view can be focused, presentation mode is
 * legible at 1280×720, empty views collapse with their reason, the keyboard keeps working after the mouse
 * used the picker, the scrubber and a log line, `?` shows the key map, skip links reach the views, and
 * nothing moves for ever, the page stays accessible in both themes and in presentation mode with no console errors.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 90_000 });

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** the element's box lies inside the window and inside every scrolling ancestor's visible box */
async function visibleWithoutScrolling(page: Page, loc: Locator) {
  await expect(loc).toBeVisible();
  const ok = await loc.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowY;
      if (o !== 'auto' && o !== 'scroll' && o !== 'hidden') continue;
      const b = p.getBoundingClientRect();
      if (r.top < b.top - 1 || r.bottom > b.bottom + 1) return false;
    }
    return true;
  });
  expect(ok).toBe(true);
  // and the page itself does not scroll
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
}

test('at 1366×768 the pipeline, the step, the processes and the outcome signals are visible without scrolling', async ({
  page,
}, testInfo) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=0');
  await page.getByRole('button', { name: 'Last step' }).click();
  await visibleWithoutScrolling(page, x.view('pipeline').locator('.view__title'));
  await visibleWithoutScrolling(page, x.view('processes').locator('.view__title'));
  const outcome = x.view('outcome');
  await visibleWithoutScrolling(page, outcome.getByRole('heading', { name: /signals/i }).first());
  await visibleWithoutScrolling(page, outcome.getByText('HardwareCorrupted').first());
  await page.screenshot({ path: testInfo.outputPath('workspace-1366.png') });
  // the layout does not move while playing
  const box = await x.view('outcome').boundingBox();
  await page.getByRole('button', { name: 'First step' }).click();
  await page.keyboard.press('Space');
  await page.waitForTimeout(600);
  await page.keyboard.press('Space');
  expect(await x.view('outcome').boundingBox()).toEqual(box);
  expect(errors).toEqual([]);
});

test('views with nothing to show collapse to their header and the reason', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=ext4-single-owner&step=0');
  const rmap = page.locator('.pane[data-empty="true"]').filter({ has: x.view('rmap') });
  await expect(rmap).toBeVisible();
  expect((await rmap.boundingBox())?.height).toBeLessThan(100);
  await expect(x.view('rmap').locator('.view__empty')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('ext4-collapsed-1366.png') });
});

test('a view can be focused with its button or F, and restored with Esc', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=12');
  await page.getByRole('button', { name: 'Focus Outcome' }).click();
  await expect(x.view('pipeline')).toHaveCount(0);
  const box = await x.view('outcome').boundingBox();
  expect(box?.width).toBeGreaterThan(1300);
  await page.screenshot({ path: testInfo.outputPath('focus-outcome-1366.png') });
  await page.keyboard.press('Escape');
  await expect(x.view('pipeline')).toBeVisible();
  // F with the focus in a view (skip link) maximises that view; F again restores
  await x.view('processes').focus();
  await page.keyboard.press('f');
  await expect(x.view('pipeline')).toHaveCount(0);
  await expect(x.view('processes')).toBeVisible();
  await page.keyboard.press('f');
  await expect(x.view('pipeline')).toBeVisible();
  // the keys still step in focus mode
  await page.getByRole('button', { name: 'Focus Pipeline' }).click();
  await page.keyboard.press('ArrowRight');
  expect(await x.cursor()).toBe(13);
});

test('presentation mode: large type, the demo views, the caption, the timeline with its events', async ({
  page,
}, testInfo) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=12');
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('button', { name: 'Present' })).toHaveAttribute('aria-pressed', 'true');
  for (const v of ['pipeline', 'processes', 'outcome']) await expect(x.view(v)).toBeVisible();
  for (const v of ['structPages', 'xarray', 'rmap']) await expect(x.view(v)).toHaveCount(0);
  await expect(page.locator('.step-caption')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Scenario events' })).toBeVisible();
  // body text ≥ 18 px: the app's text, the caption, the processes and the outcome's facts
  const sizes = await page.evaluate(() =>
    ['.app', '.step-caption', '[data-view="processes"] .view__body', '.outcome__facts'].map((sel) => {
      const el = document.querySelector(sel);
      return el ? Number.parseFloat(getComputedStyle(el).fontSize) : 0;
    }),
  );
  for (const px of sizes) expect(px).toBeGreaterThanOrEqual(18);
  await page.screenshot({ path: testInfo.outputPath('present-1280x720.png') });
  await x.axeClean();
  await page.keyboard.press('Escape');
  await expect(x.view('rmap')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the keys keep working after the picker, the scrubber and a log line were used with the mouse', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=0');
  // the picker: choose with the mouse, then Home/→ step instead of changing the scenario
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await picker.click(); // the pointer opens it
  await picker.selectOption('ext4-single-owner');
  await page.waitForFunction(() => {
    const l = window.__explorer?.state().load;
    return l?.status === 'ready' && l.id === 'ext4-single-owner';
  });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(await x.cursor()).toBe(2);
  await page.keyboard.press('Home');
  expect(await x.cursor()).toBe(0);
  expect(await x.state((s) => (s.load.status === 'ready' ? s.load.id : ''))).toBe('ext4-single-owner');
  // changed with its own arrow keys, the picker keeps the focus (keyboard users can keep choosing)
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await expect(picker).toBeFocused();
  await picker.selectOption('ext4-single-owner');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  // the scrubber: click it, then Space plays
  await x.slider().click();
  await page.keyboard.press('Space');
  await expect.poll(() => x.state((s) => s.playing)).toBe(true);
  await page.keyboard.press('Space');
  await expect.poll(() => x.state((s) => s.playing)).toBe(false);
  // Space with the keyboard focus on the scrubber plays too
  await x.slider().focus();
  await page.keyboard.press('Space');
  await expect.poll(() => x.state((s) => s.playing)).toBe(true);
  await page.keyboard.press('Space');
  // a log line: click it, step on, and Space plays instead of jumping back to the line
  await x.goStep(3);
  const line = x.view('pipeline').locator('.pipeline__log li[data-step] > button').first();
  await line.click();
  const at = await x.cursor();
  await page.keyboard.press('ArrowRight');
  expect(await x.cursor()).toBe(at + 1);
  await page.keyboard.press('Space');
  await expect.poll(() => x.state((s) => s.playing)).toBe(true);
  await page.keyboard.press('Space');
});

test('? shows the key map; skip links reach each view', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=3');
  await page.keyboard.press('Tab');
  const first = page.getByRole('link', { name: 'Skip to Timeline' });
  await expect(first).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(x.view('pipeline')).toBeFocused();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keys' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('step over');
  await page.screenshot({ path: testInfo.outputPath('keymap-1366.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  // the keys work again once the map is closed
  await page.keyboard.press('ArrowRight');
  expect(await x.cursor()).toBe(4);
  await expect(x.view('pipeline')).toBeFocused();
});

for (const motion of ['no-preference', 'reduce'] as const)
  test(`what a step touched is highlighted in the processes view, ${motion === 'reduce' ? 'at once (reduced motion)' : 'with a short flash'}`, async ({
    page,
  }) => {
    await page.emulateMedia({ reducedMotion: motion });
    await page.setViewportSize({ width: 1366, height: 768 });
    const x = new ExplorerPage(page);
    await x.open('?scenario=xfs-reflink-shared&step=0');
    const marked = x
      .view('processes')
      .locator(
        '.processes-task--current, .processes-vma--current, .processes-unmapped--current, .processes-leaf--current rect',
      )
      .first();
    // step until a step touches a task, a VMA or a page-table entry
    for (let i = 0; i < 60 && (await marked.count()) === 0; i++) await page.keyboard.press('ArrowRight');
    await expect(marked).toBeAttached();
    // the flash is a CSS animation on the mark (asserted by name: its 0.7 s may be over on a busy machine)
    const animation = await marked.evaluate((el) => getComputedStyle(el).animationName);
    expect(animation).toBe(motion === 'reduce' ? 'none' : 'changed-ring');
  });

test('nothing on a ready page moves for ever (WCAG 2.2.2; an endless edge flow repainted the chart every frame)', async ({
  page,
}) => {
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=21');
  // the transition just taken flows a few times and stops
  await expect(page.locator('.pipeline__edge--last')).not.toHaveCount(0);
  const endless = await page.evaluate(() =>
    document
      .getAnimations()
      .filter((a) => a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY)
      .map((a) => (a as CSSAnimation).animationName ?? 'script'),
  );
  expect(endless).toEqual([]);
});

for (const theme of ['light', 'dark'] as const)
  test(`axe: the workspace has no violations (${theme})`, async ({ page }, testInfo) => {
    const errors = watchConsole(page);
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1366, height: 768 });
    const x = new ExplorerPage(page);
    await x.open('?scenario=xfs-reflink-shared&step=20');
    await x.axeClean();
    await page.screenshot({ path: testInfo.outputPath(`workspace-${theme}-1366.png`) });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('button', { name: 'Present' }).click();
    await x.axeClean();
    await page.screenshot({ path: testInfo.outputPath(`present-${theme}-1280.png`) });
    expect(errors).toEqual([]);
  });
