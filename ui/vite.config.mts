import path from 'node:path';
import { defineConfig } from 'vite';

// The job page, built into dist/ui and served by the API at /. No CDN: everything it loads is
// in the bundle, so it works offline.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(import.meta.dirname, '..', 'dist', 'ui'),
    emptyOutDir: true,
    // Small enough to read in a review of the built files.
    sourcemap: true,
  },
});
