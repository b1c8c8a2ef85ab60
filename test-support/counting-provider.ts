// A provider with a real plan's shape (id, limits, bulk size) that logs every call and counts violations
// itself, independently of the scheduler's pacing: a call beyond any window is refused like a 429.
import type { RateWindow } from '../shared/contract';
import type { ProviderId } from '../shared/quote';
import type { Clock } from '../electron/engine/clock';
import { ProviderError, type QuoteProvider } from '../electron/engine/providers/types';

export type CallRecord = { ts: number; symbols: string[]; kind: 'quote' | 'profile'; refused: boolean };

export type CountingProvider = QuoteProvider & {
  log: CallRecord[];
  violations(): number;
  calls(): number;
};

export function createCountingProvider(options: {
  id: ProviderId;
  limits: RateWindow[];
  bulkSize: number;
  clock: Clock;
  /** Where the prices come from (the simulated feed). */
  inner: QuoteProvider;
}): CountingProvider {
  const { clock, inner, limits } = options;
  const log: CallRecord[] = [];
  const times: number[] = [];
  let violations = 0;

  /** True when this call breaks a window: more than `limit` calls within any `windowMs`. */
  const breaks = (t: number) => {
    let broken = false;
    for (const w of limits) {
      let n = 1;
      for (let i = times.length - 1; i >= 0 && (times[i] ?? 0) > t - w.windowMs; i--) n++;
      if (n > w.limit) broken = true;
    }
    return broken;
  };

  const call = (symbols: string[], kind: CallRecord['kind']) => {
    const ts = clock.now();
    const refused = breaks(ts);
    times.push(ts);
    if (times.length > 100_000) times.splice(0, 50_000);
    log.push({ ts, symbols, kind, refused });
    if (refused) {
      violations++;
      throw new ProviderError(options.id, 'rate_limited', 'API limit reached. Please try again later.', {
        status: 429,
      });
    }
  };

  return {
    id: options.id,
    capabilities: { bulkSize: options.bulkSize, streaming: false, consolidatedVolume: true },
    limits,
    async fetchQuotes(symbols, opts) {
      call(symbols, 'quote');
      return inner.fetchQuotes(symbols.slice(0, options.bulkSize), opts);
    },
    async fetchProfile(symbol, opts) {
      call([symbol], 'profile');
      return inner.fetchProfile(symbol, opts);
    },
    fetchUniverse: (opts) => inner.fetchUniverse(opts),
    log,
    violations: () => violations,
    calls: () => log.length,
  };
}
