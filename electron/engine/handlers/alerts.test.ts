import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertEventSchema, alertSchema, universeEntrySchema } from '../../../shared/contract';
import { createTestEngine } from '../../../test-support/engine';
import { collectSse, rawRequest } from '../../../test-support/http';
import { startEngineApi } from '../api/index';
import type { ApiServer } from '../api/server';
import type { Engine } from '../index';

const TOKEN = 'test-admin-token-0123456789';
let engine: Engine;
let server: ApiServer;
let port: number;
const headers = () => ({
  host: `127.0.0.1:${port}`,
  authorization: `Bearer ${TOKEN}`,
  'content-type': 'application/json',
});

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

describe('alerts over the local API', () => {
  it('creates an alert, fires it on the live feed and pushes it on the stream', async () => {
    const spy = await rawRequest(port, '/api/v1/tickers/SPY/live', { headers: headers() });
    const price = (JSON.parse(spy.body) as { price: number }).price;
    // Below a level far above the price: true at once, so the next fresh quote fires it.
    const res = await rawRequest(port, '/api/v1/alerts', {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ symbol: 'spy', kind: 'below', threshold: Math.round(price * 2) }),
    });
    expect(res.status).toBe(201);
    const alert = alertSchema.parse(JSON.parse(res.body));
    expect(alert).toMatchObject({ symbol: 'SPY', kind: 'below', repeat: false, enabled: true });

    const { events } = await collectSse(
      port,
      '/api/v1/market-data/stream?symbols=SPY',
      (evs) => evs.some((e) => e.event === 'alert' && alertEventSchema.parse(JSON.parse(e.data)).recent.length > 0),
      { headers: headers(), timeoutMs: 5000 },
    );
    const fired = events
      .filter((e) => e.event === 'alert')
      .map((e) => alertEventSchema.parse(JSON.parse(e.data)))
      .find((e) => e.recent.length > 0);
    expect(fired?.recent[0]).toMatchObject({ alertId: alert.id, symbol: 'SPY', kind: 'below' });

    const history = await rawRequest(port, '/api/v1/alerts/history?format=csv', { headers: headers() });
    expect(history.status).toBe(200);
    expect(history.body.split('\r\n')[0]).toBe(
      'id,alertId,symbol,kind,threshold,price,changePercent,source,asOf,firedAt,message',
    );
    expect(history.body).toContain('SPY fell below');
  });

  it('answers bad input with a clear 400 or 404', async () => {
    const bad = await rawRequest(port, '/api/v1/alerts', {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ symbol: 'AAPL', kind: 'sideways', threshold: 1 }),
    });
    expect(bad.status).toBe(400);
    const unknown = await rawRequest(port, '/api/v1/alerts', {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ symbol: 'ZZZZZZ', kind: 'above', threshold: 1 }),
    });
    // An unknown symbol in a body is bad input (as for watchlists and portfolios), not a missing route.
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('not in the symbol universe');
    const missing = await rawRequest(port, '/api/v1/alerts/9999', {
      method: 'PUT',
      headers: headers(),
      body: JSON.stringify({ enabled: false }),
    });
    expect(missing.status).toBe(404);
  });

  it('lists the whole universe with sector and average volume', async () => {
    const res = await rawRequest(port, '/api/v1/universe', { headers: headers() });
    expect(res.status).toBe(200);
    const list = universeEntrySchema.array().parse(JSON.parse(res.body));
    expect(list.length).toBe(engine.status().symbols);
    expect(list.find((s) => s.symbol === 'AAPL')?.exchange).toBe('NASDAQ');
    expect(list.find((s) => s.symbol === 'AAPL')?.sector).toBeTruthy();
    expect(list.find((s) => s.symbol === 'AAPL')?.avgVolume).toBeGreaterThan(0);
  });
});
