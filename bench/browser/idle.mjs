#!/usr/bin/env node
// What the page costs while nobody touches it: main-thread time per second (CDP Performance metrics) over 5 s
// on a built-in at a step, after the step's arrival effects are over. Before 2026-12-07 the pipeline's
// "transition just taken" edge flowed forever, repainting the chart every frame (~250 ms/s of main thread).
// Usage, against a running preview server (`npx vite preview --port $PW_PORT`):
//   PW_PORT=4410 node bench/browser/idle.mjs [runs=3]
import { chromium } from '@playwright/test';
import { findChromium } from '../../scripts/find-chromium.mjs';

const port = Number(process.env.PW_PORT ?? 4173);
const runs = Number(process.argv[2] ?? 3);
const browser = await chromium.launch({ executablePath: findChromium()?.path, args: ['--disable-gpu'] });
try {
  for (let r = 0; r < runs; r++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/?scenario=xfs-reflink-shared&step=12`);
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
    await page.waitForTimeout(3000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const a = await metrics();
    await page.waitForTimeout(5000);
    const b = await metrics();
    const perSecond = (k) => (((b[k] - a[k]) / 5) * 1000).toFixed(1);
    console.log(
      `idle, main thread ms per second: tasks ${perSecond('TaskDuration')}, style ${perSecond('RecalcStyleDuration')}, layout ${perSecond('LayoutDuration')}, script ${perSecond('ScriptDuration')}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
}
