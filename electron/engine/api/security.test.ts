// Security probes of the local API: Host, Origin, tokens and scopes, rotation, rate limit, slowloris.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../test-support/engine';
import { rawRequest } from '../../../test-support/http';
import { generateToken } from '../config';
import type { Engine } from '../index';
import { createRecordingLogger } from '../logger';
import { createMemorySettingsStore } from '../settings-store';
import { startEngineApi } from './index';
import { createRateLimiter, parseRateLimit } from './rate-limit';
import { generateReadToken, MIN_TOKEN_BITS, tokenStrengthBits } from './security';
import type { ApiServer } from './server';

const TOKEN = 'test-admin-token-0123456789';

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Infinity;
}

/** Sequential requests on one keep-alive connection for `ms`; returns each latency in ms. */
async function measure(port: number, ms: number): Promise<{ latencies: number[]; failures: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let failures = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t0 = process.hrtime.bigint();
    const status = await new Promise<number>((resolve) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/tickers/AAPL/price',
          agent,
          headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
    });
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (status !== 200) failures++;
  }
  agent.destroy();
  return { latencies, failures };
}

/** A socket that sends a request line and then one header line every 500 ms, never finishing. */
function slowSocket(port: number): { socket: net.Socket; closed: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (answer += d));
  socket.on('error', () => undefined);
  socket.on('connect', () => {
    socket.write(`GET /api/v1/tickers/AAPL/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    const drip = setInterval(() => {
      if (socket.destroyed) clearInterval(drip);
      else socket.write('X-Slow: 1\r\n');
    }, 500);
    socket.on('close', () => clearInterval(drip));
  });
  return { socket, closed: new Promise((resolve) => socket.on('close', () => resolve(answer))) };
}

describe('slowloris', () => {
  let engine: Engine;
  let server: ApiServer;

  beforeAll(async () => {
    // The measuring client sends thousands of requests: no rate limit here.
    engine = createTestEngine({ env: { QUOTEDESK_API_RATE_LIMIT: 'off' } });
    await engine.start();
    await engine.api.getQuote({ symbol: 'AAPL' });
    server = await startEngineApi(engine, { port: 0, limits: { headersTimeoutMs: 3000, requestTimeoutMs: 4000 } });
  });
  afterAll(async () => {
    await server.close();
    await engine.stop();
  });

  it('200 slow sockets do not slow a normal client (p99 < 50 ms) and are cut off at the header timeout', async () => {
    const slow = Array.from({ length: 200 }, () => slowSocket(server.port));
    const deadline = Date.now() + 5000;
    while (server.connections.open() < 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.connections.open()).toBeGreaterThanOrEqual(200);

    const { latencies, failures } = await measure(server.port, 1500);
    expect(failures).toBe(0);
    expect(latencies.length).toBeGreaterThan(100);
    expect(p99(latencies)).toBeLessThan(50);

    // Every slow socket is answered 408 and closed once its headers took longer than allowed.
    const answers = await Promise.all(slow.map((s) => s.closed));
    expect(answers.every((a) => a.startsWith('HTTP/1.1 408'))).toBe(true);
  });
});

describe('connection cap', () => {
  let engine: Engine;
  let server: ApiServer;

  beforeAll(async () => {
    engine = createTestEngine({ env: { QUOTEDESK_API_RATE_LIMIT: 'off' } });
    await engine.start();
    await engine.api.getQuote({ symbol: 'AAPL' });
    server = await startEngineApi(engine, { port: 0, limits: { maxConnections: 50 } });
  });
  afterAll(async () => {
    await server.close();
    await engine.stop();
  });

  it('makes room for real clients by closing half-sent requests, oldest first', async () => {
    const slow = Array.from({ length: 200 }, () => slowSocket(server.port));
    await new Promise((r) => setTimeout(r, 300));
    expect(server.connections.open()).toBeLessThanOrEqual(50);
    const { latencies, failures } = await measure(server.port, 1000);
    expect(failures).toBe(0);
    expect(p99(latencies)).toBeLessThan(50);
    for (const s of slow) s.socket.destroy();
    const metrics = await rawRequest(server.port, '/metrics', {
      headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${TOKEN}` },
    });
    expect(metrics.body).toMatch(/quotedesk_http_refused_total\{reason="evicted"\} (1[5-9]\d|2\d\d)/);
  });
});

