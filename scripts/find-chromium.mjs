// Finds a Chromium for Playwright. The order is the policy:
// CHROMIUM_PATH, then Playwright's own download, then a system browser.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

export const HINT =
  'No Chromium for e2e tests: run `sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
  'or `npx playwright install chromium`, or set CHROMIUM_PATH=/path/to/chrome';

/** @returns {{ path: string | undefined, source: string } | null} */
export function findChromium() {
  const env = process.env.CHROMIUM_PATH;
  if (env) return existsSync(env) ? { path: env, source: 'CHROMIUM_PATH' } : null;
  try {
    if (existsSync(chromium.executablePath())) return { path: undefined, source: 'playwright-cache' };
  } catch {
    // no Playwright browser registry entry: fall through to the system browsers
  }
  const sys = SYSTEM.find((p) => existsSync(p));
  return sys ? { path: sys, source: 'system' } : null;
}
