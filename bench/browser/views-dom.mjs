#!/usr/bin/env node
// Per-view DOM size and the cost of one step on bench A (issue 11): opens bench A in headless Chromium at
// 1440×900 against a running preview server (PW_PORT, default 4173: `npx vite preview --port $PW_PORT`),
// goes to the middle step, counts the elements under each [data-view], then times `next()` until the
// second requestAnimationFrame after the step's views are in the state (the frame that draws them), N times.
// Usage: PW_PORT=4410 node bench/browser/views-dom.mjs [steps=20] [at=mid|end]
// PROFILE=1 also records a CDP CPU profile of the stepping and prints the functions with the most self time
// (PROFILE_OUT=FILE keeps it, for DevTools)
// (build with `npx vite build --minify false` first, or the names are the minifier's).
// RENDERS=1 counts the React elements each step renders, per view (a DevTools-style hook, countRenders below).
// MUTATIONS=1 counts, per view, the elements a step adds and removes and the attributes and texts it changes
// (a MutationObserver over the stepping; what changes is what a step restyles and lays out).
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { findChromium } from '../../scripts/find-chromium.mjs';

const port = Number(process.env.PW_PORT ?? 4173);
const STEPS = Number(process.argv[2] ?? 20);
const AT = process.argv[3] ?? 'mid';
const browser = await chromium.launch({
  executablePath: findChromium()?.path,
  args: ['--disable-gpu', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
    ...(process.env.REDUCED_MOTION ? { reducedMotion: 'reduce' } : {}),
  });
  if (process.env.RENDERS) await page.addInitScript(countRenders);
  await page.goto(`http://127.0.0.1:${port}/?scenario=xfs-reflink-shared&step=3`);
  await page.waitForFunction(() => window.__explorer?.state().load.status === 'ready');
  await page.locator('input[type=file]').setInputFiles({
    name: 'reflink-million.json',
    mimeType: 'application/json',
    buffer: readFileSync('bench/reflink-million.scenario.json'),
  });
  await page.waitForFunction(
    () => window.__explorer?.state().load.status === 'ready' && window.__explorer.state().load.id === 'reflink-million',
    null,
    { timeout: 300_000, polling: 500 },
  );
  // CSS=TEXT adds a style sheet before the stepping: what a rule (an animation, a containment) costs per step
  if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
  // main-thread time by kind over the stepping (CDP Performance metrics: script, style, layout, task)
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  let m0 = null;
  await page.exposeFunction('__metricsMark', async () => {
    m0 = await metrics();
    if (process.env.PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
  });
  const r = await page.evaluate(
    async ([steps, at, countMutations]) => {
      const st = () => window.__explorer.state();
      const raf = () => new Promise((r) => requestAnimationFrame(r));
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      const until = async (ok) => {
        const t0 = performance.now();
        while (!ok() && performance.now() - t0 < 60_000) await sleep(2);
      };
      const n = st().load.sim.rt.steps.length;
      // the end: every signal and dmesg line is there; the steps are then timed backwards
      const mid = at === 'end' ? n : Math.floor(n / 2);
      st().stepTo(mid);
      await until(() => st().cursor === mid && st().views?.cursor === mid);
      await sleep(1500);
      const perView = {};
      for (const el of document.querySelectorAll('[data-view]'))
        perView[el.getAttribute('data-view')] = el.querySelectorAll('*').length;
      const total = document.querySelectorAll('*').length;
      // where a view's elements are: the biggest subtrees (by class) two levels under its body
      const parts = {};
      for (const el of document.querySelectorAll('[data-view] > .view__body > * > *, [data-view] > .view__body > *')) {
        const view = el.closest('[data-view]').getAttribute('data-view');
        const name = `${view} ${el.tagName.toLowerCase()}.${String(el.className?.baseVal ?? el.className).split(' ')[0]}`;
        parts[name] = Math.max(parts[name] ?? 0, el.querySelectorAll('*').length);
      }
      // one step at a time: next() → views in the state → two rAFs (the frame that draws them)
      await window.__metricsMark();
      if (window.__renders) window.__renders.on = true;
      // MUTATIONS=1: what each step changes in the DOM, per view (elements added/removed, attributes by name, texts)
      const mut = {};
      const observer = countMutations
        ? new MutationObserver((records) => {
            for (const rec of records) {
              const host = rec.target.nodeType === 1 ? rec.target : rec.target.parentElement;
              const view = host?.closest('[data-view]')?.getAttribute('data-view') ?? '(page)';
              mut[view] ??= { added: 0, removed: 0, attrs: {}, text: 0, where: {} };
              const c = mut[view];
              const count = (nodes) => {
                let n = 0;
                for (const x of nodes) {
                  if (x.nodeType !== 1) continue;
                  const size = 1 + x.querySelectorAll('*').length;
                  const k = `${x.tagName.toLowerCase()}.${String(x.className?.baseVal ?? x.className).split(' ')[0]}`;
                  c.where[k] = (c.where[k] ?? 0) + size;
                  n += size;
                }
                return n;
              };
              if (rec.type === 'childList') {
                c.added += count(rec.addedNodes);
                c.removed += count(rec.removedNodes);
              } else if (rec.type === 'attributes') {
                const k = `${rec.target.tagName.toLowerCase()}[${rec.attributeName}]`;
                c.attrs[k] = (c.attrs[k] ?? 0) + 1;
              } else c.text++;
            }
          })
        : null;
      observer?.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      const ms = [];
      for (let i = 0; i < steps; i++) {
        const before = st().views;
        const t0 = performance.now();
        if (at === 'end') st().prev();
        else st().next();
        await until(() => st().views !== before);
        const t1 = performance.now();
        await raf();
        await raf();
        ms.push({ inState: t1 - t0, drawn: performance.now() - t1 });
        await sleep(200);
      }
      observer?.takeRecords();
      observer?.disconnect();
      if (window.__renders) window.__renders.on = false;
      for (const c of Object.values(mut)) {
        c.added /= steps;
        c.removed /= steps;
        c.text /= steps;
        c.where = Object.fromEntries(
          Object.entries(c.where)
            .map(([k, n]) => [k, n / steps])
            .filter(([, n]) => n >= 1)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8),
        );
        c.attrs = Object.fromEntries(
          Object.entries(c.attrs)
            .map(([k, n]) => [k, n / steps])
            .filter(([, n]) => n >= 1)
            .sort((a, b) => b[1] - a[1]),
        );
      }
      return {
        mut,
        renders: window.__renders?.byView ?? null,
        mid,
        perView,
        total,
        ms,
        parts: Object.entries(parts)
          .filter(([, n]) => n > 150)
          .sort((a, b) => b[1] - a[1]),
      };
    },
    [STEPS, AT, Boolean(process.env.MUTATIONS)],
  );
  const m1 = await metrics();
  if (process.env.PROFILE) {
    const { profile } = await cdp.send('Profiler.stop');
    if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
    printSelfTime(profile, STEPS);
  }
  const per = (k) => Math.round(((m1[k] - m0[k]) * 1000 * 10) / STEPS) / 10;
  const kinds = {
    taskMs: per('TaskDuration'),
    scriptMs: per('ScriptDuration'),
    styleMs: per('RecalcStyleDuration'),
    layoutMs: per('LayoutDuration'),
  };
  const q = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] * 10) / 10;
  };
  const drawn = r.ms.map((x) => x.drawn);
  if (r.renders)
    console.log(
      `React elements rendered per step, by view (host elements, components): ${JSON.stringify(
        Object.fromEntries(
          Object.entries(r.renders).map(([v, c]) => [
            v,
            [c.host / STEPS, c.components / STEPS].map((x) => Math.round(x * 10) / 10),
          ]),
        ),
      )}`,
    );
  if (process.env.MUTATIONS) console.log(`DOM changes per step, by view: ${JSON.stringify(r.mut, null, 1)}`);
  console.log(JSON.stringify({ step: r.mid, domTotal: r.total, perView: r.perView, biggest: r.parts }, null, 1));
  console.log(`main thread per step (incl. the 200 ms pauses' idle work), ms: ${JSON.stringify(kinds)}`);
  console.log(
    `views in state → second rAF (ms) over ${drawn.length} steps: p50 ${q(drawn, 0.5)} p95 ${q(drawn, 0.95)} max ${q(drawn, 1)}; next() → views in state p50 ${q(
      r.ms.map((x) => x.inState),
      0.5,
    )}`,
  );
} finally {
  await browser.close();
}

