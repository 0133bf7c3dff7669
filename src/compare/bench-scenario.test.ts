/** The shipped 1M-owner scenario file (bench/) is the one bench A builds in code. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { scenarioFileText } from '../../bench/reflink-million.scenario';

it('bench/reflink-million.scenario.json is up to date (npx tsx bench/reflink-million.scenario.ts rewrites it)', () => {
  const shipped = readFileSync(new URL('../../bench/reflink-million.scenario.json', import.meta.url), 'utf8');
  expect(shipped === scenarioFileText()).toBe(true);
});
