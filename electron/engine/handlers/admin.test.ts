import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  marketDataStatusSchema,
  marketStatusSchema,
  overrideSchema,
  pollIntervalsSchema,
  refreshAcceptedSchema,
  tiersSchema,
} from '../../../shared/contract';
import { createTestEngine } from '../../../test-support/engine';
import { collectSse, rawRequest } from '../../../test-support/http';
import { startEngineApi } from '../api/index';
import type { ApiServer } from '../api/server';
import type { Engine } from '../index';

const TOKEN = 'test-admin-token-0123456789';
const READ_TOKEN = 'read-token-abcdefghijklmnopqrstuvwxyz';
let engine: Engine;
let server: ApiServer;
let port: number;

const call = async (method: string, path: string, body?: unknown, token = TOKEN) => {
  const res = await rawRequest(port, path, {
    method,
    headers: {
      host: `127.0.0.1:${port}`,
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { ...res, json: () => JSON.parse(res.body) as unknown };
};

beforeAll(async () => {
  const { createMemorySettingsStore } = await import('../settings-store');
  engine = createTestEngine({
    settings: createMemorySettingsStore({ api: { enabled: true, port: 0, readTokens: [READ_TOKEN] } }),
  });
  await engine.start();
  server = await startEngineApi(engine, { port: 0 });
  port = server.port;
});

afterAll(async () => {
  await server.close();
  await engine.stop();
});

describe('market clock over REST', () => {
  it('answers the status at any instant with a read token', async () => {
    const res = await call('GET', '/api/v1/market/status?at=2026-11-27T17:30:00Z', undefined, READ_TOKEN);
    expect(res.status).toBe(200);
    expect(marketStatusSchema.parse(res.json())).toMatchObject({
      session: 'regular',
      nextChange: '2026-11-27T18:00:00.000Z',
      nextSession: 'post',
      earlyClose: 'Day after Thanksgiving',
    });
    const offset = await call('GET', `/api/v1/market/status?at=${encodeURIComponent('2026-12-25T10:00:00-05:00')}`);
    expect(marketStatusSchema.parse(offset.json())).toMatchObject({ session: 'closed', holiday: 'Christmas Day' });
    const now = await call('GET', '/api/v1/market/status');
    expect(Math.abs(Date.parse(marketStatusSchema.parse(now.json()).at) - Date.now())).toBeLessThan(5000);
  });

  it('refuses a malformed or out-of-range instant with a clear 400', async () => {
    const bad = await call('GET', '/api/v1/market/status?at=yesterday');
    expect(bad.status).toBe(400);
    const far = await call('GET', '/api/v1/market/status?at=2150-01-01T00:00:00Z');
    expect(far.status).toBe(400);
    expect(far.body).toMatch(/2000-2100/);
  });

  it('sends the market status to a new SSE client', async () => {
    const { events } = await collectSse(
      port,
      '/api/v1/market-data/stream?symbols=SPY',
      (evs) => evs.some((e) => e.event === 'market'),
      { headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${READ_TOKEN}` } },
    );
    const market = events.find((e) => e.event === 'market');
    expect(market).toBeDefined();
    marketStatusSchema.parse(JSON.parse(market?.data ?? '{}'));
  });
});

describe('market-data status', () => {
  it('carries the plan, the scheduler progress and the market clock', async () => {
    const res = await call('GET', '/api/v1/market-data/status', undefined, READ_TOKEN);
    const status = marketDataStatusSchema.parse(res.json());
    expect(status.feed).toBe('simulated');
    expect(status.plan?.sentence).toMatch(/^Simulated feed: 150 symbols every 2 s, 600 every 10 s/);
    expect(status.plan?.alwaysOpen).toBe(true);
    expect(status.scheduler?.running).toBe(true);
    expect(status.scheduler?.jobs.map((j) => j.name)).toEqual(['tier1', 'tier2', 'tier3', 'spare', 'reclassify']);
    expect(status.market?.timeZone).toBe('America/New_York');
  });
});

describe('tiers, overrides and poll intervals', () => {
  it('lists tiers with reasons and ranks, as JSON and CSV; admin only', async () => {
    const res = await call('GET', '/api/v1/admin/tiers?tier=1&pageSize=500');
    expect(res.status).toBe(200);
    const tiers = tiersSchema.parse(res.json());
    expect(tiers.total).toBe(150);
    expect(tiers.symbols.find((s) => s.symbol === 'SPY')).toMatchObject({ tier: 1, reason: 'pinned' });
    expect(tiers.symbols.filter((s) => s.reason === 'rank').every((s) => s.rank !== null)).toBe(true);
    const csv = await call('GET', '/api/v1/admin/tiers?format=csv&pageSize=3');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split(/\r?\n/)[0]).toBe('symbol,name,tier,reason,rank,dollarVolume,marketCap');
    const reader = await call('GET', '/api/v1/admin/tiers', undefined, READ_TOKEN);
    expect(reader.status).toBe(403);
  });

  it('sets and deletes overrides, which move the symbol at once', async () => {
    const set = await call('POST', '/api/v1/admin/overrides', { symbols: ['nvda', 'ZVRA'], tier: 3 });
    expect(set.status).toBe(200);
    expect(
      overrideSchema
        .array()
        .parse(set.json())
        .map((o) => [o.symbol, o.tier]),
    ).toEqual([
      ['NVDA', 3],
      ['ZVRA', 3],
    ]);
    const quote = await call('GET', '/api/v1/tickers/NVDA/live');
    expect((quote.json() as { tier: number }).tier).toBe(3);
    // Like watchlists and portfolios: an unknown symbol in a body is a bad request.
    const unknown = await call('POST', '/api/v1/admin/overrides', { symbols: ['NOPEX'], tier: 1 });
    expect(unknown.status).toBe(400);
    const bad = await call('POST', '/api/v1/admin/overrides', { symbols: ['AAPL'], tier: 4 });
    expect(bad.status).toBe(400);
    const del = await call('DELETE', '/api/v1/admin/overrides?symbols=NVDA,ZVRA');
    expect(del.json()).toEqual([]);
    const back = await call('GET', '/api/v1/tickers/NVDA/live');
    expect((back.json() as { tier: number }).tier).toBe(1);
  });

  it('takes new poll intervals, says what the budget gives, and resets to the defaults', async () => {
    const res = await call('POST', '/api/v1/admin/poll-intervals', { tier1: { intervalSeconds: 30, size: 200 } });
    expect(res.status).toBe(200);
    const p = pollIntervalsSchema.parse(res.json());
    expect(p.feed).toBe('simulated');
    expect(p.tiers[0]).toMatchObject({ tier: 1, intervalSeconds: 30, size: 200, isDefault: false, effectiveSize: 200 });
    expect(p.sentence).toMatch(/^Simulated feed: 200 symbols every 30 s/);
    const unknownField = await call('POST', '/api/v1/admin/poll-intervals', { tier1: { every: 5 } });
    expect(unknownField.status).toBe(400);
    const reset = pollIntervalsSchema.parse(
      (await call('POST', '/api/v1/admin/poll-intervals', { reset: true })).json(),
    );
    expect(reset.tiers[0]).toMatchObject({ intervalSeconds: 2, size: 150, isDefault: true });
  });

  it('reclassifies on request', async () => {
    const res = await call('POST', '/api/v1/admin/tiers/reclassify', {});
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ changed: expect.any(Number) as number });
  });
});

describe('on-demand refresh', () => {
  it('answers 202 with when the quotes will be stored', async () => {
    const res = await call('POST', '/api/v1/market-data/refresh', { symbols: ['AAPL', 'MSFT'] });
    expect(res.status).toBe(202);
    const accepted = refreshAcceptedSchema.parse(res.json());
    expect(accepted.symbols).toEqual(['AAPL', 'MSFT']);
    expect(accepted.calls).toBe(1);
    expect(Date.parse(accepted.estimatedDoneAt) - Date.now()).toBeLessThan(10_000);
    const unknown = await call('POST', '/api/v1/market-data/refresh', { symbols: ['NOPEX'] });
    expect(unknown.status).toBe(400);
    const empty = await call('POST', '/api/v1/market-data/refresh', { symbols: [] });
    expect(empty.status).toBe(400);
  });
});
