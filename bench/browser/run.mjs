#!/usr/bin/env node
// Browser bench (npm run bench:browser): measures the production build in headless Chromium.
//   1. struct-page grid (canvas + d3.zoom) pan/zoom frame times on a 1M-page namespace (devdax and fsdax)
//   2. the naive alternative: one SVG <rect> per page, pan/zoom by a transform on a <g> (100k and 1M rects)
//   3. cold load: navigation start to the explorer ready with its views visible (median of 5 fresh contexts)
//   4. JS/CSS asset sizes, raw and gzip -9; the entry chunk (what index.html loads before the first paint)
//   5. a large scenario file (bench A: 10,000 processes, 1,000,001 reflinked owners) loaded in the simulation
//      worker: main-thread long tasks (PerformanceObserver 'longtask') from the file input to the views drawn,
//      then stepping it once per frame and at play speed
//   6. compare mode (a built-in on two kernels): long tasks while loading, stepping as in 5
// Prints a table, writes reports/bench-browser.json. Method and figures: bench/browser/README.md.
// No Chromium: prints a message and exits 0 ("skipped"). Stops by itself: a hard deadline kills everything.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPORT = join(ROOT, 'reports', 'bench-browser.json');
const T_START = Date.now();
/** everything (build, server, browser, all cases) must be over by then; the hard kill is a little later */
const BUDGET_MS = Number(process.env.BENCH_BROWSER_BUDGET_MS ?? 175_000);
const HARD_KILL_MS = BUDGET_MS + 15_000;
const NAIVE_1M_LIMIT_MS = 120_000;
const VIEWPORT = { width: 1440, height: 900 };
const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];
const COLD_RUNS = 5;
/** BENCH_BROWSER_ONLY=cold,large (any of cold, large, compare, grid, naive): run only those cases */
const ONLY = process.env.BENCH_BROWSER_ONLY ? new Set(process.env.BENCH_BROWSER_ONLY.split(',')) : null;
const wants = (c) => !ONLY || ONLY.has(c);
/** the interaction: the same input sequence for the app and the naive SVG */
const PHASES = [
  { name: 'pan (fit)', kind: 'pan', steps: 30 },
  // 34 wheel steps of ×2^0.2 = ×111: from the fitted 1M-page grid (k≈0.28) to k≈30, where the app labels cells
  { name: 'zoom in', kind: 'wheel', steps: 34, deltaY: -100 },
  { name: 'pan (zoomed)', kind: 'pan', steps: 30 },
  { name: 'zoom out', kind: 'wheel', steps: 34, deltaY: 100 },
];

const SCENARIOS = [
  {
    label: 'app devdax 4 GiB (canvas)',
    scenario: {
      format: 1,
      id: 'bench-1m-devdax',
      title: 'bench: 1M-page devdax namespace',
      namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '4GiB', map: 'mem', align: '2MiB' }],
      processes: [
        {
          name: 'P',
          mappings: [{ name: 'a', device: 'dax0.0', length: '4MiB' }],
          touch: [{ mapping: 'a', offset: '0x3000' }],
        },
      ],
      events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
    },
  },
  {
    label: 'app fsdax 4 GiB (canvas)',
    scenario: {
      format: 1,
      id: 'bench-1m-fsdax',
      title: 'bench: 1M-page fsdax namespace (XFS)',
      namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '4GiB', map: 'dev' }],
      filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
      files: [{ path: '/mnt/A', size: '4MiB' }],
      processes: [
        { name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
      ],
      events: [{ kind: 'mce', process: 'P', mapping: 'a', offset: '0x3000' }],
    },
  },
];

// ---- small helpers ------------------------------------------------------------------------------------
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const elapsed = () => Date.now() - T_START;
const remaining = () => BUDGET_MS - elapsed();
const log = (...a) => console.error(`[bench:browser ${(elapsed() / 1000).toFixed(1)}s]`, ...a);

function quantile(sorted, q) {
  if (!sorted.length) return null;
  // nearest rank
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
function frameStats(deltas) {
  const s = [...deltas].sort((a, b) => a - b);
  const r1 = (x) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    frames: s.length,
    p50: r1(quantile(s, 0.5)),
    p95: r1(quantile(s, 0.95)),
    max: r1(s.length ? s[s.length - 1] : null),
    mean: r1(s.length ? s.reduce((a, b) => a + b, 0) / s.length : null),
    over50: s.filter((d) => d > 50).length,
  };
}
const median = (xs) =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

/** Reject with a TimeoutError after ms. */
function withTimeout(promise, ms, what) {
  let t;
  const timer = new Promise((_, rej) => {
    t = setTimeout(() => rej(Object.assign(new Error(`${what}: timed out after ${ms} ms`), { timedOut: true })), ms);
  });
  return Promise.race([promise, timer]).finally(() => clearTimeout(t));
}

function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => {
        const p = srv.address().port;
        srv.close(() => resolve(p));
      });
    });
  return tryPort(preferred).then((p) => p ?? tryPort(0));
}

// ---- cleanup: everything this script started, by id ---------------------------------------------------
const state = { tmp: null, server: null, browser: null, done: false };

async function cleanup() {
  if (state.done) return;
  state.done = true;
  if (state.browser) {
    const b = state.browser;
    state.browser = null;
    await withTimeout(b.close(), 10_000, 'browser.close').catch((e) => log(`browser.close: ${e.message}`));
  }
  if (state.server && state.server.exitCode === null && state.server.signalCode === null) {
    const srv = state.server;
    const exited = new Promise((r) => srv.once('exit', r));
    try {
      process.kill(-srv.pid, 'SIGTERM'); // its own process group (detached): vite and nothing else
    } catch {
      srv.kill('SIGTERM');
    }
    const ok = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!ok) {
      try {
        process.kill(-srv.pid, 'SIGKILL');
      } catch {
        srv.kill('SIGKILL');
      }
    }
  }
  state.server = null;
  if (state.tmp) {
    rmSync(state.tmp, { recursive: true, force: true });
    state.tmp = null;
  }
}

