/**
 * Generated scenarios for `npm run verify -- --campaign N`: ext4, XFS (reflink+rmapbt) or device-dax; one
 * to three processes with any policy, mapping and touching; one or two events among madvise, access, read,
 * corrupt-pfn and async (an SRAO machine check through verify's QEMU monitor). No SRAR (`mce`) events: adding
 * a kind would change every seed's scenario, and the committed reports name their findings by seed.
 * Deterministic per seed (mulberry32), so a finding is reproduced by its seed.
 */
import type { ScenarioInput } from '../scenario/schema';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateScenario(seed: number): ScenarioInput {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const fs = pick(['ext4', 'xfs', 'devdax'] as const);
  const nprocs = 1 + Math.floor(rnd() * 3);
  const names = ['P', 'Q', 'R'].slice(0, nprocs);
  const page = () => `0x${(Math.floor(rnd() * 16) * 4096).toString(16)}`;
  const devdax = fs === 'devdax';
  const files = devdax
    ? []
    : fs === 'xfs' && rnd() < 0.5
      ? [
          { path: '/mnt/A', size: '4MiB' },
          { path: '/mnt/B', reflink: '/mnt/A' },
        ]
      : [{ path: '/mnt/A', size: '4MiB' }];
  const processes = names.map((name) => ({
    name,
    mceKill: pick(['default', 'early', 'late'] as const),
    mappings: [devdax ? { name: 'a', device: 'dax0.0', length: '4MiB' } : { name: 'a', file: pick(files).path }],
    touch: rnd() < 0.85 ? [{ mapping: 'a', offset: page() }] : [],
  }));
  const nevents = 1 + Math.floor(rnd() * 2);
  const events: NonNullable<ScenarioInput['events']> = [];
  for (let i = 0; i < nevents; i++) {
    const p = pick(names);
    const kind = pick(
      devdax
        ? (['madvise', 'access', 'corrupt-pfn'] as const)
        : (['madvise', 'access', 'read', 'corrupt-pfn', 'async'] as const),
    );
    const offset = processes.find((q) => q.name === p)?.touch[0]?.offset ?? page();
    if (kind === 'madvise' || kind === 'access') events.push({ kind, process: p, mapping: 'a', offset });
    else if (kind === 'read') events.push({ kind, process: p, file: '/mnt/A', offset: page() });
    else if (devdax) events.push({ kind, target: { process: p, mapping: 'a', offset } });
    else events.push({ kind, target: { file: '/mnt/A', offset: page() } });
  }
  return {
    format: 1,
    id: `campaign-${seed}`,
    sysctl: { memory_failure_early_kill: rnd() < 0.2 ? 1 : 0, memory_failure_recovery: 1 },
    namespaces: [
      devdax
        ? { name: 'dax0.0', mode: 'devdax', size: '2GiB', map: pick(['mem', 'dev'] as const), align: '2MiB' }
        : { name: 'pmem0', mode: 'fsdax', size: '2GiB', map: 'dev' },
    ],
    filesystems: devdax
      ? []
      : [{ type: fs, device: 'pmem0', mount: '/mnt', ...(fs === 'xfs' ? { reflink: true, rmapbt: true } : {}) }],
    files,
    processes,
    events,
  } as ScenarioInput;
}
