import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { META_CONTENT_SECURITY_POLICY } from '../shared/csp';

const OUT = path.resolve(import.meta.dirname, '..', 'out');

function rendererScripts(): [string, string][] {
  const assets = path.join(OUT, 'renderer', 'assets');
  return fs
    .readdirSync(assets)
    .filter((n) => n.endsWith('.js'))
    .map((f) => [f, fs.readFileSync(path.join(assets, f), 'utf8')]);
}

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

  it('exposes exactly two bridges from the preload, never ipcRenderer itself', () => {
    const preload = fs.readFileSync(path.join(OUT, 'preload', 'index.cjs'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(2);
    expect(preload).not.toMatch(/exposeInMainWorld\([^,]+,\s*(electron\.)?ipcRenderer\b/);
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync|postMessage)\(/);
  });

  it('keeps Node APIs out of the renderer bundle', () => {
    for (const [f, js] of rendererScripts()) {
      expect(js, f).not.toMatch(/require\(["'](node:)?(fs|child_process|path|os|electron)["']\)/);
      expect(js, f).not.toMatch(/from ?["'](node:)?(fs|child_process|electron)["']/);
      expect(js, f).not.toMatch(/\bipcRenderer\b|\bprocess\.binding\b|\bchild_process\b/);
      expect(js, f).not.toMatch(/\bimport\(["']node:/);
    }
  });

  it('ships the renderer page with the CSP the shell also sends as a header', () => {
    const html = fs.readFileSync(path.join(OUT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    // Written by the build from shared/csp.ts, the policy both servers send as a header.
    expect(meta).toBe(META_CONTENT_SECURITY_POLICY);
    // No inline script: everything the page runs comes from a file under 'self'.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});
