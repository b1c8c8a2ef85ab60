import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import { createTestEngine, tempDir } from '../../../test-support/engine';
import { rawRequest } from '../../../test-support/http';
import { createManualClock } from '../clock';
import type { Engine } from '../index';
import { startEngineApi } from './index';
import type { ApiServer } from './server';

const TOKEN = 'test-admin-token-0123456789';
let engine: Engine;
let server: ApiServer;

beforeAll(async () => {
  const ui = tempDir();
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Quotedesk</title>');
  fs.writeFileSync(path.join(ui, 'app.js'), 'console.log(1)');
  engine = createTestEngine({ clock: createManualClock(Date.parse('2026-11-24T15:00:00Z')) });
  await engine.start();
  server = await startEngineApi(engine, { port: 0, staticDir: ui });
});

afterAll(async () => {
  await server.close();
  await engine.stop();
});

describe('the browser UI over HTTP', () => {
  it('is served with the one UI policy (shared/csp.ts) as its header, pages and files alike', async () => {
    const host = { host: `127.0.0.1:${server.port}` };
    for (const url of ['/', '/index.html', '/app.js']) {
      const res = await rawRequest(server.port, url, { headers: host });
      expect(res.status, url).toBe(200);
      expect(res.headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
    // The API answers data, not pages: no page policy, never cached.
    const api = await rawRequest(server.port, '/api/v1/watchlists', {
      headers: { ...host, authorization: `Bearer ${TOKEN}` },
    });
    expect(api.status).toBe(200);
    expect(api.headers['content-security-policy']).toBeUndefined();
    expect(api.headers['cache-control']).toBe('no-store');
  });
});
