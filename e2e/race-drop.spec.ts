/**
 * Drop a race on the timeline (issue 8 §3): a change dragged onto the scrubber at a step races the failure
 * at that step's function (concurrentWith + at), as an edit: undoable, kept under Mine. The keyboard way:
 * step there, press the change. A step the kernel cannot race at is refused with the reason.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

const editor = (page: Page) => page.getByRole('complementary', { name: 'Scenario editor' });
const chip = (page: Page, label: string) => page.locator('.timeline__race-chip', { hasText: label });

/** the events of the scenario on screen, as "kind@at" */
const events = (x: ExplorerPage) =>
  x.state((s) =>
    s.load.status === 'ready'
      ? (s.load.built.scenario.events ?? []).map((e) => `${e.kind}${'at' in e && e.at ? `@${e.at}` : ''}`)
      : [],
  );

test('drag a truncate onto the step of collect_procs_fsdax: it races there; Undo takes it back; kept in Mine', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=1');
  const ids = await x.stepIds();
  const total = ids.length;
  const at = ids.findIndex((id) => /(^|\/)collect_procs_fsdax#/.test(id));
  expect(at).toBeGreaterThan(0);
  const before = await events(x);
  await page.locator('.timeline__race summary').click();

  const slider = x.slider();
  const box = await slider.boundingBox();
  if (!box) throw new Error('no slider');
  // the scrubber position that shows step at+1
  const targetPosition = { x: ((at + 1) / total) * box.width, y: box.height / 2 };
  await chip(page, 'truncate /mnt/A to 0').dragTo(slider, { targetPosition });

  const msg = page.locator('.timeline__race-msg');
  await expect(msg).toContainText(`Raced truncate /mnt/A to 0 at collect_procs_fsdax() (step ${at + 1})`);
  await expect.poll(() => events(x)).toEqual([...before, 'truncate@collect_procs_fsdax']);
  // the cursor went to the step raced at (the same step id in the new run)
  await expect
    .poll(() => x.state((s) => (s.load.status === 'ready' ? s.load.sim.rt.steps[s.cursor - 1]?.fn : null)))
    .toBe('collect_procs_fsdax');
  // an edit like any other: the editor shows it, Mine keeps it
  await expect(editor(page)).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await expect(picker.locator('optgroup[label="Mine"] option')).toHaveText(['xfs-reflink-shared (edited)']);
  // the race's steps are in the run: the truncate sleeps on the locked entry
  await expect
    .poll(() => x.state((s) => (s.load.status === 'ready' ? s.load.sim.rt.steps.some((st) => st.event === 1) : false)))
    .toBe(true);
  await page.screenshot({ path: testInfo.outputPath('race-dropped.png') });
  const axe = await new AxeBuilder({ page }).include('#timeline').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await editor(page).getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => events(x)).toEqual(before);
});

test('keyboard: step to a step, press the change; a function the kernel cannot race at is refused with why', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=1');
  const ids = await x.stepIds();
  const before = await events(x);
  const signal = ids.findIndex((id) => /(^|\/)get_signal#/.test(id));
  expect(signal).toBeGreaterThan(0);
  await x.goStep(signal + 1);
  // the disclosure opens with the keyboard too
  await page.locator('.timeline__race summary').focus();
  await page.keyboard.press('Enter');
  const munmap = page.locator('.timeline__race-chip', { hasText: /^munmap P\// }).first();
  await munmap.focus();
  await page.keyboard.press('Enter');
  const msg = page.locator('.timeline__race-msg');
  await expect(msg).toContainText(`Not raced: kernel 6.12 has no race point at get_signal() (step ${signal + 1})`);
  await expect(page.locator('.timeline__race summary')).toContainText('not raced');
  await expect(msg).toContainText('it races at memory_failure()');
  await page.screenshot({ path: testInfo.outputPath('race-refused.png') });
  expect(await events(x)).toEqual(before);
  await expect(editor(page)).toHaveCount(0);

  const kill = ids.findIndex((id) => /(^|\/)kill_procs#/.test(id));
  expect(kill).toBeGreaterThan(0);
  await x.goStep(kill + 1);
  await munmap.focus();
  await page.keyboard.press('Enter');
  await expect(msg).toContainText(/Raced munmap P\/\w+ at kill_procs\(\)/);
  await expect.poll(() => events(x)).toEqual([...before, 'munmap@kill_procs']);
  // the new run keeps the cursor on the step raced at (its index moves: the munmap's steps come before it)
  await expect
    .poll(() => x.state((s) => (s.load.status === 'ready' ? s.load.sim.rt.steps[s.cursor - 1]?.id : null)))
    .toBe(ids[kill]);
});