function cleanupSync() {
  // last resort on process exit: no awaiting possible
  if (state.server?.pid) {
    try {
      process.kill(-state.server.pid, 'SIGKILL');
    } catch {}
  }
  const bp = state.browser?.process?.();
  if (bp?.pid) {
    try {
      bp.kill('SIGKILL');
    } catch {}
  }
  if (state.tmp) rmSync(state.tmp, { recursive: true, force: true });
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}
const hardKill = setTimeout(() => {
  log(`hard deadline (${HARD_KILL_MS / 1000} s) reached: killing the server and the browser`);
  cleanupSync();
  process.exit(1);
}, HARD_KILL_MS);

function writeReport(obj) {
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(obj, null, 2)}\n`);
}

// ---- chromium ------------------------------------------------------------------------------------------
async function findBrowser() {
  let chromium;
  let findChromium;
  try {
    ({ chromium } = await import('@playwright/test'));
    ({ findChromium } = await import('../../scripts/find-chromium.mjs'));
  } catch (e) {
    return { skip: `Playwright is not installed (${e.message})` };
  }
  const found = findChromium();
  if (!found)
    return {
      skip: 'no Chromium (set CHROMIUM_PATH, `sudo apt-get install -y chromium`, or `npx playwright install chromium`)',
    };
  return { chromium, found };
}

function skip(reason) {
  console.log(`bench:browser skipped: ${reason}`);
  writeReport({ skipped: true, reason, date: new Date().toISOString() });
}

// ---- build and serve -----------------------------------------------------------------------------------
function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      out += d;
    });
    p.once('error', reject);
    p.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${out}`)),
    );
  });
}

const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

