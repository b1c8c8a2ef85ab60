// The app's own browser UI (cookie sign-in) gets its own stream pace and split quote events;
// API clients keep theirs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quote } from '../../../shared/quote';
import { createTestEngine } from '../../../test-support/engine';
import { collectSse, type SseEvent } from '../../../test-support/http';
import { createManualClock } from '../clock';
import { createEventHub } from '../events';
import type { Engine } from '../index';
import { createSilentLogger } from '../logger';
import { startEngineApi } from './index';
import { TOKEN_COOKIE } from './security';
import type { ApiServer } from './server';
import { createSseHub } from './sse';

const TOKEN = 'test-admin-token-0123456789';

function quote(symbol: string, price: number): Quote {
  const t = new Date(Date.UTC(2026, 2, 10, 15, 0, 0) + price * 1000).toISOString();
  return {
    symbol,
    name: symbol,
    exchange: 'NASDAQ',
    price,
    change: 1,
    changePercent: 0.5,
    open: price,
    high: price,
    low: price,
    previousClose: price - 1,
    volume: 1000,
    marketCap: 1e9,
    tier: 1,
    source: 'simulated',
    asOf: t,
    fetchedAt: t,
    stale: false,
  };
}

const quoteEvents = (events: SseEvent[]) => events.filter((e) => e.event === 'quote');
const quotesOf = (events: SseEvent[]) => quoteEvents(events).flatMap((e) => JSON.parse(e.data) as Quote[]);

describe('the stream of the app’s own UI', () => {
  let engine: Engine;
  let server: ApiServer;
  const SYMBOLS = Array.from({ length: 600 }, (_, i) => `U${i}`);

  beforeAll(async () => {
    engine = createTestEngine();
    await engine.start();
    // API clients at a pace no test waits for; the UI at 10 ms, in events of at most 250 quotes.
    server = await startEngineApi(engine, {
      port: 0,
      limits: { sse: { flushMs: 60_000 }, ui: { flushMs: 10, maxQuotesPerEvent: 250 } },
    });
  });
  afterAll(async () => {
    await server.close();
    await engine.stop();
  });

  it('paces the cookie client on its own and splits a big batch into events a page parses one by one', async () => {
    const path = `/api/v1/market-data/stream?symbols=${SYMBOLS.join(',')}`;
    const host = `127.0.0.1:${server.port}`;
    const mine = (evs: SseEvent[]) => quotesOf(evs).filter((q) => q.price === 7);
    const ui = collectSse(server.port, path, (evs) => mine(evs).length === SYMBOLS.length, {
      headers: { host, cookie: `${TOKEN_COOKIE}=${TOKEN}` },
      timeoutMs: 5000,
    });
    const api = collectSse(server.port, path, () => false, {
      headers: { host, authorization: `Bearer ${TOKEN}` },
      timeoutMs: 2500,
    });
    // Both have flushed their (empty) first burst; the next batch waits for each one's pace.
    await new Promise((r) => setTimeout(r, 300));
    engine.events.emit(
      'quote',
      SYMBOLS.map((s) => quote(s, 7)),
    );
    const [u, a] = await Promise.all([ui, api]);

    const events = quoteEvents(u.events).filter((e) => (JSON.parse(e.data) as Quote[]).some((q) => q.price === 7));
    expect(mine(u.events)).toHaveLength(600);
    expect(events.map((e) => (JSON.parse(e.data) as Quote[]).length)).toEqual([250, 250, 100]);
    // One burst: every event but the last keeps the old id, so a cut-off client resumes safely.
    const ids = events.map((e) => Number(e.id?.split('-')[1]));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBeGreaterThan(ids[1] ?? 0);
    // The API client is still inside its own (long) interval: it has not been sent the batch.
    expect(mine(a.events)).toHaveLength(0);
  });
});

describe('stream pacing', () => {
  it('sends a batch at once to a client that has had nothing for its interval, never two within it', async () => {
    // The hub alone on a manual clock, so nothing but this test emits.
    const clock = createManualClock(Date.parse('2026-03-10T15:00:00Z'));
    const events = createEventHub(() => undefined);
    const hub = createSseHub({ clock, events, logger: createSilentLogger(), snapshot: () => [], flushMs: 100 });
    const server = http.createServer((_req, res) => {
      hub.attach(res, { symbols: undefined, lastEventId: undefined, scope: 'read' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const got: SseEvent[] = [];
      const stream = collectSse(
        port,
        '/',
        (evs) => {
          got.splice(0, got.length, ...evs);
          return quotesOf(evs).some((q) => q.symbol === 'P2');
        },
        { timeoutMs: 5000 },
      );
      const settle = () => new Promise((r) => setTimeout(r, 100));
      await settle();
      // Quiet for longer than the interval: the next batch is due at once (no 100 ms wait).
      await clock.advance(500);
      events.emit('quote', [quote('P1', 1)]);
      await clock.advance(0);
      await settle();
      expect(quotesOf(got).map((q) => q.symbol)).toEqual(['P1']);
      // A second batch right after waits for the rest of the interval.
      events.emit('quote', [quote('P2', 2)]);
      await clock.advance(0);
      await settle();
      expect(quotesOf(got).map((q) => q.symbol)).toEqual(['P1']);
      await clock.advance(100);
      const done = await stream;
      expect(quotesOf(done.events).map((q) => q.symbol)).toEqual(['P1', 'P2']);
    } finally {
      hub.close();
      await new Promise((r) => server.close(r));
    }
  });

  it('does not let a slow client’s later turn hold back a client that is due sooner', async () => {
    const clock = createManualClock(Date.parse('2026-03-10T15:00:00Z'));
    const events = createEventHub(() => undefined);
    const hub = createSseHub({ clock, events, logger: createSilentLogger(), snapshot: () => [], flushMs: 1000 });
    const server = http.createServer((req, res) => {
      const fast = req.url === '/fast';
      hub.attach(res, {
        symbols: new Set([fast ? 'FAST' : 'SLOW']),
        lastEventId: undefined,
        scope: 'read',
        ...(fast ? { flushMs: 10 } : {}),
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const settle = () => new Promise((r) => setTimeout(r, 100));
      const slow = collectSse(port, '/slow', () => false, { timeoutMs: 1500 });
      const fast = collectSse(port, '/fast', (evs) => quotesOf(evs).some((q) => q.price === 2), { timeoutMs: 1500 });
      await settle();
      // Both take their first batch at once; then the slow one waits a second for its next turn.
      events.emit('quote', [quote('SLOW', 1), quote('FAST', 1)]);
      await clock.advance(0);
      await settle();
      events.emit('quote', [quote('SLOW', 2)]);
      await clock.advance(5);
      // The fast client's update comes after the slow client's timer was set for a second later.
      events.emit('quote', [quote('FAST', 2)]);
      await clock.advance(10);
      const [s, f] = await Promise.all([slow, fast]);
      expect(quotesOf(f.events).map((q) => q.price)).toEqual([1, 2]);
      expect(quotesOf(s.events).map((q) => q.price)).toEqual([1]);
    } finally {
      hub.close();
      await new Promise((r) => server.close(r));
    }
  });
});
