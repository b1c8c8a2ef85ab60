import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const OUT = path.resolve(import.meta.dirname, '..', 'out');

// `npm test` builds before the unit tests; these check what electron-vite produced.
describe.runIf(fs.existsSync(OUT))('build output', () => {
  it('has the main, headless, preload and renderer bundles', () => {
    for (const f of ['main/index.js', 'main/headless.js', 'preload/index.cjs', 'renderer/index.html']) {
      expect(fs.existsSync(path.join(OUT, f)), f).toBe(true);
    }
  });

  it('builds the preload as CommonJS that requires nothing but electron (a sandboxed preload)', () => {
    const preload = fs.readFileSync(path.join(OUT, 'preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('keeps Node APIs out of the renderer bundle', () => {
    const assets = path.join(OUT, 'renderer', 'assets');
    for (const f of fs.readdirSync(assets).filter((n) => n.endsWith('.js'))) {
      const js = fs.readFileSync(path.join(assets, f), 'utf8');
      expect(js, f).not.toMatch(/require\(["'](node:)?(fs|child_process|path|os|electron)["']\)/);
      expect(js, f).not.toMatch(/from ?["'](node:)?(fs|child_process|electron)["']/);
    }
  });
});
