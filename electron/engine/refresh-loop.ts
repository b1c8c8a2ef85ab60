// A first, simple refresh loop: watchlist symbols every tick, the rest of the universe in turns.
// The tiered, budget-planned scheduler replaces it for real providers.
import type { Clock, TimerHandle } from './clock';
import type { Logger } from './logger';
import type { QuoteProvider } from './providers/types';
import type { QuoteService } from './quote-service';

export type RefreshLoopDeps = {
  clock: Clock;
  logger: Logger;
  provider: QuoteProvider;
  quotes: QuoteService;
  /** Refreshed on every tick (watchlists, index proxies). */
  prioritySymbols: () => string[];
  /** Everything else, refreshed in turns as the provider's bulk size allows. */
  allSymbols: () => string[];
  intervalMs: number;
};

export type RefreshLoop = {
  start(): void;
  stop(): Promise<void>;
  /** Fetches these symbols on the next call and resolves once they were stored (or failed). */
  refreshNow(symbols: string[]): Promise<void>;
  ticks(): number;
};

/** The least spacing between calls that keeps every window of the plan. */
export function minSpacingMs(provider: QuoteProvider): number {
  return Math.max(0, ...provider.limits.map((w) => Math.ceil(w.windowMs / w.limit)));
}

export function createRefreshLoop(deps: RefreshLoopDeps): RefreshLoop {
  const { clock, logger, provider, quotes } = deps;
  const spacing = Math.max(minSpacingMs(provider), 1);
  const onDemand = new Set<string>();
  let waiters: (() => void)[] = [];
  let cursor = 0;
  let timer: TimerHandle | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;
  let lastCall = -Infinity;
  let tickCount = 0;

  const pickBatch = (): string[] => {
    const size = provider.capabilities.bulkSize;
    const batch = new Set<string>(onDemand);
    onDemand.clear();
    for (const s of deps.prioritySymbols()) {
      if (batch.size >= size) break;
      batch.add(s);
    }
    const all = deps.allSymbols();
    for (let n = 0; batch.size < size && n < all.length; n++) {
      const s = all[cursor % all.length];
      cursor = (cursor + 1) % all.length;
      if (s) batch.add(s);
    }
    return [...batch];
  };

  const tick = async () => {
    const served = waiters;
    waiters = [];
    const batch = pickBatch();
    lastCall = clock.now();
    tickCount++;
    try {
      if (batch.length > 0) {
        const result = await provider.fetchQuotes(batch);
        quotes.ingest(provider.id, result.quotes, clock.now());
      }
    } catch (err) {
      logger.warn({ provider: provider.id, err: String(err) }, 'refresh failed');
    } finally {
      for (const w of served) w();
    }
  };

  const schedule = (delay: number) => {
    clock.clearTimeout(timer);
    if (!running) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      inFlight = tick().finally(() => {
        inFlight = undefined;
        schedule(deps.intervalMs);
      });
    }, delay);
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      clock.clearTimeout(timer);
      timer = undefined;
      await inFlight;
      for (const w of waiters) w();
      waiters = [];
    },
    refreshNow(symbols) {
      for (const s of symbols) onDemand.add(s);
      const done = new Promise<void>((resolve) => waiters.push(resolve));
      if (running && !inFlight) schedule(Math.max(0, lastCall + spacing - clock.now()));
      return done;
    },
    ticks: () => tickCount,
  };
}
