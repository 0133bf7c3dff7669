// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { storeAt, withStore } from '../shared/storeFixture';
import { XarrayView } from './XarrayView';

afterEach(cleanup);

function setup(scenario = 'xfs-reflink-shared', step?: string) {
  const store = storeAt(scenario, { step });
  render(withStore(store, <XarrayView />));
  return { store, view: screen.getByRole('region', { name: 'DAX xarray' }) };
}

const entryOf = (view: HTMLElement, id: string) => view.querySelector(`[data-entry-id="${id}"]`) as HTMLElement;

describe('XarrayView', () => {
  it('at dax_lock_mapping_entry: the entry of index 3 is locked and on the current step’s walk', () => {
    const { view } = setup('xfs-reflink-shared', 'dax_lock_mapping_entry#1');
    const picker = within(view).getByRole('combobox', { name: 'File whose page cache is shown' });
    expect(picker.dataset.value).toBe('ino:pmem0:131');
    expect(picker).toHaveProperty('value', '/mnt/A · ino 131');
    expect(within(view).getByRole('group', { name: /^node#1: shift 0, offset 0, count 1, nr_values 1/ })).toBeTruthy();
    const entry = entryOf(view, 'ino:pmem0:131:3');
    expect(entry.dataset.current).toBe('true');
    expect(entry.getAttribute('aria-current')).toBe('step');
    expect(entry.dataset.locked).toBe('true');
    expect(entry.textContent).toContain('DAX_LOCKED');
    expect(entry.textContent).toContain('PTE · order 0');
    expect(entry.textContent).toContain('0x102222');
    expect(entry.textContent).toContain('0x2044443');
    expect(within(view).getByTestId('xarray-walk').textContent).toContain('xa_head → node#1[3] → entry index 3');
    // the pfn and raw value are copyable
    expect(within(entry).getByRole('button', { name: 'Copy pfn of index 3' })).toBeTruthy();
    expect(within(entry).getByRole('button', { name: 'Copy raw entry of index 3' })).toBeTruthy();
    expect(view.textContent).toContain('+63 empty');
  });

  it('unlocked at the end; clicking the entry selects its id', () => {
    const { view, store } = setup();
    const entry = entryOf(view, 'ino:pmem0:131:3');
    expect(entry.dataset.locked).toBeUndefined();
    expect(entry.textContent).not.toContain('DAX_LOCKED');
    expect(entry.dataset.current).toBeUndefined();
    fireEvent.click(within(entry).getByRole('button', { name: /^Select the DAX entry of \/mnt\/A index 3/ }));
    expect(store.getState().selection).toBe('ino:pmem0:131:3');
    expect(entryOf(view, 'ino:pmem0:131:3').dataset.linked).toBe('true');
  });

  it('an rmap record selected elsewhere links the entry of the same file page', () => {
    const { view, store } = setup();
    expect(entryOf(view, 'ino:pmem0:131:3').dataset.linked).toBeUndefined();
    act(() => store.getState().select('rmap:pmem0:ag0:r6'));
    const entry = entryOf(view, 'ino:pmem0:131:3');
    expect(entry.dataset.linked).toBe('true');
    expect(entry.textContent).toContain('⇄ linked');
  });

  it('the picker switches files, and offers the file the step works on', () => {
    const { view, store } = setup('xfs-reflink-shared', 'dax_lock_mapping_entry#2');
    fireEvent.click(within(view).getByRole('button', { name: 'Show /mnt/B' }));
    expect(store.getState().focus.mapping).toBe('ino:pmem0:132');
    const entry = entryOf(view, 'ino:pmem0:132:3');
    expect(entry.dataset.current).toBe('true');
    expect(entry.textContent).toContain('DAX_LOCKED');
    // the picker: typing filters the files, ↓ and Enter pick one
    const picker = within(view).getByRole('combobox', { name: 'File whose page cache is shown' });
    fireEvent.focus(picker);
    expect(picker.getAttribute('aria-expanded')).toBe('true');
    fireEvent.change(picker, { target: { value: 'mnt/a' } });
    const options = within(view).getAllByRole('option', { hidden: true });
    expect(options.map((o) => o.textContent)).toEqual(['/mnt/A · ino 131']);
    expect(picker.getAttribute('aria-activedescendant')).toBe(options[0].id);
    fireEvent.keyDown(picker, { key: 'Enter' });
    expect(store.getState().focus.mapping).toBe('ino:pmem0:131');
    expect(picker.getAttribute('aria-expanded')).toBe('false');
  });

  it('a PMD entry: siblings point back at slot 0; all 64 slots on demand', () => {
    const { view } = setup('fsdax-pmd-mapping');
    const entry = entryOf(view, 'ino:pmem0:12:0');
    expect(entry.textContent).toContain('PMD · order 9');
    expect(entry.textContent).toContain('0–511 (512 pages)');
    const node = view.querySelector('[data-node="node#1"]') as HTMLElement;
    expect(node.querySelectorAll('.xarray__cell--sibling')).toHaveLength(7);
    expect(node.querySelector('[data-slot="5"]')?.textContent).toContain('↩0');
    fireEvent.click(within(view).getByRole('button', { name: '64 slots' }));
    expect(node.querySelectorAll('[data-slot]')).toHaveLength(64);
  });

  it('empty states', () => {
    const { view } = setup('devdax-2m-compound');
    expect(view.textContent).toContain(
      "device-dax keeps no page-cache entries (no xarray): the struct page's mapping/index point at the char device",
    );
    cleanup();
    const again = setup('unbind-pre-remove').view;
    expect(again.textContent).toContain('no DAX entries: nothing faulted in');
    expect(again.textContent).toContain('xa_head = NULL');
  });
});
