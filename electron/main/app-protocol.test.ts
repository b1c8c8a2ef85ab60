import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/engine';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { APP_ENTRY_URL, APP_ORIGIN, createAppProtocolHandler, resolveAppPath } from './app-protocol';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function rendererDir(): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Quotedesk</title>');
  fs.writeFileSync(path.join(dir, 'renderer', 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'renderer', 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  return path.join(dir, 'renderer');
}

describe('app:// protocol', () => {
  const root = rendererDir();
  const handle = createAppProtocolHandler(root);

  it('serves the renderer with its type, the CSP and nosniff', async () => {
    const page = await handle(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Quotedesk</title>');
    const root = await handle(new Request(`${APP_ORIGIN}/`));
    expect(await root.text()).toContain('<title>Quotedesk</title>');
    const js = await handle(new Request(`${APP_ORIGIN}/assets/index-abc.js`));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const css = await handle(new Request(`${APP_ORIGIN}/assets/index-abc.css?v=1#x`));
    expect([css.status, css.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('answers nothing outside the renderer folder, however the path is spelled', async () => {
    for (const url of [
      `${APP_ORIGIN}/../secret.txt`,
      `${APP_ORIGIN}/%2e%2e/secret.txt`,
      `${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`,
      `${APP_ORIGIN}/..%5csecret.txt`,
      `${APP_ORIGIN}/index.html%00.js`,
      `${APP_ORIGIN}/%E0%A4%A`,
      'app://elsewhere/index.html',
      `${APP_ORIGIN}/assets`,
      `${APP_ORIGIN}/missing.js`,
    ]) {
      const res = await handle(new Request(url));
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('outside the renderer');
    }
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeUndefined();
  });

  it('refuses writes', async () => {
    const res = await handle(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const res = await handle(new Request(APP_ENTRY_URL, { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('content security policy', () => {
  it('has one source: the page carries no policy of its own (the build writes it from shared/csp.ts)', () => {
    const html = fs.readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    expect(html).not.toMatch(/Content-Security-Policy/i);
  });

  it('is on every reply, errors included', async () => {
    const handle = createAppProtocolHandler(rendererDir());
    for (const url of [APP_ENTRY_URL, `${APP_ORIGIN}/assets/index-abc.js`, `${APP_ORIGIN}/nope.js`]) {
      const res = await handle(new Request(url));
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});
