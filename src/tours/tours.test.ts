import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../scenario/builtins';
import { simulateBuiltin } from '../session/simulate';
import { linkedIds } from '../store/links';
import { loadTour, resolveStops, TOUR_IDS, TourSchema } from './tour';

const DIR = dirname(fileURLToPath(import.meta.url));

describe('guided tours', () => {
  it('every built-in has a tour, and every tour file is a built-in', () => {
    expect([...TOUR_IDS].sort()).toEqual(BUILTIN_SCENARIOS.map((s) => s.id).sort());
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(BUILTIN_SCENARIOS.length);
  });

  for (const b of BUILTIN_SCENARIOS)
    it(`${b.id}: every stop's step and selection exist in the run`, async () => {
      const tour = await loadTour(b.id);
      expect(tour?.scenario).toBe(b.id);
      const sim = simulateBuiltin(b.id);
      const steps = sim.rt.steps;
      const r = resolveStops(tour as NonNullable<typeof tour>, steps);
      expect(r.ok ? '' : r.problem).toBe('');
      if (!r.ok) return;
      // cursors only move forward: the text and the views stay in step
      for (let i = 1; i < r.stops.length; i++) expect(r.stops[i].cursor).toBeGreaterThanOrEqual(r.stops[i - 1].cursor);
      const k = sim.rt.k;
      const known = new Set(steps.flatMap((s) => s.touched));
      for (const t of k.tasks) known.add(`task:${t.pid}`);
      for (const s of tour?.stops ?? []) {
        if (!s.select) continue;
        expect(known.has(s.select), `${b.id}: ${s.select} is not an object of the run`).toBe(true);
        // the selection is something the kernel can link (it names real objects)
        expect(linkedIds(k, s.select).size).toBeGreaterThan(0);
      }
    });

  it('a tour that names a step the run does not have is reported, not shown', () => {
    const bad = TourSchema.parse({ scenario: 'x', title: 't', stops: [{ step: 'nope#1', select: null, text: 'a' }] });
    expect(resolveStops(bad, [{ id: 'memory_failure#1' }])).toEqual({
      ok: false,
      problem: 'stop 1: no step nope#1 in the run',
    });
    expect(() =>
      TourSchema.parse({ scenario: 'x', title: 't', stops: [{ step: 'bad id', select: null, text: 'a' }] }),
    ).toThrow();
  });

  it('tour files are plain data', () => {
    for (const f of readdirSync(DIR).filter((x) => x.endsWith('.json')))
      expect(() => TourSchema.parse(JSON.parse(readFileSync(join(DIR, f), 'utf8'))), f).not.toThrow();
  });
});
