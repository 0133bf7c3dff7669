/**
 * The static shell in index.html: painted before the app's script has run (so the first paint waits for the
 * page and its stylesheet only), in the theme the app will choose, then replaced by the app.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.setTimeout(120_000);

for (const theme of ['light', 'dark'] as const)
  test(`the shell shows the header in the stored theme (${theme}) before the app runs, then the app replaces it`, async ({
    page,
  }, testInfo) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // the stored choice is the opposite of the system's: the shell must follow the choice
    await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' });
    await page.addInitScript((t) => window.localStorage.setItem('dax-explorer:theme', t), theme);
    // hold the app's chunk back: what is on screen meanwhile is the static shell alone
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route(/\/assets\/main-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?scenario=xfs-reflink-shared&step=3', { waitUntil: 'domcontentloaded' });
    await expect(page.getByRole('heading', { level: 1, name: 'DAX Memory-Failure Explorer' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Loading the explorer…' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const bg = await page.locator('.app-header').evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r] = (bg.match(/\d+/g) ?? ['0']).map(Number);
    // the header's panel colour: dark in the dark theme, light in the light one (the stylesheet is applied)
    expect(theme === 'dark' ? r < 100 : r > 155, `header background ${bg}`).toBe(true);
    expect(await page.evaluate(() => window.__explorer)).toBeUndefined();
    await page.screenshot({ path: testInfo.outputPath(`shell-${theme}.png`) });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);

    release();
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
    await expect(page.getByRole('heading', { level: 2, name: 'Loading the explorer…' })).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(errors).toEqual([]);
  });

test('embed mode: the shell has no header either', async ({ page }) => {
  await page.route(/\/assets\/main-[^/]*\.js$/, () => {}); // never answered: the shell stays
  await page.goto('/?scenario=xfs-reflink-shared&step=3&embed=1', { waitUntil: 'domcontentloaded' });
  await expect(page.getByRole('heading', { level: 2, name: 'Loading the explorer…' })).toBeVisible();
  await expect(page.locator('.app-header')).toBeHidden();
});
