/**
 * Architecture guard: reads every import under src/ and fails on forbidden edges between layers.
 *
 *   src/kernel    imports only src/kernel; no npm package, no node builtin (it runs in the browser)
 *   src/pipeline  imports only src/kernel, src/pipeline and 'xstate'
 *   src/scenario  imports only src/kernel, src/scenario, 'zod' and types (`import type`) from src/pipeline/report
 *   src/cli       imports no react/d3 and nothing from src/app or src/views
 *   react, react-dom, @xstate/react and d3 are imported only by src/app, src/views and src/store/react.tsx
 *
 * Test files (*.test.ts[x]) follow the same rules but may also import test tooling (vitest, fast-check,
 * @testing-library/*, node builtins).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

interface ImportRef {
  spec: string;
  /** `import type …` / `export type … from`: erased at compile time */
  typeOnly: boolean;
  line: number;
}

/**
 * Masks comments (with spaces) and the contents of string and template literals (with underscores), keeping
 * every offset and newline, so that commented-out imports and import-like text inside strings do not count.
 */
function mask(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    const next = code[i + 1];
    if (c === '/' && (next === '/' || next === '*')) {
      const end = next === '/' ? code.indexOf('\n', i) : code.indexOf('*/', i + 2) + 2;
      const stop = end <= 1 ? code.length : end;
      out += code.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      out += c + code.slice(i + 1, Math.min(j, code.length)).replace(/[^\n]/g, '_') + (j < code.length ? c : '');
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Static imports, re-exports, side-effect imports and dynamic import('…') with a literal specifier. */
function findImports(code: string): ImportRef[] {
  const masked = mask(code);
  const lineOf = (index: number) => masked.slice(0, index).split('\n').length;
  const refs: ImportRef[] = [];
  // The specifier is the last group; it is read from the original code at the masked match's offsets.
  const patterns: [RegExp, (m: RegExpExecArray) => boolean][] = [
    [/(?<![.\w$])(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*(['"])(_+)\3/dg, (m) => m[2] !== undefined],
    [/(?<![.\w$])import\s*(['"])(_+)\1/dg, () => false],
    [/(?<![.\w$])import\s*\(\s*(['"])(_+)\1\s*[,)]/dg, () => false],
  ];
  for (const [re, typeOnly] of patterns) {
    for (let m = re.exec(masked); m; m = re.exec(masked)) {
      const [start, end] = m.indices?.[m.length - 1] ?? [0, 0];
      const spec = code.slice(start, end);
      refs.push({ spec, typeOnly: typeOnly(m), line: lineOf(m.index) });
    }
  }
  return refs.sort((a, b) => a.line - b.line);
}

/** npm package name of a bare specifier: "@scope/name/sub" → "@scope/name", "d3-scale/x" → "d3-scale". */
function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isRelative = (spec: string) => spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || isBuiltin(spec);
const isUiPackage = (pkg: string) =>
  pkg === 'react' || pkg === 'react-dom' || pkg === '@xstate/react' || pkg === 'd3' || pkg.startsWith('d3-');
const isTestTooling = (pkg: string) =>
  pkg === 'vitest' || pkg === 'fast-check' || pkg.startsWith('@testing-library/') || isNodeBuiltin(pkg);
const isTestFile = (file: string) => /\.test\.tsx?$/.test(file);

/** First folder under src/ ("kernel", "pipeline", …), or "" for files directly in src/. */
function layerOf(srcRelative: string): string {
  const parts = srcRelative.split('/');
  return parts.length > 1 ? parts[0] : '';
}

/** src-relative path without extension, e.g. "pipeline/report". */
const stem = (srcRelative: string) => srcRelative.replace(/\.(d\.ts|tsx?|mts|cts|jsx?|mjs|cjs)$/, '');

/**
 * Why the import `ref` in `file` (path relative to src/, posix) is forbidden, or null if it is allowed.
 */
function violation(file: string, ref: ImportRef): string | null {
  const from = layerOf(file);
  const { spec } = ref;

  if (!isRelative(spec)) {
    const pkg = isNodeBuiltin(spec) ? spec : packageName(spec);
    if (isUiPackage(pkg) && from !== 'app' && from !== 'views' && file !== 'store/react.tsx') {
      return `only src/app and src/views may import react/d3 ('${spec}')`;
    }
    if (isTestFile(file) && isTestTooling(pkg)) return null;
    if (from === 'kernel') return `src/kernel may import no npm package or node builtin ('${spec}')`;
    if (from === 'pipeline' && pkg !== 'xstate')
      return `src/pipeline may import only src/kernel and 'xstate' ('${spec}')`;
    if (from === 'scenario' && pkg !== 'zod')
      return `src/scenario may import only src/kernel and src/pipeline/report types ('${spec}')`;
    return null;
  }

  const target = posix.normalize(posix.join(posix.dirname(file), spec));
  // a test may read the repository's own scripts and bench inputs (e.g. the kernel-map generator it checks)
  if ((target.startsWith('../scripts/') || target.startsWith('../bench/')) && isTestFile(file)) return null;
  // the probe's C source as text: the browser's reproducer download ships the very file the CLI copies
  if (target === '../verify/probe/probe.c?raw') return null;
  if (target.startsWith('../')) return `imports '${spec}', outside src/`;
  const to = layerOf(target);
  switch (from) {
    case 'kernel':
      return to === 'kernel' ? null : `src/kernel may import only src/kernel ('${spec}' is in src/${to || '.'})`;
    case 'pipeline':
      return to === 'kernel' || to === 'pipeline'
        ? null
        : `src/pipeline may import only src/kernel and 'xstate' ('${spec}' is in src/${to || '.'})`;
    case 'scenario':
      if (to === 'kernel' || to === 'scenario') return null;
      if (stem(target) === 'pipeline/report') {
        return ref.typeOnly
          ? null
          : `src/scenario may import src/pipeline/report only with \`import type\` ('${spec}')`;
      }
      return `src/scenario may import only src/kernel and src/pipeline/report types ('${spec}' is in src/${to || '.'})`;
    case 'cli':
      return to === 'app' || to === 'views' ? `src/cli may not import src/${to} ('${spec}')` : null;
    default:
      return null;
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(tsx?|mts|cts|jsx?|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

describe('import scanner', () => {
  it('finds every import form and skips comments', () => {
    const code = [
      "import a from 'a';",
      "import type { B } from '../b';",
      'import {',
      '  c,',
      "  type C2 } from './c';",
      "export { d } from 'd';",
      "export type { E } from './e';",
      "export * from './f';",
      "import './side-effect.css';",
      "const g = await import('g');",
      "// import x from 'commented';",
      "/* import y from 'block'; */",
      "const s = 'http://example.com'; import h from 'h';",
      "obj.import('not-an-import');",
      'const t = "import z from \'z\'";',
    ].join('\n');
    expect(findImports(code).map((r) => [r.spec, r.typeOnly, r.line])).toEqual([
      ['a', false, 1],
      ['../b', true, 2],
      ['./c', false, 3],
      ['d', false, 6],
      ['./e', true, 7],
      ['./f', false, 8],
      ['./side-effect.css', false, 9],
      ['g', false, 10],
      ['h', false, 13],
    ]);
  });

  it('flags the forbidden edges and allows the permitted ones', () => {
    const ref = (spec: string, typeOnly = false): ImportRef => ({ spec, typeOnly, line: 1 });
    const forbidden: [string, ImportRef][] = [
      ['kernel/mm/memory-failure.ts', ref('../../pipeline/report', true)],
      ['kernel/mm/memory-failure.ts', ref('xstate')],
      ['kernel/mm/memory-failure.ts', ref('node:fs')],
      ['kernel/units.ts', ref('../app/App')],
      ['pipeline/machine.ts', ref('../scenario/schema')],
      ['pipeline/machine.ts', ref('zustand')],
      ['pipeline/machine.ts', ref('react')],
      ['scenario/load.ts', ref('../pipeline/report')],
      ['scenario/load.ts', ref('../pipeline/simulate', true)],
      ['scenario/load.ts', ref('../app/App')],
      ['cli/simulate.ts', ref('../app/OutcomePanel')],
      ['cli/simulate.ts', ref('../views/Timeline')],
      ['cli/simulate.ts', ref('react-dom/server')],
      ['cli/simulate.ts', ref('d3-scale')],
      ['kernel/mm/x.test.ts', ref('react')],
      ['util.ts', ref('d3')],
      ['kernel/x.ts', ref('../../outside')],
    ];
    for (const [file, r] of forbidden) expect(violation(file, r), `${file} → ${r.spec}`).not.toBeNull();

    const allowed: [string, ImportRef][] = [
      ['kernel/mm/memory-failure.ts', ref('../units')],
      ['kernel/mm/memory-failure.test.ts', ref('vitest')],
      ['kernel/mm/memory-failure.test.ts', ref('fast-check')],
      ['pipeline/machine.ts', ref('xstate')],
      ['pipeline/simulate.ts', ref('../kernel/mm/memory-failure')],
      ['scenario/load.ts', ref('../pipeline/report', true)],
      ['scenario/load.ts', ref('../pipeline/report.ts', true)],
      ['scenario/load.ts', ref('../kernel/units')],
      ['cli/simulate.ts', ref('node:fs')],
      ['cli/simulate.ts', ref('../pipeline/simulate')],
      ['cli/simulate.ts', ref('../scenario/load')],
      ['app/App.tsx', ref('react')],
      ['app/App.tsx', ref('../pipeline/simulate')],
      ['views/Timeline.tsx', ref('d3')],
      ['app/OutcomePanel.test.tsx', ref('@testing-library/react')],
    ];
    for (const [file, r] of allowed) expect(violation(file, r), `${file} → ${r.spec}`).toBeNull();
  });
});

describe('architecture', () => {
  it('src/ has no forbidden import edges', () => {
    const problems: string[] = [];
    for (const full of sourceFiles(SRC)) {
      const file = relative(SRC, full).split(sep).join('/');
      for (const ref of findImports(readFileSync(full, 'utf8'))) {
        const why = violation(file, ref);
        if (why) problems.push(`src/${file}:${ref.line}: ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('scans the source tree', () => {
    expect(sourceFiles(resolve(SRC, 'app')).length).toBeGreaterThan(0);
  });
});
