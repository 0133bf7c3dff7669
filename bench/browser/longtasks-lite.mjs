#!/usr/bin/env node
// Long tasks while bench A loads, as a user's page has them: a PerformanceObserver ('longtask') only, no
// trace or profiler (longtasks.mjs records both, which makes every task longer). Against a running preview
// server (PW_PORT: `npx vite preview --outDir DIR --port $PW_PORT`); opens the default scenario, gives bench A
// to the file input as a path, waits for its views to be drawn, 2.5 s more, and prints the tasks over 50 ms
// after the input. Usage: PW_PORT=4472 node bench/browser/longtasks-lite.mjs [rounds=1]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { observeLongTasks } from './observeLongTasks.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const port = Number(process.env.PW_PORT ?? 4173);
const rounds = Number(process.argv[2] ?? 1);
const browser = await chromium.launch({ executablePath: findChromium()?.path, args: ['--disable-gpu'] });
try {
  for (let i = 0; i < rounds; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await ctx.addInitScript(observeLongTasks);
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${port}/?scenario=xfs-reflink-shared&step=3`);
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready', null, { timeout: 60_000 });
    await page.waitForTimeout(1500);
    const t0 = await page.evaluate(() => performance.now());
    await page.locator('input[type=file]').setInputFiles(join(ROOT, 'bench/reflink-million.scenario.json'));
    await page.waitForFunction(
      () => {
        const s = window.__explorer.state();
        return s.load.status === 'ready' && s.load.id === 'reflink-million' && s.views;
      },
      null,
      { timeout: 120_000, polling: 50 },
    );
    await page.waitForFunction(() => document.querySelector('main.workspace[data-drawn]'), null, { polling: 50 });
    await page.waitForTimeout(2500);
    const long = await page.evaluate((t) => window.__longtasks.filter((x) => x.start >= t), t0);
    const ms = long.map((x) => Math.round(x.dur));
    console.log(`tasks over 50 ms: ${ms.length}, longest ${Math.max(0, ...ms)} ms [${ms.join(' ')}]`);
    await ctx.close();
  }
} finally {
  await browser.close();
}
