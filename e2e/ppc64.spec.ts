/**
 * The ppc64 vmemmap crash (seed 003) in the explorer: a devdax scenario on ppc64-hash oopses on 6.0 (no
 * arch opt-in: compound devmap vmemmap in init_mm PTEs the hash MMU never walks), with the oops in dmesg
 * and the struct pages' vmemmap addresses marked untranslated; the same file on 6.12 probes cleanly.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

const loaded = (page: Page) =>
  page.waitForFunction(() => window.__explorer?.state().load.status === 'ready' && !window.__explorer?.state().pending);

const scenario = (kernel: string) => ({
  format: 1,
  id: `ppc64-hash-devdax-${kernel.replace('.', '-')}`,
  kernel,
  arch: 'ppc64-hash',
  namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '1GiB', map: 'mem', align: '16MiB' }],
});

async function open(page: Page, kernel: string) {
  await page.goto('/?scenario=ext4-single-owner&step=0');
  await loaded(page);
  await page.locator('input[type=file]').setInputFiles({
    name: 'ppc64.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario(kernel))),
  });
  await page.waitForFunction((id) => {
    const s = window.__explorer?.state();
    return s?.load.status === 'ready' && s.load.id === id && !s.pending;
  }, scenario(kernel).id);
}

test('6.0 on ppc64-hash: the probe oopses, the struct pages have no translation', async ({ page }) => {
  await open(page, '6.0');
  const structPages = page.getByRole('region', { name: 'struct pages and vmemmap' });
  await expect(structPages.getByRole('alert')).toContainText('Probe crashed: memmap_init_zone_device() stored to');
  await expect(structPages.locator('tr.ppc64__untranslated').first()).toContainText('none (no bolted HPTE)');
  await expect(structPages).toContainText('0xc00c000000400000');
  await expect(structPages).toContainText('UNVERIFIED');
  // the oops as dmesg shows it, in the outcome
  const setup = page.getByRole('list', { name: 'dmesg of the setup' });
  await expect(setup).toContainText('BUG: Unable to handle kernel data access on write at 0xc00c000000400038');
  await expect(setup).toContainText('Oops: Kernel access of bad area, sig: 11 [#1]');
  const dmesg = await page.evaluate(() => {
    const s = window.__explorer?.state();
    return s?.load.status === 'ready' ? s.load.sim.report.dmesg : [];
  });
  expect(dmesg).toContain('BUG: Unable to handle kernel data access on write at 0xc00c000000400038');
  expect(dmesg).toContain('Oops: Kernel access of bad area, sig: 11 [#1]');
  await page.screenshot({ path: 'test-results/ppc64-hash-6.0.png' });
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('6.12 on ppc64-hash: the same namespace probes cleanly, bolted HPTEs, no deduplication', async ({ page }) => {
  await open(page, '6.12');
  const structPages = page.getByRole('region', { name: 'struct pages and vmemmap' });
  await expect(structPages).toContainText('Probe succeeded');
  await expect(structPages).toContainText('bolted HPTEs');
  await expect(structPages).toContainText('no deduplication');
  await expect(structPages.locator('tr.ppc64__untranslated')).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'dmesg of the setup' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/ppc64-hash-6.12.png' });
});
