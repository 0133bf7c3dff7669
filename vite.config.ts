import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // relative asset URLs: the build works served from any sub-path (GitHub Pages, a blog's folder)
  base: './',
  plugins: [react()],
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
