/**
 * A scenario file using the format's newer events loads in the explorer (through the worker) and steps to
 * its end: stores with a CoW, threads, an exit, a spawned process and a machine check with its own bank.
 */
import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

const scenario = {
  format: 1,
  id: 'format-events',
  title: 'Stores, threads, exit, spawn and an SRAO bank',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'xfs', device: 'pmem0', mount: '/mnt' }],
  files: [
    { path: '/mnt/A', size: '4MiB' },
    { path: '/mnt/B', reflink: '/mnt/A' },
  ],
  processes: [
    {
      name: 'Q',
      mappings: [{ name: 'a', file: '/mnt/B' }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
      threads: [{ name: 'io', mceKill: 'early', comm: 'io-thread' }],
    },
    { name: 'P', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x3000', write: true }] },
    { name: 'R', mappings: [{ name: 'a', file: '/mnt/A' }], touch: [{ mapping: 'a', offset: '0x4000' }] },
  ],
  events: [
    { kind: 'exit', process: 'R' },
    {
      kind: 'mce',
      process: 'Q',
      mapping: 'a',
      offset: '0x3000',
      bank: 0,
      status: '0xbd000000000000c0',
      mcgStatus: '0x5',
    },
    {
      kind: 'spawn',
      name: 'N',
      mappings: [{ name: 'a', file: '/mnt/B' }],
      touch: [{ mapping: 'a', offset: '0x3000', write: true }],
    },
  ],
};

test('loads, steps to the end, and shows the spawned process and the thread that got the signal', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.open('');
  await page.locator('input[type=file]').setInputFiles({
    name: 'format-events.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect(page.getByRole('heading', { level: 2, name: scenario.title })).toBeVisible();
  const total = await x.totalSteps();
  expect(total).toBeGreaterThan(10);
  await x.goStep(total);
  const signals = await x.state((s) =>
    s.load.status === 'ready'
      ? s.load.sim.report.events.flatMap((e) => e.signals.map((g) => `${g.comm} ${g.code}`))
      : [],
  );
  // the SRAO reaches Q's early-kill thread; the spawned N stores to the poisoned shared block
  expect(signals).toContain('io-thread BUS_MCEERR_AO');
  expect(signals).toContain('pmtest BUS_MCEERR_AR');
  const names = await x.state((s) => (s.load.status === 'ready' ? s.load.sim.report.processes.map((p) => p.name) : []));
  expect(names).toEqual(['Q', 'P', 'R', 'N']);
  await x.view('processes').screenshot({ path: testInfo.outputPath('processes-end.png') });
  await x.view('outcome').screenshot({ path: testInfo.outputPath('outcome-end.png') });
});