describe('tokens, scopes and the rate limit', () => {
  let engine: Engine;
  let server: ApiServer;
  let port: number;
  const settings = createMemorySettingsStore();
  const host = () => ({ host: `127.0.0.1:${port}` });
  const get = (path: string, token?: string, extra: Record<string, string> = {}) =>
    rawRequest(port, path, {
      headers: { ...host(), ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra },
    });
  let admin: string;

  beforeAll(async () => {
    // The admin token lives in settings (no environment token), so it can be rotated.
    engine = createTestEngine({
      settings,
      env: { QUOTEDESK_API_TOKEN: undefined, QUOTEDESK_API_RATE_LIMIT: '5/s,10' },
    });
    await engine.start();
    server = await startEngineApi(engine, { port: 0 });
    port = server.port;
    admin = engine.config.adminToken;
  });
  afterAll(async () => {
    await server.close();
    await engine.stop();
  });

  it('generates tokens of at least 128 bits and refuses to count weak ones as strong', () => {
    expect(tokenStrengthBits(generateToken())).toBeGreaterThanOrEqual(MIN_TOKEN_BITS);
    expect(tokenStrengthBits(generateReadToken())).toBeGreaterThanOrEqual(MIN_TOKEN_BITS);
    expect(tokenStrengthBits(admin)).toBeGreaterThanOrEqual(MIN_TOKEN_BITS);
    for (const weak of ['password123', 'a'.repeat(64), '0123456789abcdef0123456789abcd', 'correcthorse']) {
      expect(tokenStrengthBits(weak), weak).toBeLessThan(MIN_TOKEN_BITS);
    }
    expect(tokenStrengthBits('0123456789abcdef0123456789abcdef')).toBe(128);
  });

  it('warns about a weak environment token but uses it; replaces a weak stored one', async () => {
    const logger = createRecordingLogger();
    const weakEnv = createTestEngine({ env: { QUOTEDESK_API_TOKEN: 'short' }, logger });
    expect(weakEnv.config.adminToken).toBe('short');
    expect(logger.records.some((r) => r.level === 'warn' && /weaker than 128 bits/.test(r.msg))).toBe(true);
    await weakEnv.stop();

    const stored = createMemorySettingsStore({ api: { token: 'letmein', enabled: true, port: 7717, readTokens: [] } });
    const replaced = createTestEngine({ settings: stored, env: { QUOTEDESK_API_TOKEN: undefined } });
    expect(replaced.config.adminToken).not.toBe('letmein');
    expect(tokenStrengthBits(replaced.config.adminToken)).toBeGreaterThanOrEqual(MIN_TOKEN_BITS);
    expect(stored.get().api.token).toBe(replaced.config.adminToken);
    await replaced.stop();
  });

  it('refuses wrong Hosts and foreign Origins before anything else, on every path', async () => {
    for (const bad of [
      'localhost',
      `127.0.0.1.nip.io:${port}`,
      `evil.example:${port}`,
      `127.0.0.2:${port}`,
      `0.0.0.0:${port}`,
      `127.0.0.1:${port + 1}`,
    ]) {
      for (const path of ['/api/v1/tickers/AAPL/live', '/healthz', '/metrics', '/']) {
        const res = await get(path, admin, { host: bad });
        expect(res.status, `${bad} ${path}`).toBe(403);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    for (const good of [`localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await get('/healthz', undefined, { host: good })).status, good).toBe(200);
    }
    for (const origin of [
      'null',
      'https://evil.example',
      `http://127.0.0.1:${port + 1}`,
      `https://127.0.0.1:${port}`,
    ]) {
      expect((await get('/api/v1/tickers/AAPL/live', admin, { origin })).status, origin).toBe(403);
    }
    expect((await get('/api/v1/tickers/AAPL/live', admin, { origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('refuses a missing, wrong or differently cased token; a read token may read but not write', async () => {
    expect((await get('/api/v1/tickers/AAPL/live')).status).toBe(401);
    expect((await get('/api/v1/tickers/AAPL/live', 'nope')).status).toBe(401);
    expect((await get('/api/v1/tickers/AAPL/live', admin.toUpperCase())).status).toBe(401);
    expect((await get('/api/v1/tickers/AAPL/live', admin.toLowerCase())).status).toBe(401);
    expect((await get('/api/v1/tickers/AAPL/live', `${admin} `)).status).toBe(200);
    expect((await get('/api/v1/tickers/AAPL/live', undefined, { authorization: `Basic ${admin}` })).status).toBe(401);

    const created = await engine.api.createReadToken({ label: 'sheet' });
    expect(created.token.startsWith('qdr_')).toBe(true);
    // Only a hash is stored.
    expect(JSON.stringify(settings.get())).not.toContain(created.token);
    expect((await get('/api/v1/tickers/AAPL/live', created.token)).status).toBe(200);
    expect((await get('/api/v1/market-data/stream?symbols=x$', created.token)).status).toBe(400);
    const write = await rawRequest(port, '/api/v1/watchlists', {
      method: 'POST',
      headers: { ...host(), authorization: `Bearer ${created.token}`, 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(write.status).toBe(403);
    expect(JSON.parse(write.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect((await get('/api/v1/portfolios', created.token)).status).toBe(403);
    expect((await get('/api/v1/settings/api/admin-token', created.token)).status).toBe(403);
    const listed = await engine.api.listReadTokens({});
    expect(listed.find((t) => t.id === created.id)?.lastUsedAt).not.toBeNull();

    await engine.api.revokeReadToken({ id: created.id });
    expect((await get('/api/v1/tickers/AAPL/live', created.token)).status).toBe(401);
  });

  it('rotates the admin token: the old one stops at once, a browser session moves to the new one', async () => {
    const login = await get(`/?token=${encodeURIComponent(admin)}`);
    expect(login.status).toBe(302);
    const setCookie = login.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0] ?? '';

    const rotated = await rawRequest(port, '/api/v1/settings/api/admin-token/rotate', {
      method: 'POST',
      headers: { ...host(), cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(rotated.status).toBe(200);
    const next = (JSON.parse(rotated.body) as { token: string }).token;
    expect(next).not.toBe(admin);
    expect(tokenStrengthBits(next)).toBeGreaterThanOrEqual(MIN_TOKEN_BITS);
    expect((await get('/api/v1/tickers/AAPL/live', admin)).status).toBe(401);
    expect((await get('/api/v1/tickers/AAPL/live', undefined, { cookie })).status).toBe(401);
    const newCookie = rotated.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    expect((await get('/api/v1/tickers/AAPL/live', undefined, { cookie: newCookie })).status).toBe(200);
    expect(settings.get().api.token).toBe(next);
    admin = next;
  });

  it('limits each token separately with 429 and Retry-After', async () => {
    // A fresh read token has its whole burst (10) to spend.
    const reader = (await engine.api.createReadToken({ label: 'loop' })).token;
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof get>> | undefined;
    for (let i = 0; i < 15; i++) {
      const res = await get('/api/v1/tickers/AAPL/price', reader);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses).toContain(429);
    expect(limited?.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(JSON.parse(limited?.body ?? '{}')).toMatchObject({ error: { code: 'rate_limited', retryAfter: 1 } });
    // Another token has its own budget; the limited one gets through again after Retry-After.
    expect((await get('/api/v1/tickers/AAPL/price', admin)).status).toBe(200);
    await new Promise((r) => setTimeout(r, Number(limited?.headers['retry-after'] ?? 1) * 1000 + 50));
    expect((await get('/api/v1/tickers/AAPL/price', reader)).status).toBe(200);
  });
});

describe('guessing tokens', () => {
  it('slows a flood of wrong tokens to 429 while a valid token keeps working', async () => {
    const engine = createTestEngine();
    await engine.start();
    const server = await startEngineApi(engine, { port: 0 });
    const headers = (token: string) => ({ host: `127.0.0.1:${server.port}`, authorization: `Bearer ${token}` });
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const res = await rawRequest(server.port, '/api/v1/tickers/AAPL/price', { headers: headers(`guess-${i}`) });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect(statuses.get(401)).toBeGreaterThanOrEqual(500);
    expect(statuses.get(429)).toBeGreaterThan(0);
    expect((await rawRequest(server.port, '/api/v1/tickers/AAPL/price', { headers: headers(TOKEN) })).status).toBe(200);
    await server.close();
    await engine.stop();
  });
});

describe('rate limit arithmetic', () => {
  it('parses plans and refills at the sustained rate', () => {
    expect(parseRateLimit('200/s')).toEqual({ perSecond: 200, burst: 5000 });
    expect(parseRateLimit('5/s,10')).toEqual({ perSecond: 5, burst: 10 });
    expect(parseRateLimit('off')).toBeNull();
    expect(() => parseRateLimit('lots')).toThrow(/200\/s/);
    const limiter = createRateLimiter({ perSecond: 2, burst: 2 });
    expect(limiter.take('a', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 0)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(limiter.take('b', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 500)).toEqual({ ok: true });
  });
});
