/**
 * Design reviews (issue 8 §5): a built-in whose kernel is an unmerged design is listed under "Design reviews"
 * and opens in compare mode against 6.12 with its note and the step where the review's flaw bites marked; the
 * same design in the explorer shows the note beside the pipeline and the flaw in the chart and the timeline.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test.describe.configure({ timeout: 120_000 });

test('picking a design review opens it in compare mode against 6.12, with its note and the flaw marked', async ({
  page,
}) => {
  await page.goto('/?scenario=xfs-reflink-shared&step=0');
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await expect(picker).toBeEnabled({ timeout: 30_000 });
  await expect(page.locator('optgroup[label="Design reviews"] > option[value="rfc2020-owner-list"]')).toHaveCount(1);
  await picker.selectOption('rfc2020-owner-list');

  await expect(page).toHaveURL(/scenario=rfc2020-owner-list&kernel=rfc-2020-get-shared-files&vs=6\.12/);
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  await expect(steps.getByRole('columnheader', { name: 'rfc-2020-get-shared-files' })).toBeVisible({ timeout: 30_000 });
  await expect(steps.getByRole('columnheader', { name: '6.12' })).toBeVisible();
  // the note, loaded on demand, with the reviewer and what merged instead
  const note = page.locator('[data-design-note="rfc-2020-get-shared-files"]');
  await expect(note).toContainText('Darrick J. Wong');
  await expect(note).toContainText('Merged instead');
  await expect(note.locator('.design-note__body h2')).toHaveText(/one owner list per poison/);
  // it opens at the flaw: the current column is the marked one, and says why
  await expect(steps.locator('tr[aria-current="step"]')).toHaveAttribute('data-flaw', 'true');
  await expect(steps.locator('tr[aria-current="step"]')).toContainText('_get_shared_files_fn()');
  await expect(steps.getByRole('note')).toContainText('The reviewed flaw bites here');
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('events[0].allocations');
  await expect(diff).toContainText('events[0].leakedInodeRefs');
  await page.screenshot({ path: 'test-results/design-review-compare.png', fullPage: true });

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('a link naming only the design review opens compare mode too; the ext4 poison left unhandled shows', async ({
  page,
}) => {
  await page.goto('/?scenario=rfc2020-ext4-unhandled');
  await expect(page).toHaveURL(/kernel=rfc-2020-corrupted-range&vs=6\.12/);
  await expect(page.locator('[data-design-note="rfc-2020-corrupted-range"]')).toContainText('Jan Kara');
  const steps = page.getByRole('region', { name: 'Aligned steps' });
  await expect(steps.locator('tr[aria-current="step"]')).toContainText('memory_failure_dev_pagemap()');
  await expect(steps.locator('tr[aria-current="step"]')).toHaveAttribute('data-flaw', 'true');
  const diff = page.getByRole('region', { name: 'Differences' });
  await expect(diff).toContainText('events[0].signals[pid 201 pmtest]');
  await expect(diff).toContainText('no signal');
  await page.screenshot({ path: 'test-results/design-review-ext4.png', fullPage: true });
});

test('the design in the explorer: the note beside the pipeline, the flaw in the chart and the timeline', async ({
  page,
}) => {
  await page.goto('/?scenario=rfc2020-metadata-owner&kernel=rfc-2020-get-shared-files&step=0');
  const pipeline = page.locator('#view-pipeline');
  await expect(pipeline.locator('[data-design-note="rfc-2020-get-shared-files"]')).toContainText('Merged instead', {
    timeout: 30_000,
  });
  await expect(pipeline.locator('svg[data-ready="true"]')).toBeVisible();
  const flawState = pipeline.locator('g[data-state="_get_shared_files_fn"]');
  await expect(flawState).toHaveAttribute('data-flaw', 'true');
  await expect(flawState).toContainText('⚠ flaw');
  const marker = page.getByRole('list', { name: 'Where the reviewed flaw bites' }).getByRole('button');
  await expect(marker).toHaveText('⚠ _get_shared_files_fn');
  await marker.click();
  await expect(page).toHaveURL(/step=\d+/);
  await expect(page.locator('.pipeline__flaw')).toContainText('What if rm_owner refers to metadata?');
  // the run ends in the (UNVERIFIED) oops: the outcome says so
  await expect(page.locator('[data-stop="oops"]')).toContainText('kernel oops: the run ends here (UNVERIFIED)');
  await page.screenshot({ path: 'test-results/design-review-explorer.png' });
  const axe = await new AxeBuilder({ page }).include('#view-pipeline').include('#timeline').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});
