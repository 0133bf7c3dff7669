/**
 * Issue 10 §1, §2: edit any scenario beside the views, never lose it, share it by link. R's policy edited
 * in the form changes Q/R's outcome; a bad edit shows its messages and keeps the last good run; a reload
 * brings the edit back; undo/redo; a `#s=` link reproduces scenario, step and selection in a fresh
 * context; a corrupted one says so and shows nothing else; export and import round-trip.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { replaceEditorText } from './pages/codeMirror';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

const signalRows = (page: Page) => page.locator('[data-view="outcome"] tr.outcome-sig');
const rCell = (page: Page) => signalRows(page).getByRole('cell', { name: 'R', exact: true });
const editor = (page: Page) => page.getByRole('complementary', { name: 'Scenario editor' });

/** the built-in at its last step, with the editor open on the Form tab */
async function openEditing(page: Page): Promise<ExplorerPage> {
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=0');
  await x.goStep(await x.totalSteps());
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(editor(page).getByRole('heading', { name: 'Edit scenario' })).toBeVisible({ timeout: 30_000 });
  return x;
}

/** axe over what these tests change: the editor and the header's picker (each view has its own spec's axe) */
const editorAxe = (page: Page) =>
  new AxeBuilder({ page }).include('aside.editor').include('header.app-header').analyze();

async function setRPolicy(page: Page, policy: string) {
  await editor(page).getByRole('group', { name: 'processes[1] R' }).getByLabel('mceKill').selectOption(policy);
}

const loaded = (x: ExplorerPage) =>
  x.state((s) =>
    s.load.status === 'ready'
      ? { id: s.load.id, source: s.load.source, signals: s.load.sim.report.events[0].signals.map((g) => g.pid) }
      : null,
  );

test("editing R's policy in the form re-runs: R's signal goes, the step stays; undo and redo", async ({
  page,
}, testInfo) => {
  const x = await openEditing(page);
  const last = await x.cursor();
  await expect(signalRows(page)).toHaveCount(2);
  await expect(rCell(page)).toBeVisible();

  await setRPolicy(page, 'late');
  // late: R is not told of the poison on B (action optional goes to early-kill tasks only)
  await expect(signalRows(page)).toHaveCount(1);
  await expect(rCell(page)).toHaveCount(0);
  expect(await loaded(x)).toEqual({ id: 'xfs-reflink-shared', source: 'file', signals: [202] });
  expect(await x.cursor()).toBe(last);
  // kept in Mine at once, and the picker shows it
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await expect(picker.locator('optgroup[label="Mine"] option')).toHaveText(['xfs-reflink-shared (edited)']);
  await expect(picker.locator('option:checked')).toHaveText('xfs-reflink-shared (edited)');
  await expect(page).toHaveURL(/#s=[A-Za-z0-9+$-]+&step=\d+/);

  for (const [w, h] of [
    [1366, 768],
    [1280, 720],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: testInfo.outputPath(`editor-form-${w}.png`) });
  }
  for (const theme of ['light', 'dark']) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    const axe = await editorAxe(page);
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
  }

  await editor(page).getByRole('button', { name: 'Undo' }).click();
  await expect(signalRows(page)).toHaveCount(2);
  await expect(rCell(page)).toBeVisible();
  await editor(page).getByRole('button', { name: 'Redo' }).click();
  await expect(signalRows(page)).toHaveCount(1);
  await editor(page).getByRole('button', { name: 'Reset to built-in' }).click();
  await expect(signalRows(page)).toHaveCount(2);
  await editor(page).getByRole('button', { name: 'Undo' }).click();
  await expect(signalRows(page)).toHaveCount(1);
});

/** Replaces the JSON text and waits for the message it must produce (an editor that never names the field fails) */
async function fillJson(json: Locator, issues: Locator, text: string, expected: string) {
  await replaceEditorText(json, text);
  // (the worker may be slow on a shared machine: a generous wait, not a timed assertion)
  await expect(issues).toContainText(expected, { timeout: 30_000 });
}

/** the built-in with R late (a good edit), on the JSON tab */
async function openJsonAfterGoodEdit(page: Page) {
  const x = await openEditing(page);
  await setRPolicy(page, 'late');
  await expect(signalRows(page)).toHaveCount(1);
  await editor(page).getByRole('tab', { name: 'JSON' }).click();
  const json = editor(page).getByRole('textbox', { name: 'Scenario JSON' });
  await expect(json).toContainText('"format": 1', { timeout: 30_000 });
  return { x, json, issues: editor(page).getByRole('alert'), good: await x.state((s) => s.version) };
}

