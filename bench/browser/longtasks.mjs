// Which main-thread tasks over 50 ms does loading bench A (bench/reflink-million.scenario.json) cause, and
// what is in each? (issue 6 §6, issue 11). Builds the app unminified (names readable, React still its
// production build), serves it, opens the default scenario, then sets bench A on the file input with a CDP
// trace (devtools.timeline: each task's top-level events: message events, layout, style, paint, GC) and a
// CPU profile (the JS functions by self time inside each long task) running, until the explorer is ready with
// bench A's views drawn. Prints one block per long task. Usage:
//   node bench/browser/longtasks.mjs [--port 4421] [--keep-dist DIR] [--shot FILE]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { observeLongTasks } from './observeLongTasks.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, d) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : d;
};
const PORT = Number(arg('--port', 4421));
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(args, opts = {}) {
  return spawn(process.execPath, [VITE, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

const out = arg('--keep-dist', null) ?? mkdtempSync(join(os.tmpdir(), 'longtasks-'));
const built = run(['build', '--outDir', out, '--emptyOutDir', '--minify', 'false', '--logLevel', 'error']);
await new Promise((ok, fail) => built.once('exit', (c) => (c === 0 ? ok() : fail(new Error(`vite build: ${c}`)))));
const server = run(['preview', '--outDir', out, '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
  detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
  if (!arg('--keep-dist', null)) rmSync(out, { recursive: true, force: true });
};
process.on('exit', stop);
const url = `http://127.0.0.1:${PORT}/`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {}
  await sleep(150);
}

const browser = await chromium.launch({
  executablePath: findChromium()?.path,
  args: ['--disable-gpu', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
try {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await ctx.addInitScript(observeLongTasks);
  const page = await ctx.newPage();
  await page.goto(`${url}?scenario=xfs-reflink-shared&step=3`);
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready', null, { timeout: 60_000 });
  await sleep(1500);
  const cdp = await ctx.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const traced = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  await cdp.send('Profiler.start');
  const t0 = await page.evaluate(() => performance.now());
  // a path, as a user's file dialog gives one (CDP DOM.setFileInputFiles): a buffer is sent base64 and decoded
  // by Playwright's script in the page, a ~400 ms task of the harness's own before the app sees the file
  await page.locator('input[type=file]').setInputFiles(join(ROOT, 'bench/reflink-million.scenario.json'));
  const shot = arg('--shot-progress', null);
  if (shot) {
    await page.waitForFunction(() => (window.__explorer.state().pending?.steps ?? 0) > 0, null, { timeout: 120_000 });
    await page.screenshot({ path: shot });
  }
  // ready: bench A in the state, its first views in, the pipeline drawn, then two frames
  const tReady = await page.evaluate(async () => {
    const ok = () => {
      const s = window.__explorer.state();
      const el = document.querySelector('[data-view="pipeline"]');
      const drawn = document.querySelector('main.workspace[data-drawn]');
      return s.load.status === 'ready' && s.load.id === 'reflink-million' && s.views && drawn && el?.checkVisibility();
    };
    while (!ok()) await new Promise((r) => setTimeout(r, 5));
    const t = performance.now();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return t;
  });
  await sleep(2000); // what ready leaves behind (views mounted after it)
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Tracing.end');
  await traced;
  const readyShot = arg('--shot', null);
  if (readyShot) await page.screenshot({ path: readyShot });
  const long = await page.evaluate((t) => window.__longtasks.filter((x) => x.start >= t), t0);
  console.log(`file input → ready: ${(tReady - t0).toFixed(0)} ms; long tasks (observer) after the input:`);
  console.log(long.map((x) => `  at +${(x.start - t0).toFixed(0)} ms: ${x.dur.toFixed(0)} ms`).join('\n'));

  // the renderer's main thread: the thread named CrRendererMain of the page's process
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = events.filter(
    (e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur > 50_000,
  );
  const onMain = tasks.filter((t) => mains.some((m) => m.pid === t.pid && m.tid === t.tid));
  // samples: absolute times
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = [];
  let ts = profile.startTime;
  for (const d of profile.timeDeltas) {
    ts += d;
    times.push(ts);
  }
  const childrenOf = (t) =>
    events.filter(
      (e) =>
        e.ph === 'X' && e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e !== t,
    );
  for (const t of onMain.sort((a, b) => a.ts - b.ts)) {
    const kids = childrenOf(t);
    const byName = new Map();
    for (const k of kids) byName.set(k.name, (byName.get(k.name) ?? 0) + k.dur);
    const top = [...byName]
      .filter(([n]) => !/RunTask|ThreadController/.test(n))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`)
      .join(', ');
    const self = new Map();
    for (let i = 0; i < times.length; i++) {
      if (times[i] < t.ts || times[i] > t.ts + t.dur) continue;
      const n = nodes.get(profile.samples[i]);
      const cf = n.callFrame;
      const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
    }
    const fns = [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([k, d]) => `    ${(d / 1000).toFixed(1).padStart(6)} ms  ${k}`)
      .join('\n');
    if (process.argv.includes('--stacks')) {
      const parent = new Map();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const stacks = new Map();
      for (let i = 0; i < times.length; i++) {
        if (times[i] < t.ts || times[i] > t.ts + t.dur) continue;
        const chain = [];
        for (let id = profile.samples[i]; id !== undefined && chain.length < 7; id = parent.get(id)) {
          const cf = nodes.get(id).callFrame;
          chain.push(`${cf.functionName || '(anon)'}:${cf.lineNumber + 1}`);
        }
        const key = chain.join(' < ');
        stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
      }
      for (const [k, d] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 12))
        console.log(`    stack ${(d / 1000).toFixed(1)} ms: ${k}`);
    }
    const msg = kids.find((k) => k.name === 'EventDispatch' || k.name === 'FunctionCall');
    console.log(
      `\ntask ${(t.dur / 1000).toFixed(0)} ms (${msg?.args?.data?.type ?? msg?.args?.data?.functionName ?? ''})`,
    );
    console.log(`  events (ms, nested counted in each): ${top}`);
    console.log(`  JS self time:\n${fns}`);
  }
} finally {
  await browser.close();
  stop();
}
