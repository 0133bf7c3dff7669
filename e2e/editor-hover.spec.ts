/**
 * The JSON editor's hover docs after the editor chunk was cut (shiki and the JSON5/YAML parsers swapped out
 * by vite.config.ts): a value's hover still explains it from the schema, its markdown rendered (code spans),
 * and the schema's lint still marks a wrong value.
 */
import { expect, type Page, test } from '@playwright/test';
import { replaceEditorText } from './pages/codeMirror';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

const editor = (page: Page) => page.getByRole('complementary', { name: 'Scenario editor' });

test('hovering a value in the JSON editor shows its schema, as markdown; a wrong enum value is linted', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const x = new ExplorerPage(page);
  await x.open('?scenario=xfs-reflink-shared&step=1');
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await editor(page).getByRole('tab', { name: 'JSON' }).click();
  const json = editor(page).getByRole('textbox', { name: 'Scenario JSON' });
  await expect(json).toContainText('"mceKill"', { timeout: 30_000 });

  // a short text, so the line is on screen (CodeMirror draws only the lines in view)
  await replaceEditorText(
    json,
    JSON.stringify({ format: 1, id: 'hover', processes: [{ name: 'P', mceKill: 'early' }] }, null, 2),
  );
  await expect(json.locator('.cm-line', { hasText: '"mceKill"' })).toBeVisible();
  const tip = page.locator('.cm-tooltip-hover');
  // CodeMirror shows a hover after the pointer rests (hoverTime); the editor may redraw its lines meanwhile
  // (the edit re-runs the scenario), so each try finds the value's letters again
  await expect(async () => {
    // the pointer over the value's letters (the library hovers values) (found with a DOM Range over its text)
    const at = await page.evaluate(() => {
      const content = document.querySelector('.cm-content');
      if (!content) return null;
      const walk = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const i = n.textContent?.indexOf('early') ?? -1;
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(n, i + 2);
        r.setEnd(n, i + 3);
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      }
      return null;
    });
    if (!at) throw new Error('no mceKill line');
    await page.mouse.move(at.x, at.y - 40);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    await expect(tip).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
  await expect(tip).toContainText('early');
  // markdown rendered to HTML (code spans), without a highlighter's markup
  await expect(tip.locator('code').first()).toBeVisible();
  await expect(tip.locator('.shiki')).toHaveCount(0);
  await tip.screenshot({ path: testInfo.outputPath('editor-hover.png') });

  // the schema's linter: a value outside the enum is marked where it is
  const text = await json.textContent();
  expect(text).toContain('"early"');
  await replaceEditorText(
    json,
    JSON.stringify(
      JSON.parse(
        (await x.state((s) => (s.load.status === 'ready' ? JSON.stringify(s.load.built.scenario) : ''))) as string,
      ),
      null,
      2,
    ).replace('"early"', '"sometimes"'),
  );
  await expect(editor(page).locator('.cm-lintRange-error').first()).toBeVisible({ timeout: 30_000 });
});
