// Builds the three Electron bundles (main + headless server, sandboxed CJS preload, renderer).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './shared/csp';

/** Writes the one CSP (shared/csp.ts) into the page's <meta>, right after the charset, so the
 *  header and the page never differ. A page without the charset line fails the build rather than
 *  ship without a policy. */
function cspMeta(): Plugin {
  const charset = '<meta charset="UTF-8" />';
  return {
    name: 'quotedesk-csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!html.includes(charset)) throw new Error(`renderer/index.html: no ${charset} to put the CSP after`);
        return html.replace(
          charset,
          `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`,
        );
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          headless: resolve(import.meta.dirname, 'electron/headless/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): bundle everything else, as CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react(), cspMeta()],
    build: {
      // Minified: a third of the bytes to parse at start, and no library comments in the bundle
      // (one of recharts' dependencies documents `import('node:vm')`, which the build-output test rejects).
      minify: true,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
      },
    },
  },
});
