import { defineConfig, devices } from '@playwright/test';
import { findChromium, HINT } from './scripts/find-chromium.mjs';

const browser = findChromium();
// PW_PORT lets several checkouts run their browser tests at once without sharing a preview server
const port = Number(process.env.PW_PORT ?? 4173);
if (!browser) throw new Error(HINT);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: 2,
  // runs arrive from the simulation worker: on a busy 2-core machine a comparison can take several seconds,
  // and an assertion waits for it (this bounds the wait, it measures nothing)
  expect: { timeout: 15_000 },
  // a test opens a page or two and waits on several such answers: 30 s ran out under a load of 20+ on 2 cores
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: process.env.PW_VIDEO ? 'retain-on-failure' : 'off',
    launchOptions: {
      executablePath: browser.path, // undefined = Playwright's own download
      args: ['--disable-gpu', '--disable-quic', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `npx vite build --logLevel warn && npx vite preview --port ${port}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
  },
});
