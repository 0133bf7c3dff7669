import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNEL_STATES, memoryFailureMachine } from './machine';

describe('the pipeline machine', () => {
  it('names a kernel function and file in every state that runs a step', () => {
    const states = memoryFailureMachine.root.states;
    for (const [fn, spec] of Object.entries(KERNEL_STATES)) {
      expect(states[fn], fn).toBeDefined();
      expect(states[fn].meta).toEqual({ kernel: { fn, file: spec.file }, group: spec.group });
      expect(spec.file).toMatch(/^(mm|fs|drivers|arch|kernel|include)\//);
    }
  });

  it('only branches to states that exist', () => {
    const names = new Set(Object.keys(memoryFailureMachine.root.states));
    for (const [fn, spec] of Object.entries(KERNEL_STATES))
      for (const [branch, to] of Object.entries(spec.next))
        expect(names.has(to), `${fn} --${branch}--> ${to}`).toBe(true);
  });

  it('is documented state by state in docs/kernel-map.md', () => {
    const doc = readFileSync(new URL('../../docs/kernel-map.md', import.meta.url), 'utf8');
    for (const [fn, spec] of Object.entries(KERNEL_STATES)) {
      expect(doc, fn).toContain(`\`${fn}()\``);
      expect(doc, fn).toContain(`\`${spec.file}\``);
    }
  });
});