async function build(outDir) {
  const t0 = performance.now();
  await run(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error']);
  return performance.now() - t0;
}

async function serve(outDir, port) {
  const p = spawn(
    process.execPath,
    [VITE, 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  state.server = p;
  let out = '';
  p.stdout.on('data', (d) => {
    out += d;
  });
  p.stderr.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}/`;
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (p.exitCode !== null) throw new Error(`vite preview exited (${p.exitCode}):\n${out}`);
    try {
      const r = await fetch(url);
      if (r.ok) return url;
    } catch {}
    await sleep(150);
  }
  throw new Error(`vite preview did not answer on ${url} within 20 s:\n${out}`);
}

// ---- 4. asset sizes ------------------------------------------------------------------------------------
function assetSizes(dir) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const f = join(d, name);
      if (statSync(f).isDirectory()) walk(f);
      else if (/\.(m?js|css)$/.test(name)) {
        const buf = readFileSync(f);
        files.push({
          file: relative(dir, f),
          kind: name.endsWith('.css') ? 'css' : 'js',
          bytes: buf.length,
          gzip: gzipSync(buf, { level: 9 }).length,
        });
      }
    }
  };
  walk(dir);
  files.sort((a, b) => a.file.localeCompare(b.file));
  const sum = (kind) => ({
    bytes: files.filter((f) => f.kind === kind).reduce((a, f) => a + f.bytes, 0),
    gzip: files.filter((f) => f.kind === kind).reduce((a, f) => a + f.gzip, 0),
  });
  return { files, js: sum('js'), css: sum('css') };
}

/**
 * The entry: the script index.html starts, the modules it preloads and its stylesheets — what the first
 * paint needs. The simulation worker and the chunks loaded on demand (views, ELK, tours, glossary, export,
 * compare) are not in it.
 */
function entrySize(dir, files) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\.?\/?([^"]+\.(?:m?js|css))"/g)].map(
    (m) => m[1],
  );
  const entry = files.filter((f) => refs.includes(f.file));
  const worker = files.filter((f) => /worker/.test(f.file));
  const sum = (xs, k) => xs.reduce((a, f) => a + f[k], 0);
  return {
    files: entry.map((f) => f.file),
    js: {
      bytes: sum(
        entry.filter((f) => f.kind === 'js'),
        'bytes',
      ),
      gzip: sum(
        entry.filter((f) => f.kind === 'js'),
        'gzip',
      ),
    },
    css: {
      bytes: sum(
        entry.filter((f) => f.kind === 'css'),
        'bytes',
      ),
      gzip: sum(
        entry.filter((f) => f.kind === 'css'),
        'gzip',
      ),
    },
    worker: { files: worker.map((f) => f.file), bytes: sum(worker, 'bytes'), gzip: sum(worker, 'gzip') },
  };
}

// ---- stepping, in the page: the explorer's or the compare view's store ------------------------------------
/**
 * Runs in the page. (1) One `next()` per animation frame, `frames` times, from the middle of the run:
 * rAF-to-rAF deltas, long tasks, and how many of those steps' views were drawn (with the run in the worker a
 * step's views come when the worker has made them; a step overtaken meanwhile is never drawn), then the time
 * until the views of the last step asked for are drawn. (2) `slow` steps at play speed 4 (every 250 ms): for
 * each, the time until its views are in the state, and the longest frame after it.
 */
function stepInPage({ hook, frames, slow }) {
  const st = () => window[hook].state();
  // the explorer's cursor and views, or the compare view's column (its run is on the page)
  const where = () => (hook === '__explorer' ? st().cursor : st().column);
  const viewsOf = () => (hook === '__explorer' ? st().views : st().column);
  const total = () => (hook === '__explorer' ? st().load.sim.rt.steps.length : st().cmp.columns.length);
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const until = async (ok, ms = 60_000) => {
    const t0 = performance.now();
    while (!ok() && performance.now() - t0 < ms) await sleep(2);
  };
  return (async () => {
    const mid = Math.floor(total() / 2) - (hook === '__explorer' ? 0 : Math.floor(frames / 2));
    st().stepTo(Math.max(0, mid));
    await until(() => where() === Math.max(0, mid));
    await sleep(1500);
    // (1) a step per frame
    const deltas = [];
    let drawn = 0;
    let seen = viewsOf();
    let last = await raf();
    const t0 = performance.now();
    for (let i = 0; i < frames; i++) {
      st().next();
      const t = await raf();
      deltas.push(t - last);
      last = t;
      if (viewsOf() !== seen) {
        drawn++;
        seen = viewsOf();
      }
    }
    const target = Math.max(0, mid) + frames;
    const tEnd = performance.now();
    await until(() => where() >= Math.min(target, total() - (hook === '__explorer' ? 0 : 1)));
    await raf();
    const catchUpMs = performance.now() - tEnd;
    const tasks = window.__longtasks.filter((x) => x.start >= t0 && x.start < tEnd);
    // (2) play speed, from the middle again
    st().stepTo(Math.max(0, mid));
    await until(() => where() === Math.max(0, mid));
    await sleep(1000);
    const slowSteps = [];
    for (let i = 0; i < slow; i++) {
      const before = viewsOf();
      const ts = performance.now();
      st().next();
      await until(() => viewsOf() !== before, 10_000);
      const inState = performance.now() - ts;
      // the frame that draws it, and the next: the longest rAF delta after the views are in the state
      let l = await raf();
      let longest = 0;
      for (let j = 0; j < 3; j++) {
        const t = await raf();
        longest = Math.max(longest, t - l);
        l = t;
      }
      slowSteps.push({ inStateMs: inState, frameMs: longest });
      await sleep(Math.max(0, 250 - (performance.now() - ts)));
    }
    return {
      deltas,
      drawn,
      catchUpMs,
      longTasks: tasks.length,
      longTaskMaxMs: tasks.reduce((a, x) => Math.max(a, x.duration), 0),
      slowSteps,
    };
  })();
}

function steppingStats(r) {
  const inState = r.slowSteps.map((x) => x.inStateMs).sort((a, b) => a - b);
  return {
    stepping: {
      ...frameStats(r.deltas),
      longTasks: r.longTasks,
      longTaskMaxMs: r.longTaskMaxMs,
      stepsDrawn: r.drawn,
      catchUpMs: r.catchUpMs,
    },
    playSpeed: {
      steps: r.slowSteps.length,
      viewsInStateP50: quantile(inState, 0.5),
      viewsInStateMax: inState.at(-1) ?? null,
      frames: frameStats(r.slowSteps.map((x) => x.frameMs)),
    },
  };
}

// ---- 6. compare mode: a built-in on two kernels ------------------------------------------------------------
const COMPARE_PATH = '?scenario=xfs-reflink-shared&kernel=6.12&vs=6.1';
async function compareMode(browser, url) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await ctx.addInitScript(() => {
      window.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await ctx.newPage();
    await page.goto(`${url}${COMPARE_PATH}`);
    await page.waitForFunction(() => !!window.__compare?.state().cmp, null, { timeout: 60_000 });
    const load = await page.evaluate(
      () =>
        new Promise((r) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const tasks = window.__longtasks;
              r({
                readyMs: performance.now(),
                columns: window.__compare.state().cmp.columns.length,
                longTasks: tasks.length,
                longTaskMaxMs: tasks.reduce((a, t) => Math.max(a, t.duration), 0),
              });
            }),
          ),
        ),
    );
    const stepping = await page.evaluate(stepInPage, { hook: '__compare', frames: 30, slow: 8 });
    return { path: COMPARE_PATH, ...load, ...steppingStats(stepping) };
  } finally {
    await withTimeout(ctx.close(), 10_000, 'context.close').catch(() => {});
  }
}

// ---- 5. a large scenario through the worker: long tasks while loading, then stepping -----------------------
const LARGE_SCENARIO = join(ROOT, 'bench', 'reflink-million.scenario.json');
async function largeLoad(browser, url) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await ctx.addInitScript(() => {
      window.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready', null, { timeout: 30_000 });
    await sleep(500);
    await page.evaluate(() => {
      window.__t0 = performance.now();
      window.__progress = [];
      // what the page shows while the worker runs: sampled every frame
      const watch = () => {
        const p = window.__explorer.state().pending;
        if (p) window.__progress.push({ t: performance.now() - window.__t0, ...p });
        if (!window.__loaded) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    // a path, as a user's file dialog gives one: a buffer is decoded from base64 by Playwright's script in the
    // page, a long task of the harness's own
    await page.locator('input[type=file]').setInputFiles(LARGE_SCENARIO);
    const loaded = await (
      await page.waitForFunction(
        () => {
          const s = window.__explorer.state();
          if (s.loadError) return { error: s.loadError.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
          const el = document.querySelector('[data-view="pipeline"]');
          // every view drawn: a large run's views mount one per task (src/app/staggeredMount.ts)
          const drawn = document.querySelector('main.workspace[data-drawn]');
          return s.load.status === 'ready' && s.load.id === 'reflink-million' && el && drawn ? { ok: true } : false;
        },
        null,
        { timeout: 120_000, polling: 100 },
      )
    ).jsonValue();
    if (loaded.error) throw new Error(`reflink-million rejected: ${loaded.error}`);
    const load = await page.evaluate(
      () =>
        new Promise((r) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              window.__loaded = true;
              const t0 = window.__t0;
              const tasks = window.__longtasks.filter((t) => t.start >= t0);
              const s = window.__explorer.state();
              r({
                readyMs: performance.now() - t0,
                steps: s.load.sim.rt.steps.length,
                processes: s.load.sim.report.processes.length,
                progressSamples: window.__progress.length,
                lastProgress: window.__progress.at(-1) ?? null,
                longTasks: tasks.length,
                longTaskMaxMs: tasks.reduce((a, t) => Math.max(a, t.duration), 0),
                longTaskTotalMs: tasks.reduce((a, t) => a + t.duration, 0),
                longTaskList: tasks.map((t) => ({ at: Math.round(t.start - t0), ms: Math.round(t.duration) })),
              });
            }),
          ),
        ),
    );
    // stepping the large run: one step per frame from the middle, then one step every 250 ms (play speed 4)
    const stepping = await page.evaluate(stepInPage, { hook: '__explorer', frames: 60, slow: 12 });
    return { ...load, ...steppingStats(stepping) };
  } finally {
    await withTimeout(ctx.close(), 10_000, 'context.close').catch(() => {});
  }
}

// ---- the shared interaction: an in-page driver, one input per frame -------------------------------------
/**
 * Runs in the page. A requestAnimationFrame loop dispatches one input per frame — the events a mouse sends
 * (pointer* then mouse*, or a wheel event) at the element under the pointer — and pushes every rAF-to-rAF
 * delta to window.__frames. Each delta is attributed to the phase of the input dispatched in the frame before
 * (its work: d3.zoom handler, React render, canvas draw or SVG re-render, lands in that interval).
 */
function drivePage({ phases, cx, cy, readK }) {
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const fire = (Ctor, type, x, y, extra = {}) => {
    const el = document.elementFromPoint(x, y) ?? document.body;
    const init = {
      bubbles: true,
      cancelable: true,
      composed: true,
      view: window,
      clientX: x,
      clientY: y,
      screenX: x,
      screenY: y,
      button: 0,
      ...extra,
    };
    if (Ctor === PointerEvent) Object.assign(init, { pointerId: 1, pointerType: 'mouse', isPrimary: true });
    el.dispatchEvent(new Ctor(type, init));
  };
  const down = (x, y) => {
    fire(PointerEvent, 'pointerdown', x, y, { buttons: 1 });
    fire(MouseEvent, 'mousedown', x, y, { buttons: 1 });
  };
  const move = (x, y, buttons) => {
    fire(PointerEvent, 'pointermove', x, y, { buttons });
    fire(MouseEvent, 'mousemove', x, y, { buttons });
  };
  const up = (x, y) => {
    fire(PointerEvent, 'pointerup', x, y, { buttons: 0 });
    fire(MouseEvent, 'mouseup', x, y, { buttons: 0 });
  };
  // the input list: [phase index, action]
  const inputs = [];
  phases.forEach((ph, pi) => {
    if (ph.kind === 'pan') {
      // a drag in 8×3 px steps across the centre
      const x0 = cx - (ph.steps * 8) / 2;
      const y0 = cy - (ph.steps * 3) / 2;
      for (let i = 1; i <= ph.steps; i++)
        inputs.push([
          pi,
          () => {
            if (i === 1) {
              move(x0, y0, 0);
              down(x0, y0);
            }
            move(x0 + i * 8, y0 + i * 3, 1);
            if (i === ph.steps) up(x0 + i * 8, y0 + i * 3);
          },
        ]);
    } else {
      for (let i = 0; i < ph.steps; i++)
        inputs.push([
          pi,
          () => {
            if (i === 0) move(cx, cy, 0);
            fire(WheelEvent, 'wheel', cx, cy, { deltaY: ph.deltaY, deltaMode: 0 });
          },
        ]);
    }
  });
  window.__frames = [];
  window.__framePhase = [];
  const ks = [];
  return (async () => {
    let last = await frame();
    let prevPhase = -1;
    for (let n = 0; n <= inputs.length; n++) {
      if (window.__abort) break;
      if (n > 0) {
        const t = await frame();
        window.__frames.push(t - last);
        window.__framePhase.push(inputs[n - 1][0]);
        last = t;
      }
      const ph = n < inputs.length ? inputs[n][0] : -1;
      if (ph !== prevPhase && prevPhase >= 0) ks[prevPhase] = readK ? Function(`return (${readK})`)()() : null;
      prevPhase = ph;
      if (n < inputs.length) inputs[n][1]();
    }
    return { frames: window.__frames, phaseOf: window.__framePhase, ks };
  })();
}

/** Runs PHASES over the box (the canvas or the svg) and summarises the frames, overall and per phase. */
async function interact(page, box, readK) {
  const cx = Math.round(box.x + box.width / 2);
  const cy = Math.round(box.y + box.height / 2);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  const t0 = Date.now();
  const r = await page.evaluate(drivePage, { phases: PHASES, cx, cy, readK: readK ? String(readK) : null });
  const wallMs = Date.now() - t0;
  const m1 = await metrics();
  await cdp.detach().catch(() => {});
  // renderer main-thread time over the interaction, per frame (CDP Performance.getMetrics, seconds)
  const per = (name) => Math.round(((m1[name] - m0[name]) * 1000 * 10) / r.frames.length) / 10;
  return {
    inputs: PHASES.reduce((a, p) => a + p.steps, 0),
    ...frameStats(r.frames),
    mainThreadPerFrameMs: {
      task: per('TaskDuration'),
      script: per('ScriptDuration'),
      styleLayout: Math.round((per('RecalcStyleDuration') + per('LayoutDuration')) * 10) / 10,
    },
    wallMs,
    phases: PHASES.map((ph, i) => ({
      phase: ph.name,
      inputs: ph.steps,
      k: r.ks[i] ?? null,
      ...frameStats(r.frames.filter((_, j) => r.phaseOf[j] === i)),
    })),
  };
}

/** What the driver has recorded so far (for a run that is being timed out). */
async function partialFrames(page) {
  try {
    const f = await withTimeout(
      page.evaluate(() => window.__frames ?? []),
      5_000,
      'partial frames',
    );
    return frameStats(f);
  } catch {
    return null;
  }
}

// ---- 1. the app's struct-page grid ---------------------------------------------------------------------
async function benchApp(browser, url, { label, scenario }) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready', null, { timeout: 30_000 });
    await page.evaluate(() => {
      window.__t0 = performance.now();
    });
    await page.locator('input[type=file]').setInputFiles({
      name: `${scenario.id}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(scenario)),
    });
    const loaded = await (
      await page.waitForFunction(
        (id) => {
          const s = window.__explorer.state();
          if (s.loadError) return { error: s.loadError.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
          return s.load.status === 'ready' && s.load.id === id ? { ok: true } : false;
        },
        scenario.id,
        { timeout: 60_000 },
      )
    ).jsonValue();
    if (loaded.error) throw new Error(`scenario ${scenario.id} rejected: ${loaded.error}`);
    const ns = scenario.namespaces[0].name;
    await page.locator(`[data-view="structPages"] .structPages[data-namespace="${ns}"]`).waitFor({ timeout: 30_000 });
    const canvasSel = '[data-view="structPages"] canvas.structPages__canvas';
    // the first frame drawn with the new namespace: the canvas is fitted (data-transform set) and one more frame
    await page.waitForFunction((sel) => {
      const c = document.querySelector(sel);
      return c && c.width > 0 && c.dataset.transform && c.dataset.transform !== '0.00,0.00,1.0000';
    }, canvasSel);
    const firstFrameMs = await page.evaluate(
      () =>
        new Promise((r) =>
          requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - window.__t0))),
        ),
    );
    // the grid's own words: "struct pages of dax0.0, 0x100000 to 0x1fffff…"
    const aria = await page.locator('[data-view="structPages"] .structPages__grid').getAttribute('aria-label');
    const m = /of (\S+), 0x([0-9a-f]+) to 0x([0-9a-f]+)/.exec(aria ?? '');
    const pages = m ? Number.parseInt(m[3], 16) - Number.parseInt(m[2], 16) + 1 : null;
    await page
      .locator('[data-view="structPages"] .structPages__grid')
      .evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' }));
    await sleep(200);
    const canvas = page.locator(canvasSel);
    const box = await canvas.boundingBox();
    if (!box || box.y < 0 || box.y + box.height > VIEWPORT.height)
      throw new Error(`canvas not in the viewport: ${JSON.stringify(box)}`);
    const kFit = Number((await canvas.getAttribute('data-transform')).split(',')[2]);
    const tileCols = Number(await canvas.getAttribute('data-tile-cols'));
    const res = await interact(page, box, () =>
      Number(document.querySelector('[data-view="structPages"] canvas').dataset.transform.split(',')[2]),
    );
    return {
      label,
      scenario: scenario.id,
      namespace: m?.[1] ?? ns,
      pages,
      renderer: 'canvas 2D (d3.zoom)',
      canvas: { width: Math.round(box.width), height: Math.round(box.height), tileCols, kFit },
      firstFrameMs: Math.round(firstFrameMs),
      firstFrameWhat: 'setInputFiles → scenario validated, built, simulated, views rendered, grid drawn (double rAF)',
      ...res,
    };
  } finally {
    await withTimeout(ctx.close(), 10_000, 'context.close').catch(() => {});
  }
}