test('an invalid JSON edit shows the messages by field and keeps the last good run', async ({ page }) => {
  const { x, json, issues } = await openJsonAfterGoodEdit(page);

  // a policy the format does not have: the field is named, the last good run stays
  const text = (await x.state((s) => (s.load.status === 'ready' ? JSON.stringify(s.load.input) : ''))) as string;
  await fillJson(
    json,
    issues,
    JSON.stringify(JSON.parse(text.replace('"late"', '"sometimes"')), null, 2),
    'processes[1].mceKill',
  );
  await expect(issues).toContainText('The last good run stays on screen.');
  // and in the text: B reflinked from a file that is not there (a meaning check, not the schema's) marks its field
  const why = 'files[1].reflink: no earlier file /mnt/A on /mnt';
  await fillJson(json, issues, JSON.stringify(JSON.parse(text.replace('"/mnt/A"', '"/mnt/Z"')), null, 2), why);
  // the text is valid for the schema: the one error mark near the top is the run's, on files[1]
  await json.press('Control+Home');
  await expect(editor(page).locator('.cm-lintRange-error')).toHaveText('"reflink":');
  await expect(signalRows(page)).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'XFS reflink: poison in a block two files share' })).toBeVisible();
});

test('text that is not JSON says where it breaks, keeps the last good run, and the draft survives a reload', async ({
  page,
}, testInfo) => {
  const { x, json, issues, good } = await openJsonAfterGoodEdit(page);
  await replaceEditorText(json, '{ "format": 1, oops');
  await expect(issues).toContainText('(json)', { timeout: 30_000 });
  await expect(issues).toContainText(/not JSON \(line \d+, column \d+\)/);
  expect(await loaded(x)).toEqual({ id: 'xfs-reflink-shared', source: 'file', signals: [202] });
  expect(await x.state((s) => s.version)).toBeGreaterThanOrEqual(good);
  await page.screenshot({ path: testInfo.outputPath('editor-json-invalid-1366.png') });
  for (const theme of ['dark', 'light']) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    const axe = await editorAxe(page);
    expect(axe.violations.map((v) => `${theme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: testInfo.outputPath('editor-json-invalid-1280.png') });

  // the draft is saved too: a reload runs the last good scenario and the editor brings the draft back
  await page.reload();
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  expect(await loaded(x)).toEqual({ id: 'xfs-reflink-shared', source: 'file', signals: [202] });
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await editor(page).getByRole('tab', { name: 'JSON' }).click();
  // (the editor's chunk loads on a shared machine: generous waits, not timed assertions)
  await expect(editor(page).getByRole('textbox', { name: 'Scenario JSON' })).toContainText('{ "format": 1, oops', {
    timeout: 30_000,
  });
  await expect(editor(page).getByRole('alert')).toContainText('(json)', { timeout: 30_000 });
});

test('a reload restores the edited scenario, listed under Mine', async ({ page }) => {
  const x = await openEditing(page);
  await setRPolicy(page, 'late');
  await expect(signalRows(page)).toHaveCount(1);
  await page.reload();
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  expect(await loaded(x)).toEqual({ id: 'xfs-reflink-shared', source: 'file', signals: [202] });
  await expect(signalRows(page)).toHaveCount(1);
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  await expect(picker.locator('option:checked')).toHaveText('xfs-reflink-shared (edited)');
  // even with the address bar cleared, the edit is in Mine
  await page.goto('/?scenario=ext4-single-owner');
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  await picker.selectOption({ label: 'xfs-reflink-shared (edited)' });
  await expect.poll(() => loaded(x)).toEqual({ id: 'xfs-reflink-shared', source: 'file', signals: [202] });
});

test('a #s= link reproduces scenario, step and selection in a fresh context', async ({ page, browser }, testInfo) => {
  const x = await openEditing(page);
  await setRPolicy(page, 'late');
  await expect(signalRows(page)).toHaveCount(1);
  await x.goStep(9);
  await page.evaluate(() => {
    const s = window.__explorer?.state();
    s?.select('task:202');
  });
  await expect(page).toHaveURL(/&step=9&sel=task%3A202$/);
  // Copy link puts the same link on the clipboard
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied.' })).toBeVisible();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toBe(page.url());

  const fresh = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const other = await fresh.newPage();
  await other.goto(url);
  const y = new ExplorerPage(other);
  await other.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  expect(await loaded(y)).toEqual({ id: 'xfs-reflink-shared', source: 'file', signals: [202] });
  expect(await y.cursor()).toBe(9);
  expect(await y.selection()).toBe('task:202');
  await y.goStep(await y.totalSteps());
  await expect(signalRows(other)).toHaveCount(1);
  await other.screenshot({ path: testInfo.outputPath('link-fresh-context.png') });
  await fresh.close();
});

test('a corrupted #s= link says it could not be decoded and shows no other scenario', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/?scenario=xfs-reflink-shared');
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await setRPolicy(page, 'late');
  await expect(page).toHaveURL(/#s=/);
  const good = page.url();
  const cut = good.replace(/#s=([^&]+)/, (_m, p: string) => `#s=${p.slice(0, Math.floor(p.length / 2))}`);

  for (const bad of [cut, '/#s=this-is-not-a-scenario&step=18', '/?step=18#s=%%%']) {
    await page.goto('about:blank');
    await page.goto(bad);
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'error');
    await expect(page.getByRole('alert').first()).toContainText('could not decode the scenario in the link');
    await expect(page.getByRole('heading', { name: 'No scenario loaded' })).toBeVisible();
    await expect(page.locator('[data-view]')).toHaveCount(0);
    expect(await page.evaluate(() => window.__explorer?.state().load.id)).toBe('the link');
  }
  await page.screenshot({ path: testInfo.outputPath('link-corrupted.png') });
  // a link pasted into the address bar of the open tab (only the fragment changes) is opened too
  await page.goto(good);
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  await page.evaluate(() => {
    window.location.hash = '#s=garbage';
  });
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'error');
  await expect(page.getByRole('alert').first()).toContainText('could not decode the scenario in the link');
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
});

