/** Export: PNG and SVG downloads that open, the theme kept across reloads, the build served from a sub-path. */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test.setTimeout(120_000);

test.describe('export', () => {
  test('Download reproducer gives a zip with run.sh, plan.txt, probe.c and a README', async ({ page }) => {
    await page.goto('/?scenario=xfs-reflink-shared');
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download reproducer' }).click(),
    ]);
    expect(zip.suggestedFilename()).toBe('reproducer-xfs-reflink-shared.zip');
    const files = unzipSync(readFileSync((await zip.path()) as string));
    expect(Object.keys(files).sort()).toEqual(
      ['README.txt', 'plan.txt', 'probe.c', 'run.sh'].map((f) => `reproducer-xfs-reflink-shared/${f}`),
    );
    expect(strFromU8(files['reproducer-xfs-reflink-shared/run.sh'])).toMatch(/^#!/);
    expect(strFromU8(files['reproducer-xfs-reflink-shared/plan.txt'])).toContain('proc P pmtest');
  });

  test('PNG and SVG of the outcome and the struct pages canvas download and open', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto('/?scenario=xfs-reflink-shared');
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
    for (const view of ['outcome', 'structPages']) {
      const region = page.locator(`[data-view="${view}"]`);
      const [png] = await Promise.all([
        page.waitForEvent('download'),
        region.getByRole('button', { name: 'PNG', exact: true }).click(),
      ]);
      expect(png.suggestedFilename()).toBe(`${view}.png`);
      const bytes = readFileSync((await png.path()) as string);
      expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(bytes.length).toBeGreaterThan(2000);
      // width and height from the IHDR chunk: a real picture, not a blank pixel
      expect(bytes.readUInt32BE(16)).toBeGreaterThan(100);
      expect(bytes.readUInt32BE(20)).toBeGreaterThan(50);

      const [svg] = await Promise.all([
        page.waitForEvent('download'),
        region.getByRole('button', { name: 'SVG', exact: true }).click(),
      ]);
      expect(svg.suggestedFilename()).toBe(`${view}.svg`);
      const text = readFileSync((await svg.path()) as string, 'utf8');
      const parsed = await page.evaluate((t) => {
        const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
        return { root: doc.documentElement.nodeName, error: doc.getElementsByTagName('parsererror').length };
      }, text);
      expect(parsed).toEqual({ root: 'svg', error: 0 });
    }
    await page.screenshot({ path: 'test-results/export-1366x768.png' });
    expect(errors).toEqual([]);
  });

  test('copy step as text gives a mailing-list ready step', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?scenario=xfs-reflink-shared&step=36');
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
    await page.getByRole('button', { name: 'Copy step as text' }).click();
    await expect(page.getByRole('button', { name: 'Copied ✓' })).toBeVisible();
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toMatch(/^Step 36\/36 \(/);
    expect(text).toMatch(/get_signal\(\)\s+kernel\/signal\.c/);
    expect(text).toMatch(/pid\s+comm\s+signo\s+si_code\s+si_addr\s+si_addr_lsb/);
    expect(text).toContain('BUS_MCEERR_AR');
    expect(text).toContain('dmesg (this step)');
  });

  test('the theme choice survives a reload', async ({ page }) => {
    await page.goto('/?scenario=xfs-reflink-shared&step=0');
    await page.getByLabel('Theme').selectOption('dark');
    await page.reload();
    await expect(page.getByLabel('Theme')).toHaveValue('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});

/** The built files, served under a sub-path by a plain static server (no rewrites, no server logic). */
test.describe('static build under a sub-path', () => {
  const base = '/talks/dax/';
  const port = Number(process.env.PW_PORT ?? 4173) + 100;
  const dist = join(process.cwd(), 'dist');
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.json': 'application/json',
  };
  let server: Server;
  test.beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (!url.pathname.startsWith(base)) {
        res.writeHead(404).end();
        return;
      }
      const rel = normalize(url.pathname.slice(base.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
      const file = join(dist, rel);
      try {
        if (!statSync(file).isFile()) throw new Error('not a file');
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        res.end(readFileSync(file));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('loads, simulates and stays axe clean at 1280×720', async ({ page }) => {
    const errors: string[] = [];
    const missing: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && missing.push(r.url()));
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`http://127.0.0.1:${port}${base}?scenario=fsdax-pmd-mapping&step=3`);
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
    await expect(page.getByRole('heading', { name: 'Outcome' })).toBeVisible();
    expect(await page.evaluate(() => window.__explorer?.state().cursor)).toBe(3);
    await page.screenshot({ path: 'test-results/subpath-1280x720.png' });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    expect(missing).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test('an embed URL is locked to its range with minimal chrome, step= kept', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?scenario=xfs-reflink-shared&step=5&embed=1&from=3&to=8');
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  const cursor = () => page.evaluate(() => window.__explorer?.state().cursor);
  expect(await cursor()).toBe(5);
  await expect(page.getByRole('heading', { name: 'DAX Memory-Failure Explorer' })).toBeHidden();
  await page.keyboard.press('End');
  expect(await cursor()).toBe(8);
  await expect(page).toHaveURL(/step=8/);
  await expect(page).toHaveURL(/embed=1&from=3&to=8/);
  await page.keyboard.press('Home');
  expect(await cursor()).toBe(3);
  await page.keyboard.press('ArrowLeft');
  expect(await cursor()).toBe(3);
  await page.screenshot({ path: 'test-results/embed-1280x720.png' });
  expect(errors).toEqual([]);
});
