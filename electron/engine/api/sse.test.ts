// The event stream: resume without gaps, bounded memory for a client that never reads, scopes.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quote } from '../../../shared/quote';
import { createTestEngine } from '../../../test-support/engine';
import { collectSse, type SseEvent } from '../../../test-support/http';
import type { Engine } from '../index';
import { startEngineApi } from './index';
import type { ApiServer } from './server';

const TOKEN = 'test-admin-token-0123456789';

function quote(symbol: string, price: number, pad = 0): Quote {
  const t = new Date(Date.UTC(2026, 2, 10, 15, 0, 0) + price * 1000).toISOString();
  return {
    symbol,
    name: `${symbol} Inc.${' '.repeat(pad)}`,
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

const quotesOf = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'quote').flatMap((e) => JSON.parse(e.data) as Quote[]);

// The feed runs, but the tests push their own quotes for symbols outside the universe (Q1A…), so
// the feed never touches them and every expected value is known.
describe('stream resume and bounds', () => {
  let engine: Engine;
  let server: ApiServer;
  let readToken: string;
  const headers = () => ({ host: `127.0.0.1:${server.port}` });

  beforeAll(async () => {
    engine = createTestEngine();
    await engine.start();
    server = await startEngineApi(engine, { port: 0, limits: { sse: { heartbeatMs: 200, stallMs: 1500 } } });
    readToken = (await engine.api.createReadToken({ label: 'stream' })).token;
  });
  afterAll(async () => {
    await server.close();
    await engine.stop();
  });

  it('resumes from Last-Event-ID with every update since, coalesced per symbol, and nothing older', async () => {
    const path = `/api/v1/market-data/stream?symbols=Q1A,Q1B,Q1C&token=${TOKEN}`;
    engine.events.emit('quote', [quote('Q1A', 1), quote('Q1B', 1)]);
    const first = collectSse(server.port, path, (evs) => quotesOf(evs).some((q) => q.price === 2), {
      headers: headers(),
    });
    await new Promise((r) => setTimeout(r, 150));
    engine.events.emit('quote', [quote('Q1A', 2)]);
    const seen = await first;
    const lastId = seen.events.filter((e) => e.event === 'quote').at(-1)?.id;
    expect(lastId).toMatch(/^[0-9a-z]+-\d+$/);

    // While the client is away: updates for its symbols, for others, and several per symbol.
    engine.events.emit('quote', [quote('Q1B', 3)]);
    engine.events.emit('quote', [quote('Q1A', 4), quote('Q1C', 4), quote('Q1D', 4)]);
    for (let p = 5; p < 60; p++) engine.events.emit('quote', [quote('Q1D', p)]);
    engine.events.emit('quote', [quote('Q1A', 61)]);

    const resumed = await collectSse(server.port, path, (evs) => quotesOf(evs).length >= 3, {
      headers: { ...headers(), 'last-event-id': lastId ?? '' },
      timeoutMs: 2000,
    });
    const got = quotesOf(resumed.events);
    expect(Object.fromEntries(got.map((q) => [q.symbol, q.price]))).toEqual({ Q1A: 61, Q1B: 3, Q1C: 4 });
    expect(got).toHaveLength(3);
    const ids = resumed.events.map((e) => Number(e.id?.split('-')[1]));
    expect(Math.max(...ids)).toBeGreaterThan(Number(lastId?.split('-')[1]));
  });

  it('answers an id from another run with a full snapshot of the current quotes', async () => {
    await engine.api.getQuote({ symbol: 'AAPL' });
    await engine.api.getQuote({ symbol: 'MSFT' });
    const foreign = await collectSse(
      server.port,
      `/api/v1/market-data/stream?symbols=AAPL,MSFT&token=${TOKEN}`,
      (evs) => quotesOf(evs).length >= 2,
      { headers: { ...headers(), 'last-event-id': 'zzzz-1' }, timeoutMs: 3000 },
    );
    expect(foreign.status).toBe(200);
    expect(new Set(quotesOf(foreign.events).map((q) => q.symbol))).toEqual(new Set(['AAPL', 'MSFT']));
  });

  it('sends portfolio events to the admin token only', async () => {
    const path = '/api/v1/market-data/stream?symbols=Q1A';
    const hasCore = (evs: SseEvent[]) =>
      evs.some(
        (e) => e.event === 'portfolio' && (JSON.parse(e.data) as { name: string }[]).some((p) => p.name === 'Core'),
      );
    const admin = collectSse(server.port, `${path}&token=${TOKEN}`, hasCore, { headers: headers(), timeoutMs: 3000 });
    const read = collectSse(server.port, `${path}&token=${readToken}`, () => false, {
      headers: headers(),
      timeoutMs: 1500,
    });
    await new Promise((r) => setTimeout(r, 200));
    await engine.api.createPortfolio({ name: 'Core', holdings: [{ symbol: 'AAPL', shares: 1, costBasis: 100 }] });
    engine.events.emit('quote', [quote('Q1A', 80)]);
    const [a, r] = await Promise.all([admin, read]);
    expect(hasCore(a.events)).toBe(true);
    expect(r.events.some((e) => e.event === 'quote')).toBe(true);
    expect(r.events.some((e) => e.event === 'portfolio')).toBe(false);
  });

  it('delivers every message event in order, replays missed ones on resume, and never re-sends old ones', async () => {
    const path = `/api/v1/market-data/stream?symbols=Q1A&token=${TOKEN}`;
    const notes = (evs: SseEvent[]) =>
      evs.filter((e) => e.event === 'notification').map((e) => (JSON.parse(e.data) as { title: string }).title);
    engine.events.emit('notification', { title: 'before', body: '' });
    const first = collectSse(server.port, path, (evs) => notes(evs).length >= 3, { headers: headers() });
    const reader = collectSse(server.port, `${path}&token=${readToken}`, () => false, {
      headers: headers(),
      timeoutMs: 1000,
    });
    await new Promise((r) => setTimeout(r, 150));
    for (const title of ['one', 'two', 'three']) engine.events.emit('notification', { title, body: '' });
    const seen = await first;
    expect(notes(seen.events)).toEqual(['one', 'two', 'three']);
    expect(notes((await reader).events)).toEqual([]);
    const lastId = seen.events.at(-1)?.id ?? '';
    for (const title of ['four', 'five']) engine.events.emit('notification', { title, body: '' });
    const resumed = await collectSse(server.port, path, (evs) => notes(evs).length >= 2, {
      headers: { ...headers(), 'last-event-id': lastId },
      timeoutMs: 2000,
    });
    expect(notes(resumed.events)).toEqual(['four', 'five']);
  });

  it('keeps a client that never reads to the latest values, with a bounded buffer, then lets it go', async () => {
    const symbols = Array.from({ length: 400 }, (_, i) => `Q9${i}`);
    // A raw socket that sends its request and then never reads a byte.
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.pause();
    socket.write(
      `GET /api/v1/market-data/stream?symbols=${symbols.join(',')}&token=${TOKEN} HTTP/1.1\r\n` +
        `Host: 127.0.0.1:${server.port}\r\n\r\n`,
    );
    await new Promise((r) => setTimeout(r, 100));

    // About 1 MB per batch: far more than any socket buffer takes.
    const frameBytes = JSON.stringify(symbols.map((s) => quote(s, 1, 2000))).length;
    let maxBuffered = 0;
    let maxPending = 0;
    for (let i = 0; i < 40; i++) {
      engine.events.emit(
        'quote',
        symbols.map((s) => quote(s, i + 1, 2000)),
      );
      await new Promise((r) => setTimeout(r, 25));
      for (const c of server.sse.clients()) {
        maxBuffered = Math.max(maxBuffered, c.buffered);
        maxPending = Math.max(maxPending, c.pending);
      }
    }
    // 40 MB were published; the server holds at most one burst in user space and one value per symbol.
    expect(maxPending).toBeLessThanOrEqual(symbols.length);
    expect(maxBuffered).toBeLessThan(3 * frameBytes);
    // The stalled client is disconnected after stallMs (it may reconnect and resume). The paused
    // socket cannot see the close, so watch the server's side.
    expect(server.sse.clientCount()).toBe(1);
    const deadline = Date.now() + 5000;
    while (server.sse.clientCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(server.sse.clientCount()).toBe(0);
    socket.destroy();
  });
});

describe('fifty stream clients on the live feed', () => {
  let engine: Engine;
  let server: ApiServer;

  beforeAll(async () => {
    // Tier 1 every 50 ms needs a simulated plan above its default 10 calls a second: the budget
    // planner stretches what a plan cannot carry.
    engine = createTestEngine({ refreshIntervalMs: 50, env: { QUOTEDESK_SIMULATED_LIMITS: '100/s' } });
    await engine.start();
    server = await startEngineApi(engine, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await engine.stop();
  });

  it('keeps 50 clients updated for 30 s, at most one quote event per 100 ms each', { timeout: 60_000 }, async () => {
    const durationMs = 30_000;
    const started = Date.now();
    const arrivals: number[][] = Array.from({ length: 50 }, () => []);
    const clients = arrivals.map((times, i) =>
      collectSse(
        server.port,
        `/api/v1/market-data/stream?symbols=SPY,QQQ,NVDA&token=${TOKEN}`,
        (evs) => {
          const n = evs.filter((e) => e.event === 'quote').length;
          while (times.length < n) times.push(Date.now() - started);
          return false;
        },
        { headers: { host: `127.0.0.1:${server.port}`, 'x-client': String(i) }, timeoutMs: durationMs },
      ),
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect(server.sse.clientCount()).toBe(50);
    const results = await Promise.all(clients);
    for (const [i, r] of results.entries()) {
      expect(r.status).toBe(200);
      const times = arrivals[i] ?? [];
      // Updates all along: in every 5-second window of the run.
      for (let w = 0; w < durationMs - 5000; w += 5000) {
        expect(
          times.some((t) => t >= w && t < w + 5000),
          `client ${i} window ${w}`,
        ).toBe(true);
      }
      // Paced: the feed ticks every 50 ms, the stream sends at most one quote event per 100 ms.
      expect(times.length).toBeLessThanOrEqual(durationMs / 100 + 3);
      expect(times.length).toBeGreaterThan(durationMs / 1000);
    }
  });
});