test('export and import round-trip, built-in or edited; a dropped file opens too', async ({ page }, testInfo) => {
  const x = await openEditing(page);
  // a built-in exports as the JSON it is written in
  let download = page.waitForEvent('download');
  await editor(page).getByRole('button', { name: 'Export' }).click();
  let file = await download;
  expect(file.suggestedFilename()).toBe('xfs-reflink-shared.json');
  const builtin = JSON.parse(readFileSync(await file.path(), 'utf8'));
  expect(builtin.processes[1]).toMatchObject({ name: 'R', mceKill: 'early' });

  await setRPolicy(page, 'late');
  await expect(signalRows(page)).toHaveCount(1);
  download = page.waitForEvent('download');
  await editor(page).getByRole('button', { name: 'Export' }).click();
  file = await download;
  expect(file.suggestedFilename()).toBe('xfs-reflink-shared-edited.json');
  const exported = readFileSync(await file.path(), 'utf8');
  expect(JSON.parse(exported).processes[1]).toMatchObject({ name: 'R', mceKill: 'late' });

  // import it on a fresh page: the same run
  await page.goto('/?scenario=ext4-single-owner');
  await page.waitForFunction(() => window.__explorer?.state().load.id === 'ext4-single-owner');
  await page.locator('input[type=file]').setInputFiles({
    name: 'late.json',
    mimeType: 'application/json',
    buffer: Buffer.from(exported),
  });
  await expect.poll(() => loaded(x)).toEqual({ id: 'xfs-reflink-shared', source: 'file', signals: [202] });
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(editor(page).getByRole('group', { name: 'processes[1] R' }).getByLabel('mceKill')).toHaveValue('"late"');

  // the built-in's export, dropped on the page, opens as a file
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
  }, JSON.stringify(builtin));
  await expect.poll(() => loaded(x)).toEqual({ id: 'xfs-reflink-shared', source: 'file', signals: [202, 201] });
  await page.screenshot({ path: testInfo.outputPath('after-drop.png') });
});

test('Mine: rename, duplicate, delete with undo', async ({ page }, testInfo) => {
  await openEditing(page);
  await setRPolicy(page, 'late');
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  const mine = picker.locator('optgroup[label="Mine"] option');
  await expect(mine).toHaveText(['xfs-reflink-shared (edited)']);
  const name = editor(page).getByRole('textbox', { name: 'Saved as' });
  await name.fill('R late');
  await name.press('Enter');
  await expect(mine).toHaveText(['R late']);
  await editor(page).getByRole('button', { name: 'Duplicate' }).click();
  await expect(mine).toHaveText(['R late (copy)', 'R late']);
  await expect(picker.locator('option:checked')).toHaveText('R late (copy)');
  await editor(page).getByRole('button', { name: 'Delete' }).click();
  await expect(mine).toHaveText(['R late']);
  const notice = page.getByRole('status').filter({ hasText: 'Deleted “R late (copy)”.' });
  await page.screenshot({ path: testInfo.outputPath('mine-deleted.png') });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(mine).toHaveText(['R late (copy)', 'R late']);
  // and all of it is stored: a reload lists the same
  await page.reload();
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  await expect(mine).toHaveText(['R late (copy)', 'R late']);
});

test('a scenario too large for a link: Copy link says why and offers the file; the saved copy reopens', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=ext4-single-owner');
  const base = await x.state((s) => (s.load.status === 'ready' ? s.load.built.scenario : null));
  // scattered file names do not compress below 8 KiB
  const files = Array.from({ length: 3000 }, (_, i) => ({ path: `/mnt/f${(i * 7919) % 100003}`, size: 4096 }));
  const big = { ...base, id: 'many-files', title: 'Many files', files: [...(base?.files ?? []), ...files] };
  await page.locator('input[type=file]').setInputFiles({
    name: 'many.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(big)),
  });
  await expect.poll(() => x.state((s) => s.load.id), { timeout: 30_000 }).toBe('many-files');
  await expect(page).toHaveURL(/#mine=[^&]+&step=\d+$/);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const said = page.getByRole('status').filter({ hasText: 'No link' });
  await expect(said).toContainText('more than a link should carry (8 KiB): share the file instead');
  const download = page.waitForEvent('download');
  await said.getByRole('button', { name: 'Download the file' }).click();
  expect((await download).suggestedFilename()).toBe('many-files.json');
  await page.screenshot({ path: testInfo.outputPath('link-too-large.png') });
  // the address bar names the copy saved in this browser: a reload opens it
  await page.reload();
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  expect(await x.state((s) => [s.load.id, s.load.status === 'ready' && s.load.source])).toEqual(['many-files', 'file']);
});
