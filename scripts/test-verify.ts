/**
 * `npm run test:verify`: verify one fsdax and one devdax built-in against Debian's 6.12 under QEMU.
 * As root (CI), installs what the guest build needs from Debian's packages first.
 */
import { spawnSync } from 'node:child_process';
import { recordVerified, verifyScenario } from '../src/cli/verify';
import { builtinScenario } from '../src/scenario/builtins';

const PACKAGES = [
  'qemu-system-x86',
  'busybox-static',
  'ndctl',
  'xfsprogs',
  'e2fsprogs',
  'kmod',
  'cpio',
  'gcc',
  'libc6-dev',
  'xz-utils',
];
const BUILTINS = ['ext4-single-owner', 'devdax-2m-compound'];

function installIfRoot(): void {
  if (process.getuid?.() !== 0) return;
  const missing = PACKAGES.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (!missing.length) return;
  console.log(`test:verify: apt-get install ${missing.join(' ')}`);
  spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
  const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) throw new Error('apt-get install failed');
}

installIfRoot();
let failed = 0;
for (const id of BUILTINS) {
  const out = verifyScenario(builtinScenario(id), '6.12');
  if (out.kernelRelease) recordVerified(id, builtinScenario(id), '6.12', out);
  console.log(out.text);
  console.log(
    `test:verify: ${id} on ${out.kernelRelease ?? '6.12'}: ${['agree', 'DIFFER', 'could not run'][out.code]} (${out.seconds} s)`,
  );
  if (out.code !== 0) failed++;
}
console.log(`test:verify: ${BUILTINS.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
