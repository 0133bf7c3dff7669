// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../store/inlineStore';
import { StoreProvider } from '../../store/react';
import { StructPagesView } from './StructPagesView';

afterEach(cleanup);

function setup(scenario = 'xfs-reflink-shared', selection: string | null = null) {
  const store = createAppStore({ scenario, selection });
  render(
    <StoreProvider store={store}>
      <StructPagesView />
    </StoreProvider>,
  );
  return { store, view: screen.getByRole('region', { name: 'struct pages and vmemmap' }) };
}

describe('StructPagesView', () => {
  it('shows the namespace, its grid, the legend and why dedup is off (xfs-reflink-shared)', () => {
    const { view } = setup();
    expect(view.textContent).toContain(
      'pmem0 · fsdax, map=dev · 2 GiB at pfn 0x100000 · order-0 pages · vmemmap dedup off',
    );
    const grid = within(view).getByRole('application', { name: /struct pages of pmem0/ });
    expect(grid.getAttribute('tabindex')).toBe('0');
    expect(grid.getAttribute('data-keys')).toBe('own');
    const legend = within(view).getByRole('list', { name: 'Legend' });
    for (const text of [
      'info block (altmap->reserve)',
      'memmap on the device (altmap)',
      'hwpoison',
      'mapped by a process',
      'shared (reflink)',
      'current step',
      'selected',
    ])
      expect(legend.textContent).toContain(text);
    expect(view.textContent).toContain('vmemmap dedup off');
    expect(view.textContent).toContain('altmap set: the memmap lives on the device');
    expect(within(view).getByRole('button', { name: 'Zoom to selection' }).hasAttribute('disabled')).toBe(true);
    // the poisoned page is offered as a jump target
    expect(within(view).getByRole('button', { name: /0x102222/ })).toBeTruthy();
  });

  it('decodes the struct page of a linked pfn when a file page is selected', () => {
    const { view } = setup('xfs-reflink-shared', 'ino:pmem0:131:3');
    const detail = within(view).getByTestId('struct-page-detail');
    expect(detail.textContent).toContain('struct page of pfn 0x102222');
    expect(detail.textContent).toContain('The first pfn linked to the selection.');
    expect(detail.textContent).toContain('*(struct page *)0xffffea0004088880');
    expect(detail.textContent).toMatch(/\.mapping\s*PAGE_MAPPING_DAX_SHARED/);
    expect(within(detail).getByRole('button', { name: 'Copy struct page address' })).toBeTruthy();
    expect(within(detail).getByRole('button', { name: 'Copy page flags' })).toBeTruthy();
    const vmemmap = within(view).getByTestId('vmemmap-panel');
    expect(vmemmap.textContent).toContain('altmap-pmd');
    expect(vmemmap.textContent).toContain('is not shared');
    expect(within(view).queryByTestId('compound-diagram')).toBeNull();
  });

  it('lights up the storage sharers of a tail struct page and draws the compound page (devdax-2m-compound)', () => {
    const { view, store } = setup('devdax-2m-compound', 'pfn:0x100264');
    expect(view.textContent).toContain('2 MiB compound pages · vmemmap dedup on');
    const canvas = view.querySelector('canvas');
    expect(canvas?.getAttribute('data-selected-pfn')).toBe('0x100264');
    expect(canvas?.getAttribute('data-highlight-count')).toBe('448');
    expect(canvas?.getAttribute('data-slot-count')).toBe('7');

    const detail = within(view).getByTestId('struct-page-detail');
    expect(detail.textContent).toContain('tail');
    expect(detail.textContent).toContain('TAIL_MAPPING');
    const sharers = within(view).getByTestId('storage-sharers');
    expect(sharers.textContent).toMatch(/mapped by 7 vmemmap pages: the 448 struct pages 0x100240–0x1003ff/);
    expect(sharers.textContent).toContain('7 pfns (stride 64)');

    const diagram = within(view).getByTestId('compound-diagram');
    expect(diagram.textContent).toContain('pages 2–7 all map page 1’s frame 0x40003');
    const boxes = within(diagram).getAllByRole('button');
    expect(boxes).toHaveLength(8);
    expect(boxes.map((b) => b.getAttribute('data-frame'))).toEqual(['0x40002', ...Array(7).fill('0x40003')]);
    expect(within(view).getByTestId('vmemmap-savings').textContent).toBe(
      'unique vmemmap pages: 2 of 8 per compound page, aliased 6, bytes saved 24 KiB per 2 MiB, 24 MiB total (6144 aliased vmemmap pages)',
    );

    // a vmemmap page box selects the struct page in the same slot; Enter works too
    act(() => {
      fireEvent.click(boxes[3]);
    });
    expect(store.getState().selection).toBe(`pfn:0x${(0x100200 + 3 * 64 + 36).toString(16)}`);
    act(() => {
      fireEvent.keyDown(within(within(view).getByTestId('compound-diagram')).getAllByRole('button')[0], {
        key: 'Enter',
      });
    });
    expect(store.getState().selection).toBe('pfn:0x100224');
    // the head's vmemmap page is not shared: nothing lights up
    expect(view.querySelector('canvas')?.getAttribute('data-highlight-count')).toBe('0');
  });

  it('offers a tail page to start from, and selects from the grid with the keyboard crosshair', () => {
    const { view, store } = setup('devdax-2m-compound');
    act(() => {
      fireEvent.click(within(view).getByRole('button', { name: /select a tail page \(0x100264, head \+100\)/ }));
    });
    expect(store.getState().selection).toBe('pfn:0x100264');
    act(() => {
      fireEvent.click(within(view).getByRole('button', { name: 'select head' }));
    });
    expect(store.getState().selection).toBe('pfn:0x100200');
    const grid = within(view).getByRole('application');
    act(() => {
      fireEvent.keyDown(grid, { key: 'Escape' });
    });
    expect(store.getState().selection).toBeNull();
  });

  it('validates the go-to field', () => {
    const { view } = setup('devdax-2m-compound');
    const input = within(view).getByRole('textbox', { name: 'Go to pfn' });
    act(() => {
      fireEvent.change(input, { target: { value: '0x10' } });
      fireEvent.submit(input.closest('form') as HTMLFormElement);
    });
    expect(within(view).getByRole('alert').textContent).toContain('0x10 is outside dax0.0');
    act(() => {
      fireEvent.change(input, { target: { value: 'nope' } });
      fireEvent.submit(input.closest('form') as HTMLFormElement);
    });
    expect(within(view).getByRole('alert').textContent).toContain('not a pfn');
  });
});
