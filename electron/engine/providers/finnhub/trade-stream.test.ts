import { afterEach, describe, expect, it } from 'vitest';
import { startFakeFinnhub, type FakeFinnhub } from '../../../../test-support/fake-finnhub/index';
import { runClock, waitFor } from '../../../../test-support/wait';
import { createManualClock } from '../../clock';
import { createSilentLogger } from '../../logger';
import { rejectReason } from '../../quote-service';
import type { Trade } from './parse';
import { foldTrades } from './trade-fold';
import { createTradeStream, type TradeStream } from './trade-stream';

const T0 = Date.parse('2025-07-21T15:00:00Z');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(cap = 50) {
  const clock = createManualClock(T0);
  const fake: FakeFinnhub = await startFakeFinnhub({ clock, pingIntervalMs: 10_000, tradeIntervalMs: 1000 });
  cleanups.push(() => fake.stop());
  const trades: Trade[] = [];
  const stream: TradeStream = createTradeStream({
    url: fake.wsUrl,
    key: 'k',
    clock,
    logger: createSilentLogger(),
    symbolCap: cap,
    idleTimeoutMs: 30_000,
    onTrades: (t) => trades.push(...t),
  });
  cleanups.push(() => stream.close());
  const busy = () => fake.inFlight() > 0;
  return { clock, fake, stream, trades, busy };
}

describe('Finnhub trade stream against the fake', () => {
  it('subscribes one message per symbol, receives batched trades and pings, and unsubscribes', async () => {
    const { clock, fake, stream, trades, busy } = await setup();
    stream.setSymbols(['AAPL', 'MSFT']);
    await waitFor(() => fake.subscriptions()[0]?.length === 2, 5000, 'subscriptions');
    expect(fake.subscriptions()).toEqual([['AAPL', 'MSFT']]);
    await runClock(clock, T0 + 3500, busy, 500);
    await waitFor(() => trades.length >= 6, 5000, 'trades');
    expect(new Set(trades.map((t) => t.symbol))).toEqual(new Set(['AAPL', 'MSFT']));
    expect(stream.status().state).toBe('open');
    stream.setSymbols(['AAPL']);
    await waitFor(() => fake.subscriptions()[0]?.length === 1, 5000, 'unsubscribe');
    expect(fake.counters().ws).toMatchObject({ subscribeMessages: 2, unsubscribeMessages: 1, capViolations: 0 });
  });

  it('never subscribes beyond its symbol cap', async () => {
    const { fake, stream } = await setup(3);
    const r = stream.setSymbols(['A', 'B', 'C', 'D', 'E']);
    expect(r).toEqual({ streaming: ['A', 'B', 'C'], refused: ['D', 'E'] });
    await waitFor(() => fake.subscriptions()[0]?.length === 3, 5000, 'subscriptions');
    expect(fake.counters().ws.capViolations).toBe(0);
  });

  it('reconnects with backoff and resubscribes after the connection is cut', async () => {
    const { clock, fake, stream, busy } = await setup();
    stream.setSymbols(['AAPL', 'NVDA', 'SPY']);
    await waitFor(() => fake.subscriptions()[0]?.length === 3, 5000, 'subscriptions');
    fake.dropWebSockets();
    await waitFor(() => stream.status().state === 'reconnecting', 5000, 'the drop to be seen');
    expect(stream.status().retryAt).not.toBeNull();
    await runClock(clock, clock.now() + 2000, busy, 250);
    await waitFor(() => fake.subscriptions()[0]?.length === 3, 5000, 'resubscription');
    expect(fake.subscriptions()).toEqual([['AAPL', 'NVDA', 'SPY']]);
    expect(fake.counters().ws.opened).toBe(2);
    expect(stream.status()).toMatchObject({ state: 'open', reconnects: 1 });
  });

  it('treats a connection that goes silent (no trades, no pings) as dropped', async () => {
    const { clock, fake, stream, busy } = await setup();
    stream.setSymbols(['AAPL']);
    await waitFor(
      () => fake.subscriptions().length === 1 && fake.subscriptions()[0]?.length === 1,
      5000,
      'subscription',
    );
    fake.silenceWebSockets();
    await runClock(clock, clock.now() + 29_000, busy, 1000);
    expect(fake.counters().ws.opened).toBe(1);
    await runClock(clock, clock.now() + 5_000, busy, 250);
    await waitFor(() => fake.counters().ws.opened === 2 && stream.status().state === 'open', 5000, 'reconnect');
    await waitFor(() => fake.subscriptions().some((s) => s.length === 1), 5000, 'resubscription');
    expect(stream.status().reconnects).toBe(1);
  });
});

describe('folding trades into quotes', () => {
  const base = { price: 100, change: 1, previousClose: 99, open: 99.5, high: 101, low: 98, asOf: T0 - 60_000 };

  it('takes the last trade as price and time, widens the range, and never sets volume', () => {
    const trades: Trade[] = [
      { symbol: 'AAPL', price: 102, time: T0 - 1000, volume: 50 },
      { symbol: 'AAPL', price: 97.5, time: T0 - 2000, volume: 10 },
      { symbol: 'AAPL', price: 100.5, time: T0, volume: 5 },
    ];
    const [q] = foldTrades(trades, () => base, T0 + 10);
    expect(q).toEqual({
      symbol: 'AAPL',
      price: 100.5,
      change: 1.5,
      changePercent: 1.5152,
      open: 99.5,
      high: 102,
      low: 97.5,
      previousClose: 99,
      volume: null,
      asOf: T0,
    });
    expect(rejectReason(q!)).toBeNull();
  });

  it('ignores trades older than the stored quote, from another day, from the future, or without a base', () => {
    const old: Trade = { symbol: 'AAPL', price: 1, time: T0 - 120_000, volume: 1 };
    const tomorrow: Trade = { symbol: 'AAPL', price: 1, time: T0 + 86_400_000, volume: 1 };
    expect(foldTrades([old, tomorrow], () => base, T0 + 2 * 86_400_000)).toEqual([]);
    expect(foldTrades([{ symbol: 'X', price: 5, time: T0, volume: 1 }], () => undefined, T0)).toEqual([]);
  });
});
