import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { simulateScenario } from './simulate';

function runOk(input: unknown) {
  const r = simulateScenario(input);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return r;
}

describe('report.processes: each process with its mappings and their addresses', () => {
  it('names every process and mapping with the VMA range do_mmap() placed, so each si_addr falls in one', () => {
    const r = runOk(builtinScenario('xfs-reflink-shared'));
    const { processes, events } = r.sim.report;
    expect(processes.map((p) => p.name)).toEqual(['Q', 'R', 'P']);
    for (const p of processes) {
      expect(p.pid).toBe(r.built.pids.get(p.name));
      for (const m of p.mappings) {
        const vma = r.built.vmas.get(`${p.name}/${m.name}`);
        expect(vma).toBeDefined();
        expect(BigInt(m.start)).toBe(BigInt(vma?.vm_start ?? -1));
        expect(BigInt(m.end)).toBe(BigInt(vma?.vm_end ?? -1));
      }
    }
    expect(processes.find((p) => p.name === 'Q')?.mappings[0].file).toBe('/mnt/B');
    // every signal's si_addr lies inside a mapping of the process it went to
    const signals = events.flatMap((e) => e.signals);
    expect(signals.length).toBeGreaterThan(0);
    for (const s of signals) {
      const p = processes.find((x) => x.pid === s.pid);
      const hit = p?.mappings.find((m) => BigInt(s.addr) >= BigInt(m.start) && BigInt(s.addr) < BigInt(m.end));
      expect(hit, `${s.pid} ${s.addr}`).toBeDefined();
    }
  });

  it('a devdax mapping names its device and its offset', () => {
    const r = runOk({
      format: 1,
      id: 'devdax-report',
      namespaces: [{ name: 'dax0.0', mode: 'devdax', size: '64MiB', align: '2MiB' }],
      processes: [
        {
          name: 'D',
          mappings: [{ name: 'd', device: 'dax0.0', offset: '2MiB', length: '4MiB' }],
          touch: [{ offset: 0 }],
        },
      ],
      events: [{ kind: 'mce', process: 'D', mapping: 'd', offset: '0x1000', ripv: false }],
    });
    const [d] = r.sim.report.processes;
    expect(d.mappings).toEqual([expect.objectContaining({ name: 'd', device: 'dax0.0', offset: '0x200000' })]);
    expect(BigInt(d.mappings[0].end) - BigInt(d.mappings[0].start)).toBe(4n * 2n ** 20n);
  });
});
