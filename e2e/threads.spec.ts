/**
 * Threads in the processes view (issue 10 §3): a multi-threaded process lists its threads (tid, comm,
 * PR_MCE_KILL policy, PF_MCE_* flags), marks the thread find_early_kill_thread() picked with the reason and
 * the step that decided it, shows the AO signal on that thread's row; a tid selects the thread.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/ExplorerPage';

test.describe.configure({ timeout: 120_000 });

const scenario = {
  format: 1,
  id: 'threads-e2e',
  title: 'A worker with an early-kill I/O thread',
  namespaces: [{ name: 'pmem0', mode: 'fsdax', size: '2GiB' }],
  filesystems: [{ type: 'ext4', device: 'pmem0', mount: '/mnt' }],
  files: [{ path: '/mnt/f', size: '4MiB' }],
  processes: [
    {
      name: 'W',
      comm: 'worker',
      mappings: [{ name: 'a', file: '/mnt/f' }],
      touch: [{ mapping: 'a', offset: '0x3000' }],
      threads: [
        { name: 'slow', mceKill: 'late' },
        { name: 'io', mceKill: 'early', comm: 'io-thread' },
      ],
    },
    { name: 'P', mappings: [{ name: 'a', file: '/mnt/f' }], touch: [{ mapping: 'a', offset: '0x3000' }] },
  ],
  events: [{ kind: 'madvise', process: 'P', mapping: 'a', offset: '0x3000' }],
};

test('the threads of W, the early-kill thread picked with its reason, its AO signal, and selection', async ({
  page,
}, testInfo) => {
  const x = new ExplorerPage(page);
  await x.open('');
  await page.locator('input[type=file]').setInputFiles({
    name: 'threads.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await expect(page.getByRole('heading', { level: 2, name: scenario.title })).toBeVisible();
  const view = x.view('processes');
  const threads = view.getByRole('table', { name: /Threads of W/ });
  await expect(threads).toBeVisible();
  const rows = threads.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('(main)');
  await expect(rows.nth(1)).toContainText('late');
  await expect(rows.nth(1)).toContainText('PF_MCE_PROCESS');
  await expect(rows.nth(1)).not.toContainText('PF_MCE_EARLY');
  await expect(rows.nth(2)).toContainText('io-thread');
  await expect(rows.nth(2)).toContainText('PF_MCE_EARLY');
  await x.view('processes').screenshot({ path: testInfo.outputPath('threads-start.png') });

  // at the end: the io thread was picked, and got BUS_MCEERR_AO
  await x.goStep(await x.totalSteps());
  await expect(rows.nth(2)).toHaveAttribute('data-picked', 'true');
  await expect(rows.nth(2).locator('[data-code="BUS_MCEERR_AO"]')).toBeVisible();
  await expect(rows.nth(0).locator('[data-code]')).toHaveCount(0);
  const pick = view.getByTestId('thread-pick');
  await expect(pick).toContainText(/Signal to io-thread:\d+ \(io\)/);
  await expect(pick).toContainText('find_early_kill_thread()');
  // W was signalled (through its thread): no "No signal" reasons on its lane
  const w = view.getByRole('article', { name: /^W — worker:/ });
  await expect(w).toHaveAttribute('data-status', 'delivered');
  await expect(w.getByTestId('no-signal-reason')).toHaveCount(0);

  // the tid selects the thread (task:<tid>) and the step link goes to the collect step that decided it
  const tid = await rows.nth(2).getAttribute('data-tid');
  await rows.nth(2).locator('td').first().getByRole('button').click();
  await expect.poll(() => x.selection()).toBe(`task:${tid}`);
  await expect(rows.nth(2).locator('td').first().getByRole('button')).toHaveAttribute('aria-pressed', 'true');
  await x.view('processes').screenshot({ path: testInfo.outputPath('threads-end.png') });
  const axe = await new AxeBuilder({ page }).include('[data-view="processes"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  await pick.locator('[data-step-link]').click();
  const at = await x.cursor();
  const id = await x.state((s) => (s.load.status === 'ready' ? s.load.sim.rt.steps[s.cursor - 1].id : ''));
  expect(at).toBeGreaterThan(0);
  expect(id).toMatch(/collect_procs_(file|fsdax)#/);
});
