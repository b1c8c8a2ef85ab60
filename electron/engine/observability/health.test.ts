import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthSummarySchema } from '../../../shared/contract';
import { createTestEngine, tempDir } from '../../../test-support/engine';
import { startFakeFinnhub } from '../../../test-support/fake-finnhub/index';
import { rawRequest } from '../../../test-support/http';
import { serve } from '../../headless/index';
import { createManualClock, createSystemClock } from '../clock';
import { createMetrics } from '../metrics';
import { createHealthMonitor, errorKindLabel, percentile } from './health-monitor';
import { createLogRing } from './log-ring';

const TOKEN = 'health-test-admin-token-0123456789';
const KEY = 'finnhub-health-test-key-abcdef';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function get(port: number, url: string) {
  return rawRequest(port, url, { headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}` } });
}

/** The value of one series in Prometheus text, or undefined when it is absent. */
function series(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('health: metrics, summary and log file of a running server', () => {
  it('counts calls and errors by kind, shows limits, breaker, loop and memory, logs the failure without the key', async () => {
    const clock = createSystemClock();
    const fake = await startFakeFinnhub({ clock, keys: [KEY] });
    cleanups.push(() => fake.stop());
    const dataDir = tempDir();
    const running = await serve({
      QUOTEDESK_PROVIDERS: 'finnhub',
      QUOTEDESK_FINNHUB_KEY: KEY,
      QUOTEDESK_FINNHUB_URL: fake.url,
      QUOTEDESK_FINNHUB_WS_SYMBOLS: '0',
      QUOTEDESK_DATA_DIR: dataDir,
      QUOTEDESK_PORT: '0',
      QUOTEDESK_API_TOKEN: TOKEN,
      QUOTEDESK_LOG_LEVEL: 'warn',
      QUOTEDESK_LOG_STDOUT: 'none',
    });
    cleanups.push(() => running.stop());
    const port = Number(new URL(running.url).port);

    expect((await get(port, '/api/v1/tickers/AAPL/live')).status).toBe(200);
    // The key is refused from now on: an auth failure, a warning, a paused provider.
    fake.setScenario({ kind: 'unauthorized' });
    await get(port, '/api/v1/tickers/IBM/live');
    let metrics = '';
    for (let i = 0; i < 100 && !metrics.includes('outcome="error"'); i++) {
      metrics = (await get(port, '/metrics')).body;
      if (!metrics.includes('outcome="error"')) await new Promise((r) => setTimeout(r, 50));
    }

    const t0 = performance.now();
    metrics = (await get(port, '/metrics')).body;
    const scrapeMs = performance.now() - t0;
    expect(scrapeMs).toBeGreaterThan(0);
    expect(
      series(metrics, 'quotedesk_provider_calls_total', { provider: 'finnhub', endpoint: '/quote', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      series(metrics, 'quotedesk_provider_calls_total', { provider: 'finnhub', outcome: 'error' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      series(metrics, 'quotedesk_provider_errors_total', { provider: 'finnhub', kind: 'auth' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      series(metrics, 'quotedesk_provider_limit_use_ratio', { provider: 'finnhub', window: '60/min' }),
    ).toBeGreaterThan(0);
    expect(series(metrics, 'quotedesk_provider_breaker_state', { provider: 'finnhub' })).toBe(0);
    expect(series(metrics, 'quotedesk_provider_up', { provider: 'finnhub', state: 'down' })).toBe(0);
    expect(series(metrics, 'quotedesk_memory_bytes', { kind: 'rss' })).toBeGreaterThan(10e6);
    expect(series(metrics, 'quotedesk_event_loop_delay_seconds', { quantile: '0.99' })).toBeGreaterThanOrEqual(0);
    expect(series(metrics, 'quotedesk_sqlite_query_seconds_count', { op: 'quote_batch_write' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(series(metrics, 'quotedesk_sqlite_query_seconds_count', { op: 'usage_write' })).toBeGreaterThanOrEqual(2);
    expect(series(metrics, 'quotedesk_refresh_stage_seconds_count', { stage: 'store' })).toBeGreaterThanOrEqual(1);
    expect(series(metrics, 'quotedesk_refresh_stage_seconds_count', { stage: 'push' })).toBeGreaterThanOrEqual(1);
    expect(
      series(metrics, 'quotedesk_provider_call_duration_seconds_count', { provider: 'finnhub', endpoint: '/quote' }),
    ).toBeGreaterThanOrEqual(2);
    expect(series(metrics, 'quotedesk_quote_cache_hit_ratio', {})).toBeGreaterThanOrEqual(0);
    expect(series(metrics, 'quotedesk_log_warnings_total', {})).toBeGreaterThanOrEqual(1);

    const res = await get(port, '/api/v1/health/summary?logLevel=warn');
    expect(res.status).toBe(200);
    const summary = healthSummarySchema.parse(JSON.parse(res.body));
    const fh = summary.providers.find((p) => p.id === 'finnhub');
    expect(fh).toMatchObject({ state: 'down', breaker: 'closed' });
    expect(fh?.calls).toBeGreaterThanOrEqual(2);
    expect(fh?.errorsByKind).toContainEqual({ kind: 'auth', count: expect.any(Number) as number });
    expect(summary.logs.entries.some((e) => e.msg === 'provider call failed' && e.component === 'providers')).toBe(
      true,
    );
    expect(summary.current.rssBytes).toBeGreaterThan(10e6);
    expect(summary.current.batches).toBeGreaterThanOrEqual(1);
    // /healthz is untouched.
    const healthz = await rawRequest(port, '/healthz', { headers: { host: `127.0.0.1:${port}` } });
    expect([healthz.status, healthz.body]).toEqual([200, '{"status":"ok"}']);

    await running.stop();
    cleanups.pop();
    const file = fs.readFileSync(path.join(dataDir, 'logs', 'quotedesk.log'), 'utf8');
    const lines = file
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(lines.some((l) => l.msg === 'provider call failed' && l.level === 40)).toBe(true);
    expect(file).not.toContain(KEY);
    expect(file).not.toContain(TOKEN);
  }, 30_000);
});

describe('health monitor', () => {
  it('samples calls, errors, cache ratio and latency per interval and keeps an hour', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 15));
    const ring = createLogRing(10);
    let cache = { size: 10, hits: 0, misses: 0, hitRatio: 0 };
    const monitor = createHealthMonitor({
      clock,
      metrics: createMetrics({ processMetrics: false }),
      ring,
      providers: () => [],
      cache: () => cache,
      startedAt: clock.now(),
      historySize: 3,
      memoryUsage: () => ({ heapUsed: 100, heapTotal: 200, rss: 300 }),
    });
    monitor.start();
    for (let i = 0; i < 20; i++) {
      monitor.onProviderCall({
        provider: 'finnhub',
        endpoint: '/quote',
        outcome: 'ok',
        kind: null,
        durationMs: 100 + i,
      });
    }
    monitor.onProviderCall({
      provider: 'finnhub',
      endpoint: '/quote',
      outcome: 'error',
      kind: 'timeout',
      durationMs: 10_000,
    });
    monitor.onBatch(5, 2, 1);
    cache = { size: 10, hits: 9, misses: 1, hitRatio: 0.9 };
    await clock.advance(10_000);
    let s = monitor.summary({ logLimit: 200 });
    expect(s.history.samples).toHaveLength(1);
    const first = s.history.samples[0]!;
    // 21 calls in 10 s = 126 a minute; 1 error = 6 a minute.
    expect(first.callsPerMinute).toEqual([{ provider: 'finnhub', value: 126 }]);
    expect(first.errorsPerMinute).toBe(6);
    expect(first.cacheHitRatio).toBe(0.9);
    expect(first.providerP95Ms).toBe(119);
    expect(first.ingestP95Ms).toBe(3);
    expect(first.heapUsedBytes).toBe(100);
    expect(s.providers).toEqual([]);
    expect(s.current.refresh).toEqual({ providerP95Ms: 119, storeP95Ms: 2, pushP95Ms: 1 });

    // Nothing happens for 40 s: the next event (here a read) takes one sample for the whole gap.
    await clock.advance(40_000);
    s = monitor.summary({ logLimit: 200 });
    expect(s.history.samples).toHaveLength(2);
    expect(Date.parse(s.history.samples[1]!.at) - Date.parse(first.at)).toBe(40_000);
    // Within an interval, no new sample; after it, one; the history keeps `historySize`.
    await clock.advance(5_000);
    expect(monitor.summary({ logLimit: 200 }).history.samples).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      await clock.advance(10_000);
      monitor.onBatch(1, 1, 1);
    }
    s = monitor.summary({ logLimit: 200 });
    expect(s.history.samples).toHaveLength(3);
    const last = s.history.samples.at(-2)!;
    expect(last).toMatchObject({ errorsPerMinute: 0, cacheHitRatio: null, providerP95Ms: null, ingestP95Ms: 2 });
    expect(last.callsPerMinute).toEqual([{ provider: 'finnhub', value: 0 }]);
    monitor.stop();
    // No timer of its own: simulated days do not pay for health sampling.
    expect(clock.pending()).toBe(0);
  });

  it("folds provider error kinds into the operator's kinds", () => {
    expect(errorKindLabel('server')).toBe('http_5xx');
    expect(errorKindLabel('malformed')).toBe('parse');
    expect(errorKindLabel('daily_limit')).toBe('rate_limited');
    expect(errorKindLabel('premium')).toBe('auth');
    expect(errorKindLabel('invalid_request')).toBe('other');
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([], 95)).toBeNull();
  });

  it('gives a test engine (no app logger) its own ring of warnings', async () => {
    const engine = createTestEngine({ clock: createManualClock(Date.UTC(2026, 0, 5, 15)) });
    cleanups.push(() => engine.stop());
    await engine.start();
    engine.logger.child({ component: 'scheduler' }).warn({ job: 'tier1', token: 'abc' }, 'a job was late');
    const s = engine.api.getHealthSummary({ logLimit: 200 });
    const summary = healthSummarySchema.parse(s instanceof Promise ? await s : s);
    expect(summary.logs.entries[0]).toMatchObject({
      level: 'warn',
      msg: 'a job was late',
      component: 'scheduler',
      details: '{"job":"tier1","token":"[redacted]"}',
    });
  });
});
