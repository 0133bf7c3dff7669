import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNEL_MAP, kernelMapText } from '../scripts/kernel-map';

describe('docs/kernel-map.md', () => {
  it('is what the machine definitions generate (npm run docs:kernel-map)', () => {
    expect(readFileSync(KERNEL_MAP, 'utf8')).toBe(kernelMapText());
  });
});