// ---- 2. the naive alternative: one SVG rect per page ---------------------------------------------------
function naivePage(width, height) {
  return `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}
svg{display:block;background:#f6f7f9;touch-action:none}</style></head>
<body><svg id="s" width="${width}" height="${height}"><g id="g"></g></svg></body></html>`;
}

/** Build n rects in the app's geometry (64 per row, 512 rows per tile, tiles wrapped to the aspect), fit, wire pan/zoom. */
function buildNaive({ n }) {
  const COLS = 64;
  const TILE_ROWS = 512;
  const GAP_X = 4;
  const GAP_Y = 16;
  const svg = document.getElementById('s');
  const g = document.getElementById('g');
  const W = svg.width.baseVal.value;
  const H = svg.height.baseVal.value;
  const tiles = Math.ceil(n / (COLS * TILE_ROWS));
  const sx = COLS + GAP_X;
  const sy = TILE_ROWS + GAP_Y;
  // tile columns: the arrangement that shows the whole grid largest (as the app's chooseTileCols)
  let tc = 1;
  let best = 0;
  for (let c = 1; c <= tiles; c++) {
    const lines = Math.ceil(tiles / c);
    const s = Math.min(W / (c * sx), H / (lines * sy));
    if (s > best * (1 + 1e-9)) {
      best = s;
      tc = c;
    }
    if (lines === 1) break;
  }
  const lines = Math.ceil(tiles / tc);
  const worldW = tc * sx;
  const worldH = lines * sy;
  const fills = ['#c9b37a', '#e4dcc0', '#e3e5e8'];
  const memmapEnd = Math.ceil(n / 64); // a map=dev-like memmap region, then data
  const NS = 'http://www.w3.org/2000/svg';
  const t0 = performance.now();
  const frag = document.createDocumentFragment();
  for (let i = 0; i < n; i++) {
    const tile = Math.floor(i / (COLS * TILE_ROWS));
    const inTile = i % (COLS * TILE_ROWS);
    const r = document.createElementNS(NS, 'rect');
    r.setAttribute('x', String((tile % tc) * sx + (inTile % COLS)));
    r.setAttribute('y', String(Math.floor(tile / tc) * sy + GAP_Y + Math.floor(inTile / COLS)));
    r.setAttribute('width', '0.9');
    r.setAttribute('height', '0.9');
    r.setAttribute('fill', i < 2 ? fills[0] : i < memmapEnd ? fills[1] : fills[2]);
    frag.appendChild(r);
  }
  // one poisoned page, as in the scenarios
  frag.childNodes[Math.min(n - 1, memmapEnd + 3)].setAttribute('fill', '#c24400');
  g.appendChild(frag);
  const tBuilt = performance.now();
  let k = Math.min(W / worldW, H / worldH);
  let tx = (W - worldW * k) / 2;
  let ty = (H - worldH * k) / 2;
  const kMin = k / 2;
  const kMax = 96;
  const apply = () => {
    window.__pending = false;
    g.setAttribute('transform', `translate(${tx},${ty}) scale(${k})`);
  };
  apply();
  const schedule = () => {
    if (!window.__pending) {
      window.__pending = true;
      requestAnimationFrame(apply);
    }
  };
  let drag = null;
  svg.addEventListener('mousedown', (e) => {
    drag = { x: e.clientX, y: e.clientY };
  });
  window.addEventListener('mousemove', (e) => {
    if (!drag) return;
    tx += e.clientX - drag.x;
    ty += e.clientY - drag.y;
    drag = { x: e.clientX, y: e.clientY };
    schedule();
  });
  window.addEventListener('mouseup', () => {
    drag = null;
  });
  svg.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      // d3.zoom's default wheelDelta
      const f = 2 ** (-e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002));
      const nk = Math.max(kMin, Math.min(kMax, k * f));
      const b = svg.getBoundingClientRect();
      const px = e.clientX - b.left;
      const py = e.clientY - b.top;
      tx = px - ((px - tx) * nk) / k;
      ty = py - ((py - ty) * nk) / k;
      k = nk;
      schedule();
    },
    { passive: false },
  );
  window.__k = () => k;
  return new Promise((resolve) =>
    requestAnimationFrame(() =>
      requestAnimationFrame(() =>
        resolve({
          buildMs: tBuilt - t0,
          firstFrameMs: performance.now() - t0,
          kFit: k,
          tileCols: tc,
          rects: g.childElementCount,
        }),
      ),
    ),
  );
}

