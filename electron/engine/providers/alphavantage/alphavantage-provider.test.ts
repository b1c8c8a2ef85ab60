import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAlphaVantage, type FakeAlphaVantage } from '../../../../test-support/fake-alphavantage/index';
import { createManualClock } from '../../clock';
import { parseLimits } from '../limits';
import { ProviderError } from '../types';
import { createAlphaVantageProvider } from './alphavantage-provider';

// Thursday 2025-11-06 10:00 New York.
const T0 = Date.parse('2025-11-06T15:00:00Z');
const KEY = 'AVKEY0123456789X';
let fake: FakeAlphaVantage | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

describe('Alpha Vantage client against the fake', () => {
  it('reads GLOBAL_QUOTE (last close on a free key), OVERVIEW, LISTING_STATUS and MARKET_STATUS', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeAlphaVantage({ clock });
    const av = createAlphaVantageProvider({ key: KEY, url: fake.url, limits: parseLimits('1/s,25/day'), clock, fetch });
    expect(av.capabilities.bulkSize).toBe(1);
    const [q] = (await av.fetchQuotes(['IBM'])).quotes;
    expect(q).toMatchObject({ symbol: 'IBM', asOf: Date.parse('2025-11-05T21:00:00Z') });
    expect(q?.volume).toBeGreaterThan(0);
    await clock.advance(1001);
    expect(await av.fetchQuotes(['NOPE'])).toEqual({ quotes: [], unknown: ['NOPE'] });
    await clock.advance(1001);
    expect((await av.fetchProfile('AAPL'))?.sharesOutstanding).toBeGreaterThan(1e9);
    await clock.advance(1001);
    expect((await av.fetchUniverse()).length).toBeGreaterThan(5500);
    await clock.advance(1001);
    expect((await av.marketStatus()).isOpen).toBe(true);
    expect(fake.counters().violations).toBe(0);
  });

  it('redacts the key AV echoes when the day is spent, and calls a missing key invalid', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeAlphaVantage({ clock });
    const av = createAlphaVantageProvider({ key: KEY, url: fake.url, limits: parseLimits('1/s,25/day'), clock, fetch });
    fake.setScenario({ kind: 'daily-limit' }, { times: 1 });
    const daily = await failure(av.fetchQuotes(['IBM']));
    expect(daily.kind).toBe('daily_limit');
    expect(daily.message).not.toContain(KEY);
    const noKey = createAlphaVantageProvider({ key: '', url: fake.url, limits: [], clock, fetch });
    const auth = await failure(noKey.fetchQuotes(['IBM']));
    expect(auth.kind).toBe('auth');
  });

  it('uses bulk quotes on a plan that has them and drops to GLOBAL_QUOTE for good when it does not', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeAlphaVantage({ clock, plan: 'premium' });
    const paid = createAlphaVantageProvider({
      key: KEY,
      url: fake.url,
      limits: parseLimits('75/min'),
      clock,
      fetch,
      bulk: true,
    });
    const batch = await paid.fetchQuotes(['MSFT', 'AAPL', 'NOPE']);
    expect(batch.quotes.map((q) => q.symbol)).toEqual(['MSFT', 'AAPL']);
    expect(batch.unknown).toEqual(['NOPE']);
    await fake.stop();

    fake = await startFakeAlphaVantage({ clock });
    const free = createAlphaVantageProvider({
      key: KEY,
      url: fake.url,
      limits: parseLimits('1/s,25/day'),
      clock,
      fetch,
      bulk: true,
    });
    expect(free.capabilities.bulkSize).toBe(100);
    const refused = await failure(free.fetchQuotes(['MSFT', 'AAPL']));
    expect(refused.kind).toBe('premium');
    expect(free.capabilities.bulkSize).toBe(1);
    expect(free.endpointFor('quotes')).toBe('GLOBAL_QUOTE');
  });
});
