// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../store/inlineStore';
import { StoreProvider } from '../../store/react';
import { ProcessesView } from './ProcessesView';

afterEach(cleanup);

function setup(scenario = 'xfs-reflink-shared') {
  const store = createAppStore({ scenario });
  render(
    <StoreProvider store={store}>
      <ProcessesView />
    </StoreProvider>,
  );
  const s = store.getState();
  const ids = s.load.status === 'ready' ? s.load.sim.rt.steps.map((x) => x.id) : [];
  return { store, ids };
}

const lane = (title: string) => screen.getByRole('article', { name: title });

describe('ProcessesView', () => {
  it('draws one lane per process with its VMA, and at the end the signals and the reason Q got none', () => {
    setup();
    expect(screen.getByRole('heading', { name: 'Processes and VMAs' })).toBeTruthy();
    const p = lane('P — pmtest:202 (default)');
    const q = lane('Q — pmtest:200 (default)');
    const r = lane('R — pmtest:201 (early)');
    expect(p.getAttribute('data-status')).toBe('delivered');
    expect(within(p).getByText('BUS_MCEERR_AR', { exact: false }).closest('li')?.getAttribute('data-code')).toBe(
      'BUS_MCEERR_AR',
    );
    expect(r.querySelector('[data-code="BUS_MCEERR_AO"]')).toBeTruthy();
    expect(q.getAttribute('data-status')).toBe('no-signal');
    expect(within(q).getByTestId('no-signal-reason').textContent).toMatch(/not collected: task_early_kill\(\) is NULL/);
    expect(within(q).getByTestId('no-signal-reason').textContent).toMatch(
      /R \(pmtest:201\) faulted the shared \(reflinked\) extent/,
    );
    // the VMA is a keyboard-selectable SVG mark, the addresses are copyable
    expect(
      within(q).getByRole('button', { name: /^VMA a: 0x7effffc00000–0x7f0000000000, \/mnt\/B, pgoff 0, 4 MiB/ }),
    ).toBeTruthy();
    expect(within(q).getByRole('button', { name: 'Copy poisoned address in Q' })).toBeTruthy();
    expect(within(q).getByText(/unmapped/, { selector: '.processes-facts__kind' })).toBeTruthy();
  });

  it('shows P pending AR at the first kill_procs, R pending AO at the second', () => {
    const { store, ids } = setup();
    act(() => store.getState().stepTo(ids.indexOf('mf_dax_kill_procs/kill_procs#1') + 1));
    const p = lane('P — pmtest:202 (default)');
    expect(p.getAttribute('data-status')).toBe('pending');
    const badge = p.querySelector('.processes-sig');
    expect(badge?.getAttribute('data-code')).toBe('BUS_MCEERR_AR');
    expect(badge?.textContent).toMatch(/AR\s*SIGBUS BUS_MCEERR_AR\s*si_addr\s*0x7f01ffc03000.*lsb 12\s*pending/);
    // the touched task is marked as the current step
    expect(
      within(p)
        .getByRole('button', { name: /P — pmtest:202/ })
        .getAttribute('aria-current'),
    ).toBe('step');
    act(() => store.getState().stepTo(ids.indexOf('mf_dax_kill_procs/kill_procs#2') + 1));
    const r = lane('R — pmtest:201 (early)');
    expect(r.getAttribute('data-status')).toBe('pending');
    expect(r.querySelector('.processes-sig')?.getAttribute('data-code')).toBe('BUS_MCEERR_AO');
  });

  it('draws the page-table leaves before the failure and links them to the selection', () => {
    const { store } = setup();
    act(() => store.getState().stepTo(0));
    const p = lane('P — pmtest:202 (default)');
    const leaf = within(p).getByRole('button', { name: /^PTE 4K leaf at 0x7f01ffc03000 maps pfn 0x102222/ });
    fireEvent.keyDown(leaf, { key: 'Enter' });
    expect(store.getState().selection).toBe('pt:202:0x7f01ffc03000');
    // R maps the same pfn: its leaf, VMA and task are linked
    const r = lane('R — pmtest:201 (early)');
    expect(
      within(r).getByRole('button', { name: /^PTE 4K leaf at 0x7f00ffc03000.*linked to the selection/ }),
    ).toBeTruthy();
    expect(within(r).getByRole('button', { name: /R — pmtest:201/ }).textContent).toMatch(/◆ linked/);
    fireEvent.click(within(r).getByRole('button', { name: /R — pmtest:201/ }));
    expect(store.getState().selection).toBe('task:201');
  });

  it('ext4-single-owner: V got no signal (not collected) and its PTE was removed', () => {
    setup('ext4-single-owner');
    const v = lane('V — pmtest:200 (default)');
    expect(v.getAttribute('data-status')).toBe('no-signal');
    expect(within(v).getByTestId('no-signal-reason').textContent).toMatch(/not collected/);
    expect(v.querySelectorAll('rect.processes-unmapped').length).toBeGreaterThan(0);
    expect(v.querySelector('title')?.parentElement).toBeTruthy();
  });

  it('draws PMD leaves in fsdax-pmd-mapping', () => {
    const { store } = setup('fsdax-pmd-mapping');
    act(() => store.getState().stepTo(0));
    expect(screen.getAllByRole('button', { name: /^PMD 2M leaf at/ })).toHaveLength(2);
    expect(screen.getAllByText('PMD 2M').length).toBeGreaterThan(0);
  });

  it('is a feed of lanes, each with its place; ↓/End/Home on a lane title focus another lane, not another step', () => {
    const { store } = setup();
    const feed = screen.getByRole('feed', { name: 'Process lanes' });
    const lanes = within(feed).getAllByRole('article');
    expect(lanes.map((a) => [a.getAttribute('aria-posinset'), a.getAttribute('aria-setsize')])).toEqual([
      ['1', '3'],
      ['2', '3'],
      ['3', '3'],
    ]);
    const head = (a: HTMLElement) => a.querySelector('.processes-lane__head button') as HTMLButtonElement;
    const cursor = store.getState().cursor;
    head(lanes[0]).focus();
    fireEvent.keyDown(head(lanes[0]), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(head(lanes[1]));
    fireEvent.keyDown(head(lanes[1]), { key: 'End' });
    expect(document.activeElement).toBe(head(lanes[2]));
    fireEvent.keyDown(head(lanes[2]), { key: 'Home' });
    expect(document.activeElement).toBe(head(lanes[0]));
    // a key on something else in a lane is not the list's
    const facts = lanes[0].querySelector('.processes-facts') as HTMLElement;
    const ev = new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true });
    facts.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(false);
    expect(store.getState().cursor).toBe(cursor);
  });
});
