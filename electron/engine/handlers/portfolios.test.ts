import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Portfolio, PortfolioValuation } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { Quote } from '../../../shared/quote';
import { createTestEngine, tempDir } from '../../../test-support/engine';
import type { Engine } from '../index';
import { valuePortfolio } from './portfolios';

function quote(symbol: string, price: number, change: number, stale = false): Quote {
  return {
    symbol,
    name: symbol,
    exchange: 'NASDAQ',
    price,
    change,
    changePercent: (change / (price - change)) * 100,
    open: null,
    high: null,
    low: null,
    previousClose: price - change,
    volume: null,
    marketCap: null,
    tier: 1,
    source: 'simulated',
    asOf: `2026-03-10T15:0${symbol.length}:00.000Z`,
    fetchedAt: '2026-03-10T15:00:00.000Z',
    stale,
  };
}

describe('portfolio valuation', () => {
  const portfolio: Portfolio = {
    id: 1,
    name: 'Core',
    holdings: [
      { symbol: 'AAPL', shares: 10, costBasis: 1500 },
      { symbol: 'MSFT', shares: 2.5, costBasis: 1000 },
      { symbol: 'NEWCO', shares: 5, costBasis: 50 },
    ],
  };

  it('adds up value, day change and gain of the priced holdings, to the cent', () => {
    const v = valuePortfolio(
      portfolio,
      new Map([
        ['AAPL', quote('AAPL', 200.1, 2.1)],
        ['MSFT', quote('MSFT', 410.3, -4.7)],
      ]),
    );
    // AAPL 10 × 200.10 = 2001.00, MSFT 2.5 × 410.30 = 1025.75
    expect(v.value).toBe(3026.75);
    // 10 × 2.10 − 2.5 × 4.70 = 21 − 11.75
    expect(v.dayChange).toBe(9.25);
    expect(v.dayChangePercent).toBeCloseTo((9.25 / (3026.75 - 9.25)) * 100, 4);
    // The unpriced holding counts for nothing, its cost basis included.
    expect(v.costBasis).toBe(2500);
    expect(v.totalGain).toBe(526.75);
    expect(v.totalGainPercent).toBeCloseTo(21.07, 4);
    expect(v.stale).toBe(true);
    expect(v.asOf).toBe('2026-03-10T15:04:00.000Z');
    const [aapl, msft, newco] = v.holdings;
    expect(aapl).toMatchObject({ value: 2001, dayChange: 21, gain: 501, gainPercent: 33.4, stale: false });
    expect(aapl?.weightPercent).toBeCloseTo((2001 / 3026.75) * 100, 4);
    expect(msft).toMatchObject({ value: 1025.75, dayChange: -11.75, gain: 25.75 });
    expect(newco).toMatchObject({ price: null, value: null, gain: null, weightPercent: null, stale: true });
  });

  it('values an empty portfolio at zero and a free position without a gain percentage', () => {
    const empty = valuePortfolio({ id: 2, name: 'Empty', holdings: [] }, new Map());
    expect(empty).toMatchObject({
      value: 0,
      dayChange: 0,
      dayChangePercent: 0,
      totalGain: 0,
      asOf: null,
      stale: false,
    });
    expect(empty.totalGainPercent).toBeNull();
    const gift = valuePortfolio(
      { id: 3, name: 'Gift', holdings: [{ symbol: 'AAPL', shares: 1, costBasis: 0 }] },
      new Map([['AAPL', quote('AAPL', 100, 0)]]),
    );
    expect(gift.holdings[0]?.gainPercent).toBeNull();
    expect(gift.totalGain).toBe(100);
  });
});

describe('portfolios in the engine', () => {
  let engine: Engine;
  const dataDir = tempDir();

  beforeAll(async () => {
    engine = createTestEngine({ dataDir, refreshIntervalMs: 100 });
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  // Handlers take validated input (the REST layer and IPC parse it first), so symbols are upper case here.
  it('creates, updates and deletes portfolios, keeping the holdings in order', async () => {
    const p = await engine.api.createPortfolio({
      name: 'Retirement',
      holdings: [
        { symbol: 'MSFT', shares: 3, costBasis: 900 },
        { symbol: 'AAPL', shares: 10, costBasis: 1500 },
      ],
    });
    expect(p.name).toBe('Retirement');
    expect(p.holdings.map((h) => h.symbol)).toEqual(['MSFT', 'AAPL']);
    expect(engine.portfolioSymbols().sort()).toEqual(['AAPL', 'MSFT']);
    const renamed = await engine.api.updatePortfolio({ id: p.id, name: 'IRA' });
    expect(renamed.holdings).toHaveLength(2);
    const replaced = await engine.api.updatePortfolio({
      id: p.id,
      holdings: [{ symbol: 'NVDA', shares: 1, costBasis: 100 }],
    });
    expect(replaced).toEqual({ id: p.id, name: 'IRA', holdings: [{ symbol: 'NVDA', shares: 1, costBasis: 100 }] });
    expect(engine.portfolioSymbols()).toEqual(['NVDA']);
    await expect(Promise.resolve().then(() => engine.api.updatePortfolio({ id: 9999, name: 'x' }))).rejects.toThrow(
      ApiError,
    );
    await expect(
      Promise.resolve().then(() =>
        engine.api.createPortfolio({ name: 'x', holdings: [{ symbol: 'NOTREAL', shares: 1, costBasis: 1 }] }),
      ),
    ).rejects.toThrow(/not in the symbol universe: NOTREAL/);
    await engine.api.deletePortfolio({ id: p.id });
    expect(await engine.api.listPortfolios({})).toEqual([]);
    expect(engine.portfolioSymbols()).toEqual([]);
  });

  it('pushes live valuations as held symbols get new quotes', async () => {
    const p = await engine.api.createPortfolio({
      name: 'Live',
      holdings: [{ symbol: 'AMZN', shares: 4, costBasis: 600 }],
    });
    const seen: PortfolioValuation[][] = [];
    const off = engine.events.on('portfolio', (v) => seen.push(v));
    const deadline = Date.now() + 5000;
    while (seen.filter((v) => v.some((x) => x.id === p.id && x.value > 0)).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    off();
    const latest = seen.at(-1)?.find((x) => x.id === p.id);
    expect(latest?.value).toBeGreaterThan(0);
    const direct = await engine.api.getPortfolioValuation({ id: p.id });
    expect(direct.holdings[0]?.symbol).toBe('AMZN');
    expect(direct.value).toBeCloseTo(4 * (direct.holdings[0]?.price ?? 0), 2);
  });

  it('keeps portfolios in SQLite across a restart', async () => {
    await engine.api.createPortfolio({ name: 'Kept', holdings: [{ symbol: 'SPY', shares: 1, costBasis: 500 }] });
    await engine.stop();
    engine = createTestEngine({ dataDir, refreshIntervalMs: 100 });
    await engine.start();
    const names = (await engine.api.listPortfolios({})).map((p) => p.name);
    expect(names).toContain('Kept');
    expect(engine.portfolioSymbols()).toContain('SPY');
  });
});
