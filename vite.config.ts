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

export default defineConfig({
  // relative asset URLs: the build works served from any sub-path (GitHub Pages, a blog's folder)
  base: './',
  plugins: [react(), preloadApp()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}'], // keep Playwright's e2e/*.spec.ts out
    environment: 'node', // component files start with: // @vitest-environment happy-dom
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/unit.json' },
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
