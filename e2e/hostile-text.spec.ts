/**
 * Control characters in a scenario's strings (issue 10 §4): a comm with ESC sequences and BEL, a thread comm
 * with a newline, tab and NEL, a path and a title with a bidi override (U+202E) are shown escaped (\uXXXX)
 * in every view, tooltip, dmesg line, the step copied as text and the SVG export — never interpreted.
 */
import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

const scenario = {
  format: 1,
  id: 'hostile-text',
  title: 'Hostile \u001b[31mtitle\u202e',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '64MiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt', reflink: true, agcount: 2 }],
  files: [{ path: '/mnt/\u202etxt.exe', size: '1MiB' }],
  processes: [
    {
      name: 'P',
      comm: '\u001b[2J\u001b]0;x\u0007',
      mceKill: 'early',
      mappings: [{ name: 'a', file: '/mnt/\u202etxt.exe' }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
      threads: [{ name: 't', comm: 'a\nb\tc\u0085', mceKill: 'early' }],
    },
  ],
  events: [{ kind: 'mce', process: 'P', thread: 't', mapping: 'a', offset: '0x3000' }],
};

// C0 (newline and tab included), DEL, C1, the line separators and the bidi marks, embeddings and isolates
const isControl = (c: number) =>
  c <= 0x1f ||
  (c >= 0x7f && c <= 0x9f) ||
  c === 0x061c ||
  c === 0x200e ||
  c === 0x200f ||
  (c >= 0x2028 && c <= 0x202e) ||
  (c >= 0x2066 && c <= 0x2069);
const CONTROL = { test: (text: string) => [...text].some((ch) => isControl(ch.charCodeAt(0))) };

/** The text a person sees in the views: rendered text, tooltips (title, SVG <title>) and accessible names. */
async function shownText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const v of document.querySelectorAll<HTMLElement>('[data-view], .app-scenario, .timeline, .load-errors'))
      out.push(v.textContent ?? '');
    for (const el of document.querySelectorAll('[title], [aria-label]'))
      out.push(el.getAttribute('title') ?? '', el.getAttribute('aria-label') ?? '');
    for (const t of document.querySelectorAll('svg title')) out.push(t.textContent ?? '');
    return out;
  });
}

test('every view shows the hostile comm, path and title escaped; the step text and the SVG export too', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.open('');
  await page.locator('input[type=file]').setInputFiles({
    name: 'hostile-text.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect(page.locator('.app-scenario__title')).toHaveText('Hostile \\u001b[31mtitle\\u202e');
  await x.goStep(await x.totalSteps());

  const outcome = x.view('outcome');
  // the AR went to the consuming thread: its comm in dmesg and the signal table
  await expect(outcome).toContainText('Sending SIGBUS to a\\u000ab\\u0009c\\u0085:');
  await expect(x.view('processes')).toContainText('\\u001b[2J\\u001b]0;x\\u0007');
  await expect(x.view('processes')).toContainText('a\\u000ab\\u0009c\\u0085');
  await expect(x.view('processes')).toContainText('/mnt/\\u202etxt.exe');
  const texts = await shownText(page);
  const bad = texts.filter((t) => CONTROL.test(t));
  expect(bad).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('hostile-end.png') });

  // the SVG export of the outcome view is made from what the view shows
  const download = page.waitForEvent('download');
  await outcome.getByRole('button', { name: /SVG/ }).click();
  const file = await (await download).path();
  const svg = readFileSync(file, 'utf8');
  // (booleans: a failure must not print a 500 kB SVG)
  expect(svg.includes('Sending SIGBUS to a\\u000ab\\u0009c\\u0085:')).toBe(true);
  expect(CONTROL.test(svg.replace(/[\n\r\t]/g, ''))).toBe(false);

  // the step as text (for a mail) at a step that names the comm
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  // the first step whose summary names the thread's comm (its raw bytes: the kernel keeps them)
  const kill = await x.state((s) =>
    s.load.status === 'ready' ? s.load.sim.rt.steps.findIndex((st) => st.summary.includes('\u0085')) : -1,
  );
  expect(kill).toBeGreaterThanOrEqual(0);
  await x.goStep(kill + 1);
  await page.getByRole('button', { name: 'Copy step as text' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.split('\n').filter((l) => CONTROL.test(l))).toEqual([]);
  expect(copied).toContain('a\\u000ab\\u0009c\\u0085');
});
