/**
 * Writes docs/kernel-map.md from the machine definitions (`npm run docs:kernel-map`), or with --check
 * exits 1 when the committed file is stale. The index of where each kernel op is defined is read from
 * src/kernel, so the "implemented in" column cannot drift.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderKernelMap } from '../src/pipeline/kernelMap';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const KERNEL_MAP = join(ROOT, 'docs', 'kernel-map.md');

/** op name → the file under src/kernel that exports it */
export function implIndex(): Map<string, string> {
  const index = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
        for (const m of readFileSync(p, 'utf8').matchAll(/^export (?:const|function) (\w+)/gm))
          index.set(m[1], relative(ROOT, p));
    }
  };
  walk(join(ROOT, 'src', 'kernel'));
  return index;
}

export const kernelMapText = (): string => `${renderKernelMap(implIndex())}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = kernelMapText();
  if (process.argv.includes('--check')) {
    if (readFileSync(KERNEL_MAP, 'utf8') !== text) {
      console.error('docs/kernel-map.md is stale: run npm run docs:kernel-map');
      process.exit(1);
    }
  } else writeFileSync(KERNEL_MAP, text);
}
