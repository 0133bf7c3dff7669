import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * src/app/boot.ts imports the app (main.tsx) only after the static shell's first frame; this preloads the
 * app's chunk from index.html, so it is fetched and compiled meanwhile rather than after that frame.
 */
function preloadApp(): Plugin {
  return {
    name: 'preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {});
        const app = chunks.find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/app/main.tsx'));
        if (!app) throw new Error('preload-app: no chunk for src/app/main.tsx');
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: '', href: `./${app.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}

/**
 * codemirror-json-schema brings more than the JSON editor uses: its markdown (hovers, completions, lint
 * messages) starts a shiki highlighter at import (shiki core, a JavaScript grammar, two themes), and its
 * parser switch imports the JSON5 and YAML parsers (the yaml and json5 packages, @codemirror/lang-yaml).
 * Those two modules of the package are swapped for src/views/editor/schemaMarkdown.ts (the same markdown-it
 * renderer, no highlighter) and schemaParsers.ts (JSON only). Only imports from inside the package are
 * redirected. vite build: the EditorPanel chunk went from 863 kB (285 kB gzip) to 620 kB (209 kB gzip).
 */
function lightJsonSchemaEditor(): Plugin {
  const local = (file: string) => fileURLToPath(new URL(`./src/views/editor/${file}`, import.meta.url));
  const swaps: [RegExp, string][] = [
    [/^\.\.\/utils\/markdown(\.js)?$/, local('schemaMarkdown.ts')],
    [/^\.\.\/parsers(\/index(\.js)?)?$/, local('schemaParsers.ts')],
  ];
  return {
    name: 'light-json-schema-editor',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer?.includes('/codemirror-json-schema/dist/features/')) return null;
      return swaps.find(([re]) => re.test(source))?.[1] ?? null;
    },
  };
}

export default defineConfig({
  // relative asset URLs: the build works served from any sub-path (GitHub Pages, a blog's folder)
  base: './',
  plugins: [react(), preloadApp(), lightJsonSchemaEditor()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}'], // keep Playwright's e2e/*.spec.ts out
    environment: 'node', // component files start with: // @vitest-environment happy-dom
    // a bound, not a measure: some tests build whole scenarios and took 5.1 s on a 2-core machine at load 20
    testTimeout: 20_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
