import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/engine';
import { createManualClock } from './clock';
import { createEventHub } from './events';
import { createSilentLogger } from './logger';
import type { ProviderQuote } from './providers/types';
import { createQuoteCache } from './quote-cache';
import { createQuoteService } from './quote-service';
import { openDatabase } from './store/db';
import { migrate } from './store/migrate';
import { migrations } from './store/migrations/index';
import { createQuotesRepo } from './store/quotes-repo';
import type { SymbolRow } from './store/symbols-repo';

// Thursday 2025-11-06 11:00 New York.
const T0 = Date.parse('2025-11-06T16:00:00Z');

function setup() {
  const db = openDatabase(path.join(tempDir(), 'q.sqlite'));
  migrate(db, migrations);
  db.prepare(
    "INSERT INTO symbols (symbol, name, exchange, updated_at) VALUES ('AAPL', 'Apple Inc.', 'NASDAQ', 0)",
  ).run();
  const row: SymbolRow = {
    symbol: 'AAPL',
    name: 'Apple Inc.',
    exchange: 'NASDAQ',
    mic: null,
    sector: null,
    industry: null,
    country: null,
    securityType: 'common',
    isSpac: false,
    marketCap: null,
    sharesOutstanding: 15e9,
    avgVolume: null,
    refPrice: 200,
    refVolume: null,
    tier: 1,
    active: true,
  };
  const service = createQuoteService({
    clock: createManualClock(T0),
    logger: createSilentLogger(),
    events: createEventHub(() => undefined),
    cache: createQuoteCache(),
    quotes: createQuotesRepo(db),
    symbols: () => new Map([['AAPL', row]]),
  });
  return { db, service };
}

const q = (price: number, volume: number | null, asOf: number): ProviderQuote => ({
  symbol: 'AAPL',
  price,
  change: 1,
  changePercent: 0.5,
  open: null,
  high: null,
  low: null,
  previousClose: price - 1,
  volume,
  asOf,
});

describe('quote volume and its origin', () => {
  it('keeps the consolidated volume of the same New York day when a provider without volume updates the price', () => {
    const { db, service } = setup();
    service.ingest('alphavantage', [q(200, 1_000_000, T0)]);
    const [carried] = service.ingest('finnhub', [q(201, null, T0 + 60_000)]);
    expect(carried).toMatchObject({ price: 201, volume: 1_000_000, source: 'finnhub', marketCap: 201 * 15e9 });
    const row = db.prepare('SELECT volume_source, volume_as_of FROM quotes WHERE symbol = ?').get('AAPL');
    expect(row).toEqual({ volume_source: 'alphavantage', volume_as_of: T0 });
    // The carried volume is not written into the chart history as if measured at the new time.
    const points = db.prepare('SELECT ts, volume FROM quote_history ORDER BY ts').all();
    expect(points).toEqual([
      { ts: T0, volume: 1_000_000 },
      { ts: T0 + 60_000, volume: null },
    ]);
    // The next New York day starts without a volume until a consolidated source reports one.
    const [nextDay] = service.ingest('finnhub', [q(202, null, T0 + 86_400_000)]);
    expect(nextDay?.volume).toBeNull();
    db.close();
  });

  it('drops the simulated quotes when real providers take over', () => {
    const { db, service } = setup();
    service.ingest('simulated', [q(200, 5, T0)]);
    expect(service.get('AAPL')?.source).toBe('simulated');
    expect(service.dropSource('simulated')).toBe(1);
    expect(service.get('AAPL')).toBeUndefined();
    db.close();
  });
});
