// pretest:e2e: make sure Playwright has a Chromium. As root on Debian/Ubuntu it apt-installs one when missing.
// With PW_VIDEO=1 it also links Debian's ffmpeg where Playwright looks for its own (downloads are blocked here).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { findChromium, HINT } from './find-chromium.mjs';

const APT = '/usr/bin/apt-get';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const canApt = isRoot && existsSync(APT) && !process.env.NO_APT;
const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
let aptUpdated = false;

function apt(...args) {
  execFileSync(APT, ['-o', 'DPkg::Lock::Timeout=600', '-qq', ...args], { stdio: 'inherit', env: aptEnv });
}

function aptInstall(...pkgs) {
  if (!aptUpdated) {
    apt('update');
    aptUpdated = true;
  }
  apt('install', '-y', '--no-install-recommends', ...pkgs);
}

let browser = findChromium();
if (!browser && canApt && !process.env.CHROMIUM_PATH) {
  console.log('[ensure-chromium] no Chromium found; installing Debian chromium with apt-get');
  try {
    aptInstall('chromium', 'fonts-liberation');
  } catch (err) {
    console.error(`[ensure-chromium] apt-get failed: ${err.message}`);
  }
  browser = findChromium();
}
if (!browser) {
  console.error(HINT);
  process.exit(1);
}
console.log(`[ensure-chromium] using ${browser.path ?? "Playwright's own Chromium"} (${browser.source})`);

if (process.env.PW_VIDEO) {
  const require = createRequire(import.meta.url);
  const pwTest = dirname(require.resolve('@playwright/test/package.json'));
  const core = dirname(createRequire(join(pwTest, 'index.js')).resolve('playwright-core/package.json'));
  const browsers = JSON.parse(readFileSync(join(core, 'browsers.json'), 'utf8')).browsers;
  const rev = browsers.find((b) => b.name === 'ffmpeg')?.revision;
  const root = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  const target = join(root, `ffmpeg-${rev}`, 'ffmpeg-linux');
  if (rev && !existsSync(target)) {
    if (!existsSync('/usr/bin/ffmpeg') && canApt) aptInstall('ffmpeg');
    if (existsSync('/usr/bin/ffmpeg')) {
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync('/usr/bin/ffmpeg', target);
      console.log(`[ensure-chromium] linked /usr/bin/ffmpeg to ${target} for video`);
    } else {
      console.error('[ensure-chromium] PW_VIDEO=1 but no ffmpeg; videos will fail');
    }
  }
}
