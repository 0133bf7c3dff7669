/**
 * Loading runs in the simulation worker (issue 11 "Long work freezes the tab", issue 6 §6): a large
 * scenario file shows its progress — its name, the steps simulated so far, Cancel — while the scenario
 * loaded before stays on screen and usable; Cancel stops the worker and keeps that scenario; the next load
 * works. The large scenario is bench A's (1,000,001 reflinked owners, 10,000 processes) with 60 machine
 * checks on distinct pages of the shared file, each walking every owner: minutes of work, so the progress
 * is still there when the test looks at it.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 180_000 });

interface Scenario {
  id: string;
  processes: { name: string; touch: { mapping: string; offset: string }[] }[];
  events: unknown[];
}

function largeScenario(events: number): Buffer {
  const s = JSON.parse(readFileSync('bench/reflink-million.scenario.json', 'utf8')) as Scenario;
  const mce = s.processes.find((p) => p.name === 'p9996');
  if (!mce) throw new Error('bench/reflink-million.scenario.json has no p9996');
  const offsets = Array.from({ length: events }, (_, i) => `0x${((i + 0x10) * 0x1000).toString(16)}`);
  mce.touch.push(...offsets.map((offset) => ({ mapping: 'a', offset })));
  s.id = 'large-generated';
  s.events.push(...offsets.map((offset) => ({ kind: 'mce', process: 'p9996', mapping: 'a', offset })));
  return Buffer.from(JSON.stringify(s));
}

test('a large scenario file shows its progress; Cancel keeps the scenario loaded before', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=3');
  await page.locator('input[type=file]').setInputFiles({
    name: 'large.json',
    mimeType: 'application/json',
    buffer: largeScenario(60),
  });

  const progress = page.getByRole('status').filter({ hasText: 'large.json' });
  await expect(progress).toContainText('large.json');
  await expect(progress).toContainText('XFS reflink: poison in a block two files share stays loaded');
  // building the million owners comes first; then the steps count up
  await expect(progress).toContainText(/Simulating large\.json… [1-9][\d,]* steps/, { timeout: 120_000 });
  expect(await x.state((s) => s.pending?.phase)).toBe('simulating');

  // meanwhile the page answers: the loaded scenario steps, and its views are drawn
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect.poll(() => x.cursor()).toBe(4);
  await expect(x.view('processes')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('loading-progress-1366.png') });
  await page.screenshot({ path: 'test-results/loading-progress.png' });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toBeHidden();
  expect(
    await x.state((s) => ({
      id: s.load.status === 'ready' ? s.load.id : null,
      pending: s.pending,
      error: s.loadError,
      cursor: s.cursor,
    })),
  ).toEqual({ id: 'xfs-reflink-shared', pending: null, error: null, cursor: 4 });
  await expect(page.getByRole('heading', { name: 'XFS reflink: poison in a block two files share' })).toBeVisible();

  // a fresh worker takes the next load
  await page.getByRole('combobox', { name: 'Scenario' }).selectOption('ext4-single-owner');
  await expect
    .poll(() => x.state((s) => (s.load.status === 'ready' ? s.load.id : null)), { timeout: 30_000 })
    .toBe('ext4-single-owner');
});
