import { describe, expect, it } from 'vitest';
import { createSimulationClock } from '../../../test-support/sim-clock';
import { createCountingProvider } from '../../../test-support/counting-provider';
import { createSilentLogger } from '../logger';
import { parseLimits } from '../providers/limits';
import { createSimulatedProvider } from '../providers/simulated/simulated-provider';
import { ProviderError, type QuoteProvider } from '../providers/types';
import { createSingleProviderGateway } from './single-provider-gateway';

const T0 = Date.parse('2026-11-23T15:00:00Z');
const SYMBOLS = Array.from({ length: 200 }, (_, i) => `S${String(i).padStart(3, '0')}`);

function setup(limits = '30/s,60/min') {
  const clock = createSimulationClock(T0);
  const inner = createSimulatedProvider({
    seed: 1,
    clock,
    limits: [],
    universe: () =>
      new Map(
        SYMBOLS.map((s) => [
          s,
          { symbol: s, name: s, exchange: 'NYSE', refPrice: 10, avgVolume: 1000, sharesOutstanding: 1e6 },
        ]),
      ),
  });
  const provider = createCountingProvider({ id: 'finnhub', limits: parseLimits(limits), bulkSize: 1, clock, inner });
  const gateway = createSingleProviderGateway({ provider, clock, logger: createSilentLogger() });
  return { clock, provider, gateway };
}

describe('single-provider gateway', () => {
  it('waits for slots rather than break a limit, and serves higher priorities first', async () => {
    const { clock, provider, gateway } = setup();
    const order: string[] = [];
    const low = gateway.fetchQuotes(SYMBOLS.slice(0, 100), 'tier3').then((r) => order.push(`tier3:${r.quotes.length}`));
    await clock.runUntil(T0 + 1);
    const high = gateway
      .fetchQuotes(['S150', 'S151'], 'on-demand')
      .then((r) => order.push(`on-demand:${r.quotes.length}`));
    await clock.runUntil(T0 + 5 * 60_000);
    await Promise.all([low, high]);
    expect(order).toEqual(['on-demand:2', 'tier3:100']);
    expect(provider.violations()).toBe(0);
    expect(provider.calls()).toBe(102);
    // 102 calls at 60 a minute: the last left in the second minute.
    expect(provider.log.at(-1)?.ts).toBeGreaterThanOrEqual(T0 + 60_000);
    // The on-demand pair went out before the 61st tier-3 call.
    const firstOnDemand = provider.log.findIndex((c) => c.symbols[0] === 'S150');
    expect(firstOnDemand).toBeLessThan(61);
  });

  it('reports its capacity and when the next call could leave', async () => {
    const { clock, gateway } = setup('2/s,5/min');
    await Promise.all([gateway.fetchQuotes(SYMBOLS.slice(0, 5), 'tier1'), clock.runUntil(T0 + 10_000)]);
    const [cap] = gateway.capacity();
    expect(cap).toMatchObject({ id: 'finnhub', bulkSize: 1, streaming: false, pausedUntil: null });
    expect(cap?.used).toEqual([0, 5]);
    expect(gateway.nextSlotIn('on-demand')).toBeGreaterThan(40_000);
  });

  it('pauses after the provider says its limit is reached, until it said calls may resume', async () => {
    const clock = createSimulationClock(T0);
    let calls = 0;
    const provider: QuoteProvider = {
      id: 'finnhub',
      capabilities: { bulkSize: 1, streaming: false, consolidatedVolume: true },
      limits: parseLimits('30/s,60/min'),
      fetchQuotes: (symbols) => {
        calls++;
        if (calls === 1) {
          return Promise.reject(
            new ProviderError('finnhub', 'rate_limited', 'API limit reached', { status: 429, retryAt: T0 + 30_000 }),
          );
        }
        return Promise.resolve({ quotes: [], unknown: symbols });
      },
      fetchProfile: () => Promise.resolve(null),
      fetchUniverse: () => Promise.resolve([]),
    };
    const gateway = createSingleProviderGateway({ provider, clock, logger: createSilentLogger() });
    const first = await gateway.fetchQuotes(['AAPL'], 'tier1');
    expect(first.failed).toEqual(['AAPL']);
    expect(gateway.capacity()[0]?.pausedUntil).toBe(T0 + 30_000);
    expect(gateway.nextSlotIn('on-demand')).toBe(30_000);
    const second = gateway.fetchQuotes(['MSFT'], 'on-demand');
    await clock.runUntil(T0 + 29_000);
    expect(calls).toBe(1);
    await clock.runUntil(T0 + 31_000);
    expect((await second).unknown).toEqual(['MSFT']);
    expect(calls).toBe(2);
  });
});