/**
 * RENDERS=1: a React DevTools-style hook, installed before React loads, that counts after each commit the
 * fibers whose props or state are new since the last commit (rendered, or mounted), by the [data-view] they
 * are in: host elements (what React diffs and writes in its commit) and components. A memo that bails out
 * still gets new props on its own fiber, so components count memo wrappers; host elements do not.
 */
function countRenders() {
  const seen = new WeakSet();
  const fresh = (o) => {
    if (o === null || typeof o !== 'object' || seen.has(o)) return false;
    seen.add(o);
    return true;
  };
  const stats = { on: false, byView: {} };
  window.__renders = stats;
  const walk = (first, view) => {
    for (let f = first; f; f = f.sibling) {
      const props = f.memoizedProps;
      const v = (props && typeof props === 'object' && props['data-view']) || view;
      const rendered = fresh(props) | fresh(f.memoizedState);
      if (rendered && stats.on && f.type) {
        stats.byView[v] ??= { host: 0, components: 0 };
        if (typeof f.type === 'string') stats.byView[v].host++;
        else stats.byView[v].components++;
      }
      walk(f.child, v);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    checkDCE() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot: (_id, root) => walk(root.current.child, '(page)'),
  };
}

/** the 30 functions with the most self time per step, by name and place (idle and program time left out) */
function printSelfTime(profile, steps) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const { functionName, url, lineNumber } = byId.get(profile.samples[i]).callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
  console.log(`self time per step, ms (CPU profile over ${steps} steps):`);
  for (const [k, ms] of rows) console.log(`${(ms / steps).toFixed(2).padStart(8)}  ${k}`);
  // React components (capitalised names) with their callees: which views a step renders, and at what cost
  const selfOf = new Map();
  for (let i = 0; i < profile.samples.length; i++)
    selfOf.set(profile.samples[i], (selfOf.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0) / 1000);
  const total = new Map();
  const walk = (node, open) => {
    let sum = selfOf.get(node.id) ?? 0;
    const name = node.callFrame.functionName;
    const component = /^[A-Z]/.test(name) && !open.has(name);
    const inner = component ? new Set([...open, name]) : open;
    for (const c of node.children ?? []) sum += walk(byId.get(c), inner);
    if (component) total.set(name, (total.get(name) ?? 0) + sum);
    return sum;
  };
  walk(profile.nodes[0], new Set());
  console.log('components with their callees, ms per step:');
  for (const [k, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${(ms / steps).toFixed(2).padStart(8)}  ${k}`);
}
