// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../store/inlineStore';
import { StoreProvider } from '../../store/react';
import { OutcomeView } from './OutcomeView';

afterEach(cleanup);

function setup(scenario = 'xfs-reflink-shared') {
  const store = createAppStore({ scenario });
  render(
    <StoreProvider store={store}>
      <OutcomeView />
    </StoreProvider>,
  );
  return store;
}

describe('OutcomeView', () => {
  it('shows dmesg, the signals, meminfo, the result, filesystems and badblocks at the end of xfs-reflink-shared', () => {
    setup();
    const view = screen.getByRole('region', { name: 'Outcome' });
    expect(within(view).getByRole('list', { name: /^dmesg of event 1: machine check/ })).toBeTruthy();
    const last = within(view).getByRole('button', { name: /recovery action for dax page: Recovered/ });
    expect(last.getAttribute('aria-current')).toBeNull(); // printed by action_result, not by the last step
    const rows = within(view)
      .getAllByRole('row')
      .filter((r) => r.className.includes('outcome-sig'));
    expect(rows.map((r) => within(r).getAllByRole('cell')[4].textContent)).toEqual(['BUS_MCEERR_AR', 'BUS_MCEERR_AO']);
    expect(within(rows[0]).getByRole('cell', { name: 'P' })).toBeTruthy();
    expect(view.textContent).toContain('HardwareCorrupted:     4 kB');
    expect(view.textContent).toMatch(/Recovered\s*returned 0/);
    expect(view.textContent).toContain('/sys/block/pmem0/badblocks');
    expect(within(view).getByText('272 8')).toBeTruthy();
    expect(within(view).getByRole('cell', { name: 'set (alive)' })).toBeTruthy();
    expect(within(view).getByRole('cell', { name: 'mounted' })).toBeTruthy();
  });

  it('highlights the current step lines and jumps to the step that printed a line', () => {
    const store = setup();
    const first = screen.getAllByRole('button', { name: /mce: Uncorrected hardware memory error/ })[0];
    fireEvent.click(first);
    expect(store.getState().cursor).toBe(2); // kill_me_maybe#1 is step index 1
    expect(
      screen.getByRole('button', { name: /mce: Uncorrected hardware memory error/ }).getAttribute('aria-current'),
    ).toBe('step');
    expect(screen.queryByRole('button', { name: /recovery action/ })).toBeNull();
    expect(screen.getByText(/Result/).parentElement?.textContent).toMatch(/running/);
    const load = store.getState().load;
    const steps = load?.status === 'ready' ? load.sim.rt.steps : [];
    const actionResult = steps.findIndex((st) => st.id === 'action_result#1');
    expect(actionResult).toBeGreaterThan(0);
    act(() => store.getState().stepTo(actionResult + 1));
    expect(screen.getByRole('button', { name: /recovery action/ }).getAttribute('aria-current')).toBe('step');
    act(() => store.getState().stepTo(0));
    expect(screen.getByText(/Nothing printed yet/)).toBeTruthy();
    expect(screen.getByText(/^No signal delivered yet/)).toBeTruthy();
  });

  it('copies dmesg to the clipboard', async () => {
    setup();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy dmesg' }));
    });
    expect(writeText).toHaveBeenCalledTimes(1);
    const text = writeText.mock.calls[0][0] as string;
    // the boot's first machine check taints the kernel first (kernel/panic.c add_taint())
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Disabling lock debugging due to kernel taint',
      'mce: Uncorrected hardware memory error in user-access at 102222000',
    ]);
    expect(text).toMatch(/recovery action for dax page: Recovered\n$/);
    expect(screen.getByRole('status').textContent).toBe('copied');
  });

  it('shows a shut-down filesystem and a failed result (xfs-metadata-hit), and device-dax with no filesystem', () => {
    setup('xfs-metadata-hit');
    expect(screen.getByRole('cell', { name: '✕ shut down' })).toBeTruthy();
    expect(screen.getByText('Failed')).toBeTruthy();
    expect(screen.getByText('-117')).toBeTruthy();
    cleanup();
    setup('devdax-2m-compound');
    expect(screen.getByText(/No filesystem in this scenario/)).toBeTruthy();
  });
});
