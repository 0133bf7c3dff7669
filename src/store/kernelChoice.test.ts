/**
 * The explorer runs the loaded scenario on another kernel variant (the header's Kernel picker, `kernel=`
 * in the link): the run is the one that variant gives, near the same step, and a bad `kernel=` is noted.
 */
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { createAppStore } from './inlineStore';
import { decodePermalink, encodePermalink } from './permalink';

const ready = (s: ReturnType<ReturnType<typeof createAppStore>['getState']>) => {
  if (s.load.status !== 'ready') throw new Error(`not loaded: ${s.load.status}`);
  return s.load;
};

describe('choosing the kernel in the explorer', () => {
  it('runs a built-in on 6.1: what 6.1 prints (the fs/dax.c:380 WARNING), at the end when it was at the end', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    const on612 = ready(store.getState());
    expect(on612.sim.report.kernel).toBe('6.12');
    store.getState().last();
    store.getState().setKernel('6.1');
    const s = store.getState();
    const on61 = ready(s);
    expect(s.kernel).toBe('6.1');
    expect(on61.sim.report.kernel).toBe('6.1');
    const warns = (dmesg: string[]) => dmesg.filter((l) => l.startsWith('WARNING: ')).length;
    expect(warns(on61.sim.report.dmesg)).toBe(1);
    expect(warns(on612.sim.report.dmesg)).toBe(0);
    expect(s.cursor).toBe(on61.sim.rt.steps.length);
    // a later built-in opens on the chosen kernel too
    s.loadBuiltin('ext4-single-owner');
    expect(ready(store.getState()).sim.report.kernel).toBe('6.1');
  });

  it('keeps the step by its id when the other kernel takes it too', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    const steps = ready(store.getState()).sim.rt.steps;
    const at = steps.findIndex((st) => st.id === 'xfs_dax_failure_fn#1');
    expect(at).toBeGreaterThan(0);
    store.getState().stepTo(at + 1);
    store.getState().setKernel('6.0');
    const s = store.getState();
    expect(ready(s).sim.report.kernel).toBe('6.0');
    expect(ready(s).sim.rt.steps[s.cursor - 1].id).toBe('xfs_dax_failure_fn#1');
  });

  it('runs a scenario opened from a file on another kernel', () => {
    const store = createAppStore({ scenario: 'xfs-reflink-shared' });
    store.getState().loadInput(JSON.stringify({ ...builtinScenario('ext4-single-owner'), id: 'mine' }), 'mine.json');
    expect(ready(store.getState()).source).toBe('file');
    store.getState().setKernel('6.1');
    const s = store.getState();
    expect(s.loadError).toBeNull();
    expect(ready(s).sim.report.kernel).toBe('6.1');
    expect(ready(s).id).toBe('mine');
  });

  it('opens a link on its kernel, and notes an unknown one', () => {
    expect(ready(createAppStore({ scenario: 'ext4-single-owner', kernel: '6.1' }).getState()).sim.report.kernel).toBe(
      '6.1',
    );
    const good = decodePermalink('?scenario=ext4-single-owner&kernel=6.1');
    expect(good).toEqual({
      link: { scenario: 'ext4-single-owner', kernel: '6.1', step: null, selection: null },
      problems: [],
    });
    expect(encodePermalink(good.link)).toBe('?scenario=ext4-single-owner&kernel=6.1');
    const bad = decodePermalink('?kernel=2.6.32');
    expect(bad.link.kernel).toBeNull();
    expect(bad.problems[0]).toMatch(/^kernel "2\.6\.32" is not a kernel variant \(known: .*6\.12.*\)$/);
  });
});
