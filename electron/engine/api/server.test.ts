import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteSchema } from '../../../shared/quote';
import { watchlistSchema } from '../../../shared/contract';
import { createTestEngine } from '../../../test-support/engine';
import { collectSse, rawRequest } from '../../../test-support/http';
import type { Engine } from '../index';
import { startEngineApi } from './index';
import type { ApiServer } from './server';

const TOKEN = 'test-admin-token-0123456789';
let engine: Engine;
let server: ApiServer;
let port: number;
const json = (body: string) => JSON.parse(body) as { error: { code: string }; symbols: string[] };
const auth = () => ({ host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}` });

beforeAll(async () => {
  engine = createTestEngine({ refreshIntervalMs: 100 });
  await engine.start();
  server = await startEngineApi(engine, { port: 0 });
  port = server.port;
});

afterAll(async () => {
  await server.close();
  await engine.stop();
});

describe('local API on loopback', () => {
  it('answers /healthz without a token once the engine runs', async () => {
    const res = await rawRequest(port, '/healthz', { headers: { host: `127.0.0.1:${port}` } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('serves a live quote whose shape matches the contract', async () => {
    const res = await rawRequest(port, '/api/v1/tickers/AAPL/live', { headers: auth() });
    expect(res.status).toBe(200);
    const quote = quoteSchema.parse(JSON.parse(res.body));
    expect(quote).toMatchObject({ symbol: 'AAPL', name: 'Apple Inc.', exchange: 'NASDAQ', source: 'simulated' });
    expect(quote.price).toBeGreaterThan(0);
    expect(quote.marketCap).toBeGreaterThan(1e12);
  });

  it('accepts lower-case symbols and the token in the query string', async () => {
    const res = await rawRequest(port, `/api/v1/tickers/msft/price?token=${TOKEN}`, {
      headers: { host: `localhost:${port}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(Number(res.body)).toBeGreaterThan(0);
  });

  it('refuses requests without a token, with a wrong token, or with the token in another case', async () => {
    const none = await rawRequest(port, '/api/v1/tickers/AAPL/live', { headers: { host: `127.0.0.1:${port}` } });
    expect(none.status).toBe(401);
    expect(json(none.body).error.code).toBe('unauthorized');
    const wrong = await rawRequest(port, '/api/v1/tickers/AAPL/live', {
      headers: { host: `127.0.0.1:${port}`, authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const upper = await rawRequest(port, '/api/v1/tickers/AAPL/live', {
      headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN.toUpperCase()}` },
    });
    expect(upper.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) before routing, even for /healthz', async () => {
    for (const path of ['/api/v1/tickers/AAPL/live', '/healthz', '/nope']) {
      const res = await rawRequest(port, path, { headers: { ...auth(), host: 'evil.example' } });
      expect(res.status).toBe(403);
      expect(json(res.body).error.code).toBe('forbidden');
    }
    const otherPort = await rawRequest(port, '/healthz', { headers: { host: `127.0.0.1:${port + 1}` } });
    expect(otherPort.status).toBe(403);
  });

  it('refuses a foreign Origin and sends no CORS headers', async () => {
    const res = await rawRequest(port, '/api/v1/tickers/AAPL/live', {
      headers: { ...auth(), origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    const ok = await rawRequest(port, '/api/v1/tickers/AAPL/live', {
      headers: { ...auth(), origin: `http://127.0.0.1:${port}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 404 for an unknown symbol and 400 for a malformed one', async () => {
    const unknown = await rawRequest(port, '/api/v1/tickers/ZZZZZZ/live', { headers: auth() });
    expect(unknown.status).toBe(404);
    expect(json(unknown.body).error.code).toBe('not_found');
    const bad = await rawRequest(port, '/api/v1/tickers/a$b/live', { headers: auth() });
    expect(bad.status).toBe(400);
    expect(json(bad.body).error.code).toBe('bad_request');
  });

  it('lists quotes sorted and paged, as JSON and as CSV', async () => {
    const res = await rawRequest(port, '/api/v1/market/live?symbols=AAPL,MSFT,NVDA&sort=symbol&order=desc', {
      headers: auth(),
    });
    expect(res.status).toBe(200);
    const page = JSON.parse(res.body) as { items: { symbol: string }[]; total: number };
    expect(page.items.map((q) => q.symbol)).toEqual(['NVDA', 'MSFT', 'AAPL']);
    expect(page.total).toBe(3);
    const csv = await rawRequest(port, '/api/v1/market/live?symbols=AAPL,MSFT&format=csv', { headers: auth() });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]?.startsWith('symbol,name,exchange,price,change,changePercent,')).toBe(true);
    expect(lines).toHaveLength(3);
    const viaAccept = await rawRequest(port, '/api/v1/market/live?symbols=AAPL', {
      headers: { ...auth(), accept: 'text/csv' },
    });
    expect(viaAccept.body.startsWith('symbol,')).toBe(true);
  });

  it('serves intraday history and refuses an inverted range', async () => {
    await rawRequest(port, '/api/v1/tickers/AAPL/live', { headers: auth() });
    const res = await rawRequest(port, '/api/v1/market-data/prices/AAPL', { headers: auth() });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { symbol: string; points: { t: string; price: number }[] };
    expect(body.symbol).toBe('AAPL');
    expect(body.points.length).toBeGreaterThanOrEqual(1);
    expect(body.points[0]?.price).toBeGreaterThan(0);
    const inverted = await rawRequest(
      port,
      '/api/v1/market-data/prices/AAPL?from=2026-11-23T12:00:00Z&to=2026-11-23T11:00:00Z',
      { headers: auth() },
    );
    expect(inverted.status).toBe(400);
  });

  it('creates, reads, updates and deletes watchlists, in order', async () => {
    const created = await rawRequest(port, '/api/v1/watchlists', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Tech', symbols: ['msft', 'AAPL'] }),
    });
    expect(created.status).toBe(201);
    const w = watchlistSchema.parse(JSON.parse(created.body));
    expect(w.symbols).toEqual(['MSFT', 'AAPL']);
    const updated = await rawRequest(port, `/api/v1/watchlists/${w.id}`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ symbols: ['AAPL', 'NVDA', 'MSFT'] }),
    });
    expect(json(updated.body).symbols).toEqual(['AAPL', 'NVDA', 'MSFT']);
    const unknown = await rawRequest(port, `/api/v1/watchlists/${w.id}`, {
      method: 'PUT',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ symbols: ['NOTREAL'] }),
    });
    expect(unknown.status).toBe(400);
    const del = await rawRequest(port, `/api/v1/watchlists/${w.id}`, { method: 'DELETE', headers: auth() });
    expect(del.status).toBe(204);
    const gone = await rawRequest(port, `/api/v1/watchlists/${w.id}`, { headers: auth() });
    expect(gone.status).toBe(404);
  });

  it('refuses a write sent as a form or plain text (no CSRF through simple requests)', async () => {
    const res = await rawRequest(port, '/api/v1/watchlists', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(res.status).toBe(415);
  });

  it('streams batched quote events with ids over SSE', async () => {
    const { status, events } = await collectSse(
      port,
      `/api/v1/market-data/stream?symbols=AAPL,MSFT&token=${TOKEN}`,
      (evs) => evs.filter((e) => e.event === 'quote').length >= 3,
      { headers: { host: `127.0.0.1:${port}` }, timeoutMs: 8000 },
    );
    expect(status).toBe(200);
    const quoteEvents = events.filter((e) => e.event === 'quote');
    expect(quoteEvents.length).toBeGreaterThanOrEqual(3);
    for (const e of quoteEvents) {
      expect(e.id).toMatch(/^[0-9a-z]+-\d+$/);
      const batch = quoteSchema.array().parse(JSON.parse(e.data));
      expect(batch.every((q) => q.symbol === 'AAPL' || q.symbol === 'MSFT')).toBe(true);
    }
    expect(events.some((e) => e.event === 'status')).toBe(true);
  });

  it('refuses to bind anything but loopback', async () => {
    const { startApiServer } = await import('./server');
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost']) {
      await expect(
        startApiServer({
          handlers: engine.api,
          events: engine.events,
          clock: engine.clock,
          logger: engine.logger,
          state: engine.localApi,
          metrics: engine.metrics,
          port: 0,
          host,
          isReady: () => true,
          snapshot: () => [],
          status: () => engine.status(),
        }),
      ).rejects.toThrow(/loopback only/);
    }
  });
});
