// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { storeAt, withStore } from '../shared/storeFixture';
import { RmapView } from './RmapView';

afterEach(cleanup);

function setup(scenario = 'xfs-reflink-shared', step?: string) {
  const store = storeAt(scenario, { step });
  render(withStore(store, <RmapView />));
  return { store, view: screen.getByRole('region', { name: 'XFS rmap records' }) };
}

const bar = (view: HTMLElement, id: string) => view.querySelector(`g[data-record-id="${id}"]`) as SVGGElement;
const row = (view: HTMLElement, id: string) => view.querySelector(`tr[data-record-id="${id}"]`) as HTMLTableRowElement;

describe('RmapView', () => {
  it('at xfs_rmap_query_range: the band, and both owners of the reflinked block marked', () => {
    const { view } = setup('xfs-reflink-shared', 'xfs_rmap_query_range#1');
    expect(within(view).getByTestId('rmap-counts').textContent).toContain('8 records in AG 0 (showing 8)');
    expect(within(view).getByTestId('rmap-counts').textContent).toContain('query [34, 34]: 2 records');
    expect(within(view).getByTestId('rmap-query-band')).toBeTruthy();
    for (const id of ['rmap:pmem0:ag0:r6', 'rmap:pmem0:ag0:r7']) {
      const b = bar(view, id);
      expect(b.dataset.inQuery).toBe('true');
      expect(b.dataset.current).toBe('true');
      expect(b.getAttribute('aria-current')).toBe('step');
      expect(row(view, id).getAttribute('aria-current')).toBe('step');
    }
    expect(bar(view, 'rmap:pmem0:ag0:r6').textContent).toContain('inode 131');
    expect(bar(view, 'rmap:pmem0:ag0:r7').textContent).toContain('inode 132');
    expect(bar(view, 'rmap:pmem0:ag0:r6').textContent).toContain('shared');
    // the two records of the shared extent in different lanes
    const y = (id: string) => bar(view, id).querySelector('.rmap__bar-rect')?.getAttribute('y');
    expect(y('rmap:pmem0:ag0:r6')).not.toBe(y('rmap:pmem0:ag0:r7'));
    // metadata owners are tagged
    expect(row(view, 'rmap:pmem0:ag0:r5').textContent).toContain('XFS_RMAP_OWN_INODES');
    expect(row(view, 'rmap:pmem0:ag0:r5').textContent).toContain('metadata');
  });

  it('after the rounds both owners show pgoff 3 pgcnt 1 and are visited', () => {
    const { view } = setup();
    for (const id of ['rmap:pmem0:ag0:r6', 'rmap:pmem0:ag0:r7']) {
      const b = bar(view, id);
      expect(b.dataset.visited).toBe('true');
      expect(b.dataset.current).toBeUndefined();
      expect(b.textContent).toContain('✓');
      expect(b.textContent).toContain('pgoff 3 pgcnt 1');
      const cells = within(row(view, id)).getAllByRole('cell');
      expect(cells[6].textContent).toBe('✓ visited');
      expect(cells[7].textContent).toBe('3');
      expect(cells[8].textContent).toBe('1');
    }
  });

  it('clicking a record (bar, table or keyboard) selects its id; linked ones are tagged', () => {
    const { view, store } = setup();
    fireEvent.click(bar(view, 'rmap:pmem0:ag0:r7'));
    expect(store.getState().selection).toBe('rmap:pmem0:ag0:r7');
    expect(bar(view, 'rmap:pmem0:ag0:r7').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(view).getByRole('button', { name: 'Select rmap record 6 (inode 131)' }));
    expect(store.getState().selection).toBe('rmap:pmem0:ag0:r6');
    fireEvent.keyDown(bar(view, 'rmap:pmem0:ag0:r7'), { key: 'Enter' });
    expect(store.getState().selection).toBe('rmap:pmem0:ag0:r7');
    // metadata records left of the query window are not drawn, but are in the table
    expect(bar(view, 'rmap:pmem0:ag0:r5')).toBeNull();
    expect(row(view, 'rmap:pmem0:ag0:r5')).toBeTruthy();
    // selecting the file page links both owners' records of its block
    act(() => store.getState().select('ino:pmem0:131:3'));
    expect(bar(view, 'rmap:pmem0:ag0:r6').classList.contains('rmap__bar--linked')).toBe(true);
    expect(bar(view, 'rmap:pmem0:ag0:r7').classList.contains('rmap__bar--linked')).toBe(true);
    expect(
      within(row(view, 'rmap:pmem0:ag0:r7')).getByRole('button', { name: /^Select rmap record 7/ }).textContent,
    ).toContain('⇄');
  });

  it('zoom buttons change the block window', () => {
    const { view } = setup();
    const hint = () => view.querySelector('.rmap__hint')?.textContent ?? '';
    const before = hint();
    expect(before).toMatch(/blocks 2\d–3\d/);
    expect(before).toContain('◀ 6 more');
    fireEvent.click(within(view).getByRole('button', { name: 'All' }));
    expect(hint()).toMatch(/blocks 0–10\d\d/);
    fireEvent.click(within(view).getByRole('button', { name: 'Query' }));
    expect(hint()).toBe(before);
  });

  it('empty state for ext4', () => {
    const { view } = setup('ext4-single-owner');
    expect(view.textContent).toContain(
      'ext4 keeps no reverse map: the generic path finds the owner through page->mapping',
    );
  });
});
