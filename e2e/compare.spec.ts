/**
 * Compare mode (issue 6 §3, §4): the real run and a what-if side by side with aligned steps and the diff
 * panel; a what-if flip from the page; the URL reloads to the same view; an unknown kernel in the link
 * is a visible note with nothing loaded in its place; axe finds no violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

const WHAT_IF = '/?scenario=xfs-reflink-shared&kernel=6.12&flip=dax_lock_mapping_entry%231%3Abusy&step=11';

test('a what-if link: aligned steps with gaps, the diff panel, and the same view after a reload', async ({ page }) => {
  await page.goto(WHAT_IF);
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  await expect(steps.getByRole('columnheader', { name: '6.12 (what if)' })).toBeVisible();
  await expect(steps.locator('tr.is-gap').first()).toBeVisible();
  await expect(steps.locator('.compare__gap').first()).toHaveText('— no such call —');
  await expect(steps.locator('tr[aria-current="step"]')).toContainText('dax_lock_mapping_entry()');
  await expect(steps.locator('tr[aria-current="step"]')).toContainText('flipped → busy');
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('events[0].signals[pid 202 pmtest]');
  await expect(diff).toContainText('no signal');
  await page.screenshot({ path: 'test-results/compare-what-if.png', fullPage: true });

  // stepping moves both sides: the column is in the URL, and a reload shows the same column
  await page.getByRole('button', { name: 'Next ▶' }).click();
  await expect(page).toHaveURL(/step=12/);
  const url = page.url();
  const before = await steps.locator('tr[aria-current="step"]').textContent();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect(steps.locator('tr[aria-current="step"]')).toHaveText(before ?? '');

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('flip a decision from the page: opens the what-if against the real run', async ({ page }) => {
  await page.goto('/?scenario=xfs-reflink-shared&kernel=6.12&vs=6.12&step=11');
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('The observables are the same on both sides.');
  await page.getByRole('button', { name: /What if dax_lock_mapping_entry\(\) had decided otherwise/ }).click();
  await expect(page).toHaveURL(/flip=dax_lock_mapping_entry%231/);
  await expect(page.getByRole('region', { name: 'Aligned steps' }).locator('tr[aria-current="step"]')).toContainText(
    'flipped →',
  );
  await expect(diff.locator('dt').first()).toBeVisible();
});

test('an unknown kernel in the link: a visible note, nothing loaded in its place', async ({ page }) => {
  await page.goto('/?scenario=xfs-reflink-shared&kernel=6.12&vs=9.99');
  await expect(page.getByRole('alert')).toContainText('vs "9.99" is not a known kernel (known: 6.12');
  await expect(page.getByText('Nothing loaded.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Aligned steps' })).toHaveCount(0);
});

test('two variants: 6.1 vs 6.12 on xfs-reflink-shared shows the 6.1 WARNING in the diff', async ({ page }) => {
  await page.goto('/?scenario=xfs-reflink-shared&kernel=6.1&vs=6.12&step=0');
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  await expect(steps.getByRole('columnheader', { name: '6.1', exact: true })).toBeVisible();
  await expect(steps.getByRole('columnheader', { name: '6.12', exact: true })).toBeVisible();
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('WARNING: CPU: 0 PID: 202 at fs/dax.c:380 dax_insert_entry');
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/step=1/);
  await page.screenshot({ path: 'test-results/compare-6.1-6.12.png', fullPage: true });
});

test('two variants: 6.0 vs 6.12 on unbind-pre-remove shows 6.0 shutting XFS down in xfs_dax_failure_fn', async ({
  page,
}) => {
  await page.goto('/?scenario=unbind-pre-remove&kernel=6.0&vs=6.12&step=0');
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  await expect(steps.getByRole('columnheader', { name: '6.0', exact: true })).toBeVisible();
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('detected at xfs_dax_failure_fn');
  await expect(diff).toContainText('Device is about to be removed!');
});

for (const theme of ['light', 'dark'] as const)
  test(`the struct page and xarray entries of the pfn on both sides at the aligned step (${theme})`, async ({
    page,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme: theme });
    // column 12 (0-based) is the real run's SetPageHWPoison#1; the what-if has no such call there
    await page.goto('/?scenario=xfs-reflink-shared&kernel=6.12&flip=dax_lock_mapping_entry%231%3Abusy&step=11');
    const panel = page.getByRole('region', { name: 'Struct page at this step' });
    await expect(panel.getByRole('heading', { level: 2 })).toContainText('struct page of pfn 0x102222');
    const flags = panel.locator('tr[data-field="flags"]');
    await expect(flags).not.toHaveClass(/is-different/);
    await page.getByRole('button', { name: 'Next ▶' }).click();
    await expect(page.getByTestId('compare-struct-steps')).toContainText(
      'after mf_dax_kill_procs/SetPageHWPoison#1, 6.12 (what if) after dax_lock_mapping_entry#1',
    );
    await expect(flags).toHaveClass(/is-different/);
    await expect(flags.locator('td').nth(0)).toContainText('hwpoison');
    await expect(flags.locator('td').nth(1)).not.toContainText('hwpoison');
    await expect(flags.locator('th')).toContainText('differs');
    // the xarray entries of both reflinked files point at the page
    await expect(panel.locator('tr[data-field^="/mnt/A"]')).toContainText('pfn 0x102222');
    await expect(panel.locator('tr[data-field^="/mnt/B"]')).toContainText('pfn 0x102222');
    await page.screenshot({ path: testInfo.outputPath(`compare-struct-${theme}.png`), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);

    // another pfn: a bad one is refused naming the field, a good one goes in the link and survives a reload
    const input = panel.getByRole('textbox', { name: 'pfn' });
    await input.fill('zz');
    await panel.getByRole('button', { name: 'Show' }).click();
    await expect(panel).toContainText('pfn: "zz" is not a pfn');
    await input.fill('0x102223');
    await panel.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(/sel=pfn%3A0x102223/);
    await page.reload();
    await expect(panel.getByRole('heading', { level: 2 })).toContainText('struct page of pfn 0x102223');
    await expect(panel.locator('tr[data-field="flags"]')).not.toHaveClass(/is-different/);
  });

test('6.1 vs 6.12: the reflinked page is a file page on 6.1 and PAGE_MAPPING_DAX_SHARED on 6.12', async ({ page }) => {
  await page.goto('/?scenario=xfs-reflink-shared&kernel=6.1&vs=6.12&step=3');
  const panel = page.getByRole('region', { name: 'Struct page at this step' });
  const mapping = panel.locator('tr[data-field="mapping"]');
  await expect(mapping).toHaveClass(/is-different/);
  await expect(mapping.locator('td').nth(0)).toHaveText('ino:pmem0:131');
  await expect(mapping.locator('td').nth(1)).toHaveText('PAGE_MAPPING_DAX_SHARED');
  await expect(panel.locator('tr[data-field="index / share"] td').nth(1)).toHaveText('share 2');
  // stepping moves both sides, and the panel with them
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('compare-struct-steps')).toContainText(
    '6.1 after pmem_pagemap_memory_failure#1, 6.12 after pmem_pagemap_memory_failure#1',
  );
});
