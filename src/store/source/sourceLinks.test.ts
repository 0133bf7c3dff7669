import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineGraph } from '../../pipeline/graph';
import { createMemoryFailureMachine } from '../../pipeline/machine';
import table from './kernel-source-lines.json';
import { drgnExpression, sourceLink } from './sourceLinks';

const kernelFns = machineGraph(createMemoryFailureMachine('6.12'))
  .states.map((s) => s.fn)
  .filter((fn): fn is string => fn !== null);

describe('source links', () => {
  it('every kernel state of the machine has a 6.12.117 definition line', () => {
    expect(kernelFns.length).toBeGreaterThan(20);
    for (const fn of kernelFns) {
      const l = sourceLink('6.12', fn);
      expect(l.exact, fn).toBe(true);
      expect(l.url).toMatch(/^https:\/\/elixir\.bootlin\.com\/linux\/v6\.12\.117\/source\/[\w/.-]+\.[ch]#L\d+$/);
    }
  });

  it('the table lines are where the Debian 6.12.117 and 6.1.192 sources define each function', () => {
    for (const [variant, dir] of [
      ['6.12', 'linux-source-6.12'],
      ['6.1', 'linux-source-6.1'],
    ] as const) {
      const tree = join(homedir(), '.cache/linux-src', dir);
      if (!existsSync(tree)) continue; // the sources are a cache; the table is what ships
      for (const [fn, at] of Object.entries(table[variant].functions)) {
        if (!at) continue;
        const line = readFileSync(join(tree, at.file), 'utf8').split('\n')[at.line - 1];
        expect(line, `${variant} ${fn}`).toMatch(
          fn === 'SetPageHWPoison' ? /PAGEFLAG\(HWPoison/ : new RegExp(`\\b${fn}\\(`),
        );
      }
    }
  });

  it('6.1 links v6.1.192, and a function 6.1 does not have falls back to the identifier search', () => {
    expect(sourceLink('6.1', 'memory_failure').url).toMatch(/\/v6\.1\.192\/source\/mm\/memory-failure\.c#L\d+$/);
    expect(sourceLink('6.1', 'dax_lock_folio')).toMatchObject({
      url: 'https://elixir.bootlin.com/linux/v6.1.192/A/ident/dax_lock_folio',
      exact: false,
    });
    expect(sourceLink('6.6', 'memory_failure').url).toBe(
      'https://elixir.bootlin.com/linux/v6.6/A/ident/memory_failure',
    );
    expect(sourceLink('6.12', 'x', { design: { citation: 'RFC', url: 'https://lore.kernel.org/x' } }).url).toBe(
      'https://lore.kernel.org/x',
    );
  });

  it('drgn expressions use drgn helpers', () => {
    const path = () => '/mnt/A';
    expect(drgnExpression('pfn:0x102222', path)).toBe('pfn_to_page(prog, 0x102222)');
    expect(drgnExpression('ino:pmem0:131:3', path)).toBe(
      'xa_load(path_lookup(prog, "/mnt/A").dentry.d_inode.i_mapping.i_pages.address_of_(), 3)',
    );
    expect(drgnExpression('pt:202:0x7f01ffc03000', path)).toBe('follow_pfn(find_task(prog, 202).mm, 0x7f01ffc03000)');
    expect(drgnExpression('rmap:pmem0:ag0:r7', path)).toBeNull();
  });
});