async function benchNaive(browser, n, canvasBox, limitMs) {
  const label = `naive SVG ${n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`} rects`;
  const W = Math.round(canvasBox?.width ?? 1100);
  const H = Math.round(canvasBox?.height ?? 306);
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const progress = { phase: 'setContent', since: Date.now() };
  const work = (async () => {
    const page = await ctx.newPage();
    await page.setContent(naivePage(W, H));
    progress.phase = 'build + first frame';
    const built = await page.evaluate(buildNaive, { n });
    progress.built = built;
    progress.phase = 'interaction';
    const box = await page.locator('#s').boundingBox();
    progress.page = page;
    const res = await interact(page, box, () => window.__k());
    return {
      label,
      pages: n,
      renderer: 'SVG, one <rect> per page, transform on a <g> per frame',
      canvas: { width: W, height: H, tileCols: built.tileCols, kFit: Math.round(built.kFit * 1e4) / 1e4 },
      buildMs: Math.round(built.buildMs),
      firstFrameMs: Math.round(built.firstFrameMs),
      firstFrameWhat:
        'createElementNS × n + append, fit transform, double rAF (style, layout, paint of the first frame)',
      ...res,
    };
  })();
  try {
    return await withTimeout(work, limitMs, label);
  } catch (e) {
    if (!e.timedOut) throw e;
    work.catch(() => {});
    const sofar = progress.page ? await partialFrames(progress.page) : null;
    if (progress.page)
      await withTimeout(
        progress.page.evaluate(() => {
          window.__abort = true;
        }),
        2_000,
        'abort',
      ).catch(() => {});
    log(`${label}: did not finish in ${Math.round(limitMs / 1000)} s (was at: ${progress.phase})`);
    return {
      label,
      pages: n,
      didNotFinish: `did not finish in ${Math.round(limitMs / 1000) >= 120 ? '2 min' : `${Math.round(limitMs / 1000)} s`}`,
      limitMs,
      reachedPhase: progress.phase,
      buildMs: progress.built ? Math.round(progress.built.buildMs) : null,
      firstFrameMs: progress.built ? Math.round(progress.built.firstFrameMs) : null,
      framesBeforeTimeout: sofar,
    };
  } finally {
    // a renderer stuck in a long task: closing the context kills it; the browser is closed anyway at the end
    await withTimeout(ctx.close(), 15_000, 'context.close').catch((e) => log(e.message));
  }
}

// ---- 3. cold load ----------------------------------------------------------------------------------------
async function coldLoad(browser, url) {
  const ctx = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    await ctx.addInitScript(() => {
      // the shell: the header's title in the DOM, then the frame that shows it
      const shell = () => {
        if (document.querySelector('.app-header h1')) {
          window.__shellAt = performance.now();
          requestAnimationFrame(() => {
            window.__shellFrameAt = performance.now();
          });
          return;
        }
        requestAnimationFrame(shell);
      };
      requestAnimationFrame(shell);
      const check = () => {
        const s = window.__explorer?.state?.();
        const el = document.querySelector('[data-view="pipeline"]');
        const r = el?.getBoundingClientRect();
        if (s?.load.status === 'ready' && r && r.width > 0 && r.height > 0 && (el.checkVisibility?.() ?? true)) {
          window.__readyAt = performance.now();
          // the frame after: the one holding the views has been produced by the main thread
          requestAnimationFrame(() => {
            window.__readyFrameAt = performance.now();
          });
          return;
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    const page = await ctx.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__readyFrameAt !== undefined, null, { timeout: 30_000 });
    await page.waitForLoadState('load');
    // paint timing entries are queued after the frame is presented: give them a moment
    await page
      .waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, {
        timeout: 3_000,
      })
      .catch(() => {});
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const fp = performance.getEntriesByName('first-paint')[0];
      const js = performance.getEntriesByType('resource').filter((e) => /\.js(\?|$)/.test(e.name));
      return {
        readyMs: window.__readyAt, // performance.now() origin = navigation start
        readyNextFrameMs: window.__readyFrameAt,
        responseEndMs: nav?.responseEnd,
        domContentLoadedMs: nav?.domContentLoadedEventEnd,
        loadEventMs: nav?.loadEventEnd,
        fcpMs: fcp?.startTime ?? null,
        firstPaintMs: fp?.startTime ?? null,
        shellMs: window.__shellAt ?? null,
        shellFrameMs: window.__shellFrameAt ?? null,
        jsTransferBytes: js.reduce((a, e) => a + (e.transferSize || 0), 0),
        jsDecodedBytes: js.reduce((a, e) => a + (e.decodedBodySize || 0), 0),
        scenario: window.__explorer.state().load.id,
      };
    });
  } finally {
    await withTimeout(ctx.close(), 10_000, 'context.close').catch(() => {});
  }
}

// ---- output ----------------------------------------------------------------------------------------------
const fmtMs = (x) => (x === null || x === undefined ? '—' : x >= 100 ? String(Math.round(x)) : x.toFixed(1));
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
function table(rows, header) {
  const all = [header, ...rows].map((r) => r.map(String));
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(all[0]), w.map((n) => '-'.repeat(n)).join('  '), ...all.slice(1).map(line)].join('\n');
}

function printReport(r) {
  const out = [];
  out.push('');
  out.push(`Browser bench — ${r.browser.version} (${r.browser.path}), headless, --disable-gpu`);
  out.push(
    `viewport ${r.viewport.width}×${r.viewport.height} @1x, ${r.machine.cpus} CPUs, load average ${r.machine.loadavgStart.join(' ')} → ${r.machine.loadavgEnd.join(' ')}`,
  );
  out.push('');
  out.push(
    `1–2. Pan/zoom frame times (rAF-to-rAF, ms): ${PHASES.map((p) => `${p.name} ×${p.steps}`).join(', ')}; one input per frame`,
  );
  const rows = r.grid.map((c) =>
    c.didNotFinish
      ? [
          c.label,
          c.pages.toLocaleString('en-US'),
          fmtMs(c.buildMs),
          fmtMs(c.firstFrameMs),
          c.didNotFinish,
          ...(c.framesBeforeTimeout?.frames
            ? [c.framesBeforeTimeout.p50, c.framesBeforeTimeout.p95, c.framesBeforeTimeout.max].map(fmtMs)
            : ['—', '—', '—']),
          c.framesBeforeTimeout ? String(c.framesBeforeTimeout.over50) : '—',
          '—',
          `${c.framesBeforeTimeout?.frames ?? '?'} frames of ${PHASES.reduce((a, p) => a + p.steps, 0)} in the limit`,
        ]
      : [
          c.label,
          c.pages.toLocaleString('en-US'),
          c.buildMs === undefined ? '—' : fmtMs(c.buildMs),
          fmtMs(c.firstFrameMs),
          String(c.frames),
          fmtMs(c.p50),
          fmtMs(c.p95),
          fmtMs(c.max),
          String(c.over50),
          fmtMs(c.mainThreadPerFrameMs?.task),
          `${(c.wallMs / 1000).toFixed(1)} s`,
        ],
  );
  out.push(
    table(rows, [
      'case',
      'pages',
      'build ms',
      'first frame ms',
      'frames',
      'p50',
      'p95',
      'max',
      '>50ms',
      'main ms/frame',
      'interaction',
    ]),
  );
  out.push('');
  out.push('   per phase (frames p50/p95/max, zoom k after the phase):');
  for (const c of r.grid.filter((c) => !c.didNotFinish)) {
    out.push(
      `   ${c.label.padEnd(28)} ${c.phases
        .map((p) => `${p.phase}: ${p.frames} ${fmtMs(p.p50)}/${fmtMs(p.p95)}/${fmtMs(p.max)} k=${p.k?.toPrecision(3)}`)
        .join(' · ')}`,
    );
  }
  out.push(
    '   first frame: app = scenario file → loaded, simulated and grid drawn; SVG = DOM built → first frame painted',
  );
  out.push(
    '   main ms/frame: renderer main-thread task time during the interaction / frames (CDP Performance.getMetrics)',
  );
  out.push(
    '   build: SVG only, creating and appending the rects; a "did not finish" row shows the frames measured before the limit',
  );
  out.push('');
  const cl = r.coldLoad;
  out.push(
    `3. Cold load (navigation start → load ready and [data-view="pipeline"] visible), ${cl.runs.length} fresh contexts`,
  );
  out.push(
    table(
      [
        ['ready (median)', fmtMs(cl.median.readyMs), cl.runs.map((x) => fmtMs(x.readyMs)).join(' ')],
        ['ready + 1 frame', fmtMs(cl.median.readyNextFrameMs), cl.runs.map((x) => fmtMs(x.readyNextFrameMs)).join(' ')],
        ['shell in the DOM (header)', fmtMs(cl.median.shellMs), cl.runs.map((x) => fmtMs(x.shellMs)).join(' ')],
        ['shell + 1 frame', fmtMs(cl.median.shellFrameMs), cl.runs.map((x) => fmtMs(x.shellFrameMs)).join(' ')],
        ['first paint', fmtMs(cl.median.firstPaintMs), cl.runs.map((x) => fmtMs(x.firstPaintMs)).join(' ')],
        ['first contentful paint', fmtMs(cl.median.fcpMs), cl.runs.map((x) => fmtMs(x.fcpMs)).join(' ')],
        [
          'DOMContentLoaded end',
          fmtMs(cl.median.domContentLoadedMs),
          cl.runs.map((x) => fmtMs(x.domContentLoadedMs)).join(' '),
        ],
        ['load event end', fmtMs(cl.median.loadEventMs), cl.runs.map((x) => fmtMs(x.loadEventMs)).join(' ')],
      ],
      ['metric', 'median ms', 'runs'],
    ),
  );
  out.push(`   (default scenario ${cl.runs[0]?.scenario}; JS over the wire ${kb(cl.runs[0]?.jsTransferBytes ?? 0)})`);
  out.push('');
  out.push('4. Built assets');
  out.push(
    table(
      [
        ...r.assets.files.map((f) => [f.file, kb(f.bytes), kb(f.gzip)]),
        ['total JS', kb(r.assets.js.bytes), kb(r.assets.js.gzip)],
        ['total CSS', kb(r.assets.css.bytes), kb(r.assets.css.gzip)],
      ],
      ['file', 'raw', 'gzip -9'],
    ),
  );
  out.push('');
  const e = r.entry;
  out.push(
    `   entry (index.html: ${e.files.join(', ')}): JS ${kb(e.js.gzip)} gzip (${kb(e.js.bytes)} raw), CSS ${kb(e.css.gzip)} gzip; target JS ≤ 150 KiB gzip: ${e.js.gzip <= 150 * 1024 ? 'met' : 'NOT met'}`,
  );
  out.push(`   simulation worker (not in the entry): ${e.worker.files.join(', ')} ${kb(e.worker.gzip)} gzip`);
  out.push('');
  const L = r.largeLoad;
  if (L?.error) out.push(`5. Large scenario through the worker: failed: ${L.error}`);
  else if (L) {
    out.push(
      `5. Large scenario file through the worker (bench A: ${L.processes.toLocaleString('en-US')} processes, 1,000,001 owners, ${L.steps.toLocaleString('en-US')} steps)`,
    );
    out.push(
      table(
        [
          ['file input → ready, views drawn', fmtMs(L.readyMs), `${L.progressSamples} frames showed the progress`],
          [
            'long tasks (>50 ms) meanwhile',
            String(L.longTasks),
            `max ${fmtMs(L.longTaskMaxMs)} ms, total ${fmtMs(L.longTaskTotalMs)} ms; ${L.longTaskList.map((t) => `${t.ms}@${t.at}`).join(' ')}`,
          ],
          ...steppingRows(L),
        ],
        ['what', 'figure', 'detail'],
      ),
    );
    out.push('');
  }
  const C = r.compare;
  if (C?.error) out.push(`6. Compare mode: failed: ${C.error}`);
  else if (C) {
    out.push(`6. Compare mode (${C.path}: ${C.columns} columns; the comparison crosses whole, stepped on the page)`);
    out.push(
      table(
        [
          ['navigation → comparison drawn', fmtMs(C.readyMs), ''],
          ['long tasks (>50 ms) until then', String(C.longTasks), `max ${fmtMs(C.longTaskMaxMs)} ms`],
          ...steppingRows(C),
        ],
        ['what', 'figure', 'detail'],
      ),
    );
    out.push('');
  }
  out.push(`wrote ${relative(ROOT, REPORT)} (${(r.totalMs / 1000).toFixed(0)} s)`);
  console.log(out.join('\n'));
}

function steppingRows(L) {
  return [
    [
      'stepping, one step per frame',
      `${L.stepping.frames} frames`,
      `p50 ${fmtMs(L.stepping.p50)} p95 ${fmtMs(L.stepping.p95)} max ${fmtMs(L.stepping.max)} ms; ${L.stepping.longTasks} long tasks (max ${fmtMs(L.stepping.longTaskMaxMs)} ms); ${L.stepping.stepsDrawn} of the ${L.stepping.frames} steps drawn, the last ${fmtMs(L.stepping.catchUpMs)} ms after`,
    ],
    [
      'stepping at play speed 4 (every 250 ms)',
      `${L.playSpeed.steps} steps`,
      `views in the state p50 ${fmtMs(L.playSpeed.viewsInStateP50)} max ${fmtMs(L.playSpeed.viewsInStateMax)} ms; the frame that draws them p50 ${fmtMs(L.playSpeed.frames.p50)} max ${fmtMs(L.playSpeed.frames.max)} ms`,
    ],
  ];
}

// ---- main ------------------------------------------------------------------------------------------------
async function main() {
  const b = await findBrowser();
  if (b.skip) return skip(b.skip);
  const { chromium, found } = b;
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, loadavgStart: os.loadavg().map((x) => x.toFixed(2)) },
    viewport: VIEWPORT,
    interaction: {
      phases: PHASES,
      driver:
        'in-page: one input per requestAnimationFrame (pointer*+mouse* drag steps of 8×3 px, or a wheel event of deltaY ±100 = ×2^∓0.2 in d3.zoom) at the element under the pointer; window.__frames collects the rAF-to-rAF deltas',
    },
  };

  state.tmp = mkdtempSync(join(os.tmpdir(), 'bench-browser-'));
  const outDir = join(state.tmp, 'dist');
  log('vite build');
  report.buildMs = Math.round(await build(outDir));
  report.assets = assetSizes(outDir);
  report.entry = entrySize(outDir, report.assets.files);

  const port = await freePort(Number(process.env.BENCH_PORT ?? 4271));
  log(`vite preview on 127.0.0.1:${port}`);
  const url = await serve(outDir, port);

  try {
    state.browser = await chromium.launch({ executablePath: found.path, headless: true, args: CHROMIUM_ARGS });
  } catch (e) {
    await cleanup();
    return skip(`Chromium (${found.path ?? 'Playwright'}) did not launch: ${e.message.split('\n')[0]}`);
  }
  const browser = state.browser;
  report.browser = { path: found.path ?? "Playwright's Chromium", version: `Chromium ${browser.version()}` };

  log('cold load');
  const runs = [];
  for (let i = 0; i < (wants('cold') ? COLD_RUNS : 0); i++) runs.push(await coldLoad(browser, url));
  const med = (key) => {
    const v = runs.map((x) => x[key]).filter((x) => typeof x === 'number');
    return v.length ? Math.round(median(v) * 10) / 10 : null;
  };
  report.coldLoad = {
    what: 'navigation start → window.__explorer.state().load.status === "ready" and [data-view="pipeline"] visible (checked every rAF from an init script)',
    runs: runs.map((x) =>
      Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 10) / 10 : v])),
    ),
    median: {
      readyMs: med('readyMs'),
      readyNextFrameMs: med('readyNextFrameMs'),
      fcpMs: med('fcpMs'),
      firstPaintMs: med('firstPaintMs'),
      shellMs: med('shellMs'),
      shellFrameMs: med('shellFrameMs'),
      domContentLoadedMs: med('domContentLoadedMs'),
      loadEventMs: med('loadEventMs'),
    },
  };

  log('large scenario through the worker');
  report.largeLoad = !wants('large')
    ? null
    : await withTimeout(largeLoad(browser, url), 150_000, 'large scenario').catch((e) => ({
        error: e.message.split('\n')[0],
      }));

  log('compare mode');
  report.compare = !wants('compare')
    ? null
    : await withTimeout(compareMode(browser, url), 90_000, 'compare mode').catch((e) => ({
        error: e.message.split('\n')[0],
      }));

  report.grid = [];
  for (const s of wants('grid') ? SCENARIOS : []) {
    log(s.label);
    report.grid.push(await withTimeout(benchApp(browser, url, s), 60_000, s.label));
  }
  if (wants('naive')) {
    // the app's canvas size at this viewport (measured by the grid cases, else as measured before)
    const box = report.grid[0]?.canvas ?? { width: 503, height: 306 };
    log('naive SVG 100k');
    report.grid.push(await benchNaive(browser, 100_000, box, Math.min(60_000, remaining())));
    const limit = Math.max(1_000, Math.min(NAIVE_1M_LIMIT_MS, remaining() - 5_000));
    log(`naive SVG 1M (limit ${Math.round(limit / 1000)} s)`);
    report.grid.push(await benchNaive(browser, 1_000_000, box, limit));
  }

  await cleanup();
  report.machine.loadavgEnd = os.loadavg().map((x) => x.toFixed(2));
  report.totalMs = elapsed();
  writeReport(report);
  printReport(report);
}

main()
  .then(() => {
    clearTimeout(hardKill);
    process.exitCode = 0;
  })
  .catch(async (e) => {
    console.error(`bench:browser failed: ${e.stack ?? e}`);
    await cleanup();
    clearTimeout(hardKill);
    process.exitCode = 1;
  });
