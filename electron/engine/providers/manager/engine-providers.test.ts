import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiUsageSchema, marketDataStatusSchema, providerListSchema } from '../../../../shared/contract';
import { quoteSchema } from '../../../../shared/quote';
import { createTestEngine, tempDir } from '../../../../test-support/engine';
import { startFakeAlphaVantage } from '../../../../test-support/fake-alphavantage/index';
import { startFakeFinnhub } from '../../../../test-support/fake-finnhub/index';
import { rawRequest } from '../../../../test-support/http';
import { waitFor } from '../../../../test-support/wait';
import { serve } from '../../../headless/index';
import { startEngineApi } from '../../api';
import { createSystemClock } from '../../clock';
import { createFileSecretStore } from '../../file-secret-store';
import { createSilentLogger } from '../../logger';

const TOKEN = 'test-admin-token-0123456789';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Call = { status: number; body: string; json: () => unknown };

function client(port: number) {
  const headers = (extra: Record<string, string> = {}) => ({
    host: `127.0.0.1:${port}`,
    authorization: `Bearer ${TOKEN}`,
    ...extra,
  });
  const call = async (method: string, url: string, body?: unknown): Promise<Call> => {
    const res = await rawRequest(port, url, {
      method,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: res.body, json: () => JSON.parse(res.body) as unknown };
  };
  return {
    get: (u: string) => call('GET', u),
    put: (u: string, b: unknown) => call('PUT', u, b),
    del: (u: string) => call('DELETE', u),
  };
}

describe('"Done when": the headless server against the fake providers', () => {
  it('serves real-format Finnhub quotes through /tickers/{symbol}/live, 404 for unknown symbols, and shows the calls', async () => {
    const clock = createSystemClock();
    const fake = await startFakeFinnhub({ clock, keys: ['k'] });
    cleanups.push(() => fake.stop());
    const running = await serve({
      QUOTEDESK_PROVIDERS: 'finnhub',
      QUOTEDESK_FINNHUB_KEY: 'k',
      QUOTEDESK_FINNHUB_URL: fake.url,
      QUOTEDESK_FINNHUB_WS_URL: fake.wsUrl,
      QUOTEDESK_DATA_DIR: tempDir(),
      QUOTEDESK_PORT: '0',
      QUOTEDESK_API_TOKEN: TOKEN,
      QUOTEDESK_LOG_LEVEL: 'silent',
    });
    cleanups.push(() => running.stop());
    const api = client(Number(new URL(running.url).port));

    const res = await api.get('/api/v1/tickers/AAPL/live');
    expect(res.status).toBe(200);
    const quote = quoteSchema.parse(res.json());
    expect(quote).toMatchObject({ symbol: 'AAPL', source: 'finnhub', stale: false });
    // Finnhub's /quote has no volume, and nothing else reported it: empty rather than wrong.
    expect(quote.volume).toBeNull();
    expect(quote.marketCap).toBeGreaterThan(1e12);

    expect((await api.get('/api/v1/tickers/ZZZZZZ/live')).status).toBe(404);

    const usage = apiUsageSchema.parse((await api.get('/api/v1/admin/api-usage?provider=finnhub')).json());
    expect(usage.calls.some((c) => c.endpoint === '/quote' && c.symbols === 'AAPL' && c.status === 'ok')).toBe(true);
    const [fh] = usage.providers;
    expect(fh?.windows.map((w) => [w.unit, w.limit])).toEqual([
      ['s', 30],
      ['min', 60],
    ]);
    expect(fh?.windows[1]?.used).toBeGreaterThanOrEqual(1);
    expect(fh?.today.calls).toBeGreaterThanOrEqual(1);
    const csv = await rawRequest(Number(new URL(running.url).port), '/api/v1/admin/api-usage?format=csv', {
      headers: { host: `127.0.0.1:${new URL(running.url).port}`, authorization: `Bearer ${TOKEN}` },
    });
    expect(csv.body.split(/\r?\n/)[0]).toBe(
      'id,provider,endpoint,symbols,symbolCount,priority,status,httpStatus,errorKind,latencyMs,cost,startedAt,finishedAt',
    );

    const status = marketDataStatusSchema.parse((await api.get('/api/v1/market-data/status')).json());
    expect(status.feed).toBe('live');
    expect(status.providers[0]).toMatchObject({ id: 'finnhub', state: 'ok', breaker: 'closed' });
    // The watchlist and index proxies are streamed over the WebSocket.
    await waitFor(() => (fake.subscriptions()[0]?.length ?? 0) >= 5, 5000, 'stream subscriptions');
    expect(fake.subscriptions()[0]).toEqual(expect.arrayContaining(['SPY', 'QQQ', 'NVDA', 'MSFT', 'AMZN']));
    expect(fake.counters().violations).toBe(0);
    expect(fake.counters().ws.capViolations).toBe(0);
  }, 30_000);

  it('serves real-format Alpha Vantage quotes, with the day volume AV reports', async () => {
    const clock = createSystemClock();
    const fake = await startFakeAlphaVantage({ clock });
    cleanups.push(() => fake.stop());
    const running = await serve({
      QUOTEDESK_PROVIDERS: 'alphavantage',
      QUOTEDESK_ALPHAVANTAGE_KEY: 'AVKEY',
      QUOTEDESK_ALPHAVANTAGE_URL: fake.url,
      QUOTEDESK_DATA_DIR: tempDir(),
      QUOTEDESK_PORT: '0',
      QUOTEDESK_API_TOKEN: TOKEN,
      QUOTEDESK_LOG_LEVEL: 'silent',
    });
    cleanups.push(() => running.stop());
    const api = client(Number(new URL(running.url).port));
    const res = await api.get('/api/v1/tickers/IBM/live');
    expect(res.status).toBe(200);
    const quote = quoteSchema.parse(res.json());
    expect(quote).toMatchObject({ symbol: 'IBM', source: 'alphavantage' });
    expect(quote.volume).toBeGreaterThan(0);
    expect((await api.get('/api/v1/tickers/ZZZZZZ/live')).status).toBe(404);
    const usage = apiUsageSchema.parse((await api.get('/api/v1/admin/api-usage')).json());
    expect(usage.calls.some((c) => c.endpoint === 'GLOBAL_QUOTE' && c.symbols === 'IBM')).toBe(true);
    expect(usage.providers[0]?.windows.map((w) => `${w.limit}/${w.unit}`)).toEqual(['1/s', '25/day']);
    expect(fake.counters().violations).toBe(0);
  }, 30_000);
});

describe('provider settings through the API', () => {
  it('checks and stores a key, switches the feed without a restart, and never shows the key', async () => {
    const clock = createSystemClock();
    const fake = await startFakeFinnhub({ clock, keys: ['good-key-1'] });
    cleanups.push(() => fake.stop());
    const dataDir = tempDir();
    const secrets = createFileSecretStore(path.join(dataDir, 'secrets.json'), createSilentLogger());
    const engine = createTestEngine({
      dataDir,
      secrets,
      env: { QUOTEDESK_FINNHUB_URL: fake.url, QUOTEDESK_FINNHUB_WS_URL: fake.wsUrl },
    });
    await engine.start();
    const server = await startEngineApi(engine, { port: 0 });
    cleanups.push(async () => {
      await server.close();
      await engine.stop();
    });
    const api = client(server.port);
    expect(engine.status().feed).toBe('simulated');

    const bad = await api.put('/api/v1/providers/finnhub/key', { key: 'wrong-key' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('this key is invalid');
    expect(bad.body).not.toContain('wrong-key');
    expect(secrets.get('finnhub')).toBeUndefined();
    expect((await api.put('/api/v1/providers/finnhub/key', { key: 'has space' })).status).toBe(400);

    const good = await api.put('/api/v1/providers/finnhub/key', { key: 'good-key-1' });
    expect(good.status).toBe(200);
    expect(good.json()).toEqual({ provider: 'finnhub', saved: true, message: 'key saved and working', warning: null });
    expect(engine.status().feed).toBe('live');
    expect(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')).toContain('good-key-1');

    const listed = await api.get('/api/v1/providers');
    expect(listed.body).not.toContain('good-key-1');
    const list = providerListSchema.parse(listed.json());
    expect(list.order).toEqual(['finnhub']);
    expect(list.providers.find((p) => p.id === 'finnhub')).toMatchObject({
      keySet: true,
      keySource: 'settings',
      position: 0,
      limitsText: '30/s,60/min',
      limitsSource: 'default',
    });
    const q = quoteSchema.parse((await api.get('/api/v1/tickers/NVDA/live')).json());
    expect(q.source).toBe('finnhub');

    const limits = await api.put('/api/v1/providers/finnhub/limits', { limits: '5/s, 30/min' });
    expect(limits.status).toBe(200);
    expect(limits.json()).toMatchObject({ limitsText: '5/s,30/min', limitsSource: 'settings' });
    expect(engine.gateway.capacity()[0]?.limits.map((w) => w.limit)).toEqual([5, 30]);
    const badLimits = await api.put('/api/v1/providers/finnhub/limits', { limits: '30 per minute' });
    expect(badLimits.status).toBe(400);
    expect(badLimits.body).toContain('is not a limit');

    expect((await api.del('/api/v1/providers/finnhub/key')).status).toBe(204);
    expect(engine.status().feed).toBe('simulated');
    expect(secrets.get('finnhub')).toBeUndefined();
  }, 30_000);

  it('refuses to change what the environment sets', async () => {
    const engine = createTestEngine({
      env: { QUOTEDESK_FINNHUB_KEY: 'from-env', QUOTEDESK_FINNHUB_URL: 'http://127.0.0.1:9/api/v1' },
    });
    const server = await startEngineApi(engine, { port: 0 });
    cleanups.push(async () => {
      await server.close();
      await engine.stop();
    });
    const api = client(server.port);
    const res = await api.put('/api/v1/providers/finnhub/key', { key: 'other' });
    expect(res.status).toBe(409);
    expect(res.body).toContain('QUOTEDESK_FINNHUB_KEY is set in the environment');
    const list = providerListSchema.parse((await api.get('/api/v1/providers')).json());
    expect(list.providers.find((p) => p.id === 'finnhub')?.keySource).toBe('environment');
    expect(JSON.stringify(list)).not.toContain('from-env');
  });
});
