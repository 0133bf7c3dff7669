import { chromium } from '@playwright/test';

const [url, out, w, h] = process.argv.slice(2);
const b = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});
const p = await b.newPage({ viewport: { width: Number(w || 1366), height: Number(h || 768) } });
const errs = [];
p.on('pageerror', (e) => errs.push(String(e)));
p.on('console', (m) => {
  if (m.type() === 'error') errs.push(m.text());
});
await p.goto(url);
await p.waitForTimeout(800);
await p.screenshot({ path: out, fullPage: process.env.FULL === '1' });
console.log('errors:', errs);
await b.close();
