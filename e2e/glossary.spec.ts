/** The glossary: definitions on hover and on keyboard focus where terms appear, and the panel. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import glossary from '../src/glossary/glossary.json' with { type: 'json' };
import { stepOf } from './steps';

test.setTimeout(120_000);

test('terms explain themselves on hover and focus; the panel lists them; axe clean', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?scenario=xfs-reflink-shared&step=36');
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  const outcome = page.locator('[data-view="outcome"]');

  const lsb = outcome.locator('[data-term="si_addr_lsb"]');
  await lsb.hover();
  await expect(page.getByRole('tooltip')).toContainText('1 << si_addr_lsb');
  await expect(lsb).toHaveAttribute('aria-describedby', /.+/);
  await lsb.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/glossary-hover-1366x768.png' });
  await page.mouse.move(0, 0);

  const hc = outcome.locator('[data-term="HardwareCorrupted"]');
  await hc.focus();
  await expect(page.getByRole('tooltip')).toContainText('num_poisoned_pages');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('tooltip')).toHaveCount(0);

  await page.getByRole('button', { name: 'Glossary' }).click();
  const panel = page.getByRole('complementary', { name: 'Glossary' });
  for (const term of ['SRAR', 'SRAO', 'PMD', 'PUD', 'rmapbt', 'DAX entry', 'altmap', 'ZONE_DEVICE', 'early kill'])
    await expect(panel.getByText(term, { exact: true }).first()).toBeVisible();
  await panel.getByRole('searchbox', { name: 'Filter terms' }).fill('vmem');
  await expect(panel.locator('dt', { hasText: 'vmemmap' })).toBeVisible();
  await expect(panel.locator('dt', { hasText: 'SRAR' })).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'test-results/glossary-panel-1280x720.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
  expect(errors).toEqual([]);
});

/** the first words of a glossary definition, to recognise its tooltip */
function definitionStart(term: string): string {
  const e = glossary.terms.find((t) => t.term === term);
  if (!e) throw new Error(`${term} is not in the glossary`);
  return e.definition.slice(0, 40);
}

for (const theme of ['light', 'dark'] as const)
  test(`every view defines its terms where they appear: titles, subtitles, legends, the step (${theme})`, async ({
    page,
  }, testInfo) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1366, height: 768 });
    const n = await stepOf(page, 'xfs-reflink-shared', 'memory_failure#1');
    await page.goto(`/?scenario=xfs-reflink-shared&step=${n}`);
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
    const view = (id: string) => page.locator(`[data-view="${id}"]`);

    // the step's summary ("pfn … is ZONE_DEVICE memory of pmem0; flags 0x2 (MF_ACTION_REQUIRED)")
    const step = view('pipeline').locator('.pipeline__summary');
    await expect(step.locator('[data-term="ZONE_DEVICE"]')).toHaveCount(1);
    await expect(step.locator('[data-term="MF_ACTION_REQUIRED"]')).toHaveCount(1);
    await step.locator('[data-term="ZONE_DEVICE"]').hover();
    await expect(page.getByRole('tooltip')).toContainText(definitionStart('ZONE_DEVICE'));
    await page.mouse.move(0, 0);

    // each view: its terms in the title, the subtitle and the legend
    const expected: Record<string, string[]> = {
      structPages: ['vmemmap', 'fsdax', 'hwpoison', 'reflink'],
      xarray: ['xarray', 'DAX entry'],
      rmap: ['XFS rmap', 'reflink'],
      processes: ['PTE', 'PMD', 'PUD'],
      outcome: ['HardwareCorrupted'],
    };
    for (const [id, terms] of Object.entries(expected))
      for (const t of terms)
        await expect(view(id).locator(`[data-term="${t}"]`).first(), `${t} in ${id}`).toBeAttached();

    // a term in a header that clips its overflow still shows its whole tip, inside the window
    const sub = view('structPages').locator('.view__subtitle [data-term="fsdax"]');
    await sub.focus();
    const tip = page.getByRole('tooltip');
    await expect(tip).toContainText(definitionStart('fsdax'));
    const box = await tip.boundingBox();
    expect(box).not.toBeNull();
    if (box) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(1366);
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    }
    await page.screenshot({ path: testInfo.outputPath(`terms-subtitle-${theme}-1366.png`) });
    await page.keyboard.press('Escape');

    // one definition per term and block of text, not one per word
    const perBlock = await page.evaluate(() => {
      const dup: string[] = [];
      for (const block of document.querySelectorAll('p, li, h2, h3, th, .view__subtitle')) {
        const own = [...block.querySelectorAll(':scope > [data-term]')].map((t) => t.getAttribute('data-term'));
        if (new Set(own).size !== own.length) dup.push(`${block.className}: ${own.join(',')}`);
      }
      return dup;
    });
    expect(perBlock).toEqual([]);

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);

    // presentation mode: the caption defines the step's terms too
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('button', { name: 'Present' }).click();
    const caption = page.locator('.step-caption');
    await caption.locator('[data-term="ZONE_DEVICE"]').hover();
    await expect(page.getByRole('tooltip')).toContainText(definitionStart('ZONE_DEVICE'));
    await page.screenshot({ path: testInfo.outputPath(`terms-present-${theme}-1280.png`) });
    await page.mouse.move(0, 0);
    const axePresent = await new AxeBuilder({ page }).analyze();
    expect(axePresent.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
    expect(errors).toEqual([]);
  });
