// Quote objects for tests that need a plausible quote without an engine.
import type { Quote } from '../shared/quote';

export function makeQuote(symbol: string, price: number, changePercent: number, overrides: Partial<Quote> = {}): Quote {
  const previousClose = price / (1 + changePercent / 100);
  return {
    symbol,
    name: `${symbol} Inc.`,
    exchange: 'NASDAQ',
    price,
    change: price - previousClose,
    changePercent,
    open: previousClose,
    high: Math.max(price, previousClose),
    low: Math.min(price, previousClose),
    previousClose,
    volume: 1_000_000,
    marketCap: null,
    tier: 1,
    source: 'simulated',
    asOf: '2026-03-10T15:00:00.000Z',
    fetchedAt: '2026-03-10T15:00:00.000Z',
    stale: false,
    ...overrides,
  };
}
