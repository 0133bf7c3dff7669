import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../scenario/builtins';
import { fingerprint, lookupVerified } from './verified';

describe('verified.json lookup', () => {
  const s = builtinScenario('ext4-single-owner');
  const entry = {
    kernel: '6.12',
    release: '6.12.117+deb12-amd64',
    date: '2026-12-06T15:40:00Z',
    result: 'agree' as const,
    fingerprint: fingerprint(s),
  };
  it('finds the entry for the exact scenario and kernel', () => {
    expect(lookupVerified({ 'ext4-single-owner': { '6.12': entry } }, 'ext4-single-owner', '6.12', s)).toEqual(entry);
    expect(lookupVerified({ 'ext4-single-owner': { '6.12': entry } }, 'ext4-single-owner', '6.1', s)).toBeNull();
  });
  it('never shows an edited scenario as verified', () => {
    const edited = { ...s, title: 'edited' };
    expect(lookupVerified({ 'ext4-single-owner': { '6.12': entry } }, 'ext4-single-owner', '6.12', edited)).toBeNull();
  });
});
