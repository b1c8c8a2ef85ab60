// A first, simple refresh loop: watchlist symbols and the universe in turns, through the gateway.
// The tiered, budget-planned scheduler replaces it; the gateway keeps it inside every limit.
import type { RateWindow } from '../../shared/contract';
import type { ProviderId } from '../../shared/quote';
import { sleep, type Clock, type TimerHandle } from './clock';
import type { Logger } from './logger';
import type { GatewayQuote, QuoteGateway } from './providers/gateway';
import type { QuoteService } from './quote-service';

export type RefreshLoopDeps = {
  clock: Clock;
  logger: Logger;
  gateway: QuoteGateway;
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

/** The steady spacing between calls that keeps every window of a plan (a day's cap spread over the day). */
export function minSpacingMs(limits: RateWindow[]): number {
  return Math.max(0, ...limits.map((w) => Math.ceil(w.windowMs / w.limit)));
}

/** Stores a gateway batch, one ingest per provider that answered. */
export function ingestBySource(quotes: QuoteService, batch: GatewayQuote[], fetchedAt: number): void {
  const bySource = new Map<ProviderId, GatewayQuote[]>();
  for (const q of batch) {
    const list = bySource.get(q.source);
    if (list) list.push(q);
    else bySource.set(q.source, [q]);
  }
  for (const [source, list] of bySource) quotes.ingest(source, list, fetchedAt);
}

/** How long refreshNow waits for an answer before the caller is told to retry. */
export const ON_DEMAND_WAIT_MS = 15_000;

export function createRefreshLoop(deps: RefreshLoopDeps): RefreshLoop {
  const { clock, logger, gateway, quotes } = deps;
  let cursor = 0;
  let priorityCursor = 0;
  let timer: TimerHandle | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;
  let tickCount = 0;
  const onDemand = new Set<Promise<void>>();

  /** Priority symbols and the universe share each batch (alternating ticks when a call carries one). */
  const pickBatch = (size: number): string[] => {
    const batch = new Set<string>();
    const priority = deps.prioritySymbols();
    const share = size === 1 ? (tickCount % 2 === 0 ? 1 : 0) : Math.ceil(size / 2);
    for (let n = 0; batch.size < Math.min(share, priority.length) && n < priority.length; n++) {
      const s = priority[priorityCursor % priority.length];
      priorityCursor = (priorityCursor + 1) % priority.length;
      if (s) batch.add(s);
    }
    const all = deps.allSymbols();
    for (let n = 0; batch.size < size && n < all.length; n++) {
      const s = all[cursor % all.length];
      cursor = (cursor + 1) % all.length;
      if (s) batch.add(s);
    }
    return [...batch];
  };

  const first = () => gateway.capacity()[0];

  const tick = async () => {
    const cap = first();
    const batch = pickBatch(Math.max(1, cap?.bulkSize ?? 1));
    tickCount++;
    try {
      if (batch.length > 0) {
        const result = await gateway.fetchQuotes(batch, 'tier2');
        ingestBySource(quotes, result.quotes, clock.now());
      }
    } catch (err) {
      logger.warn({ err: String(err) }, 'refresh failed');
    }
  };

  /** The next tick: never sooner than the interval, nor than the first provider's steady rate. */
  const nextDelay = () => Math.max(deps.intervalMs, minSpacingMs(first()?.limits ?? []));

  const schedule = (delay: number) => {
    clock.clearTimeout(timer);
    if (!running) return;
    timer = clock.setTimeout(() => {
      timer = undefined;
      inFlight = tick().finally(() => {
        inFlight = undefined;
        schedule(nextDelay());
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
      await Promise.allSettled([...onDemand]);
    },
    refreshNow(symbols) {
      // On demand goes to the gateway at once, ahead of every tier, still inside every limit.
      const p = gateway
        .fetchQuotes(symbols, 'on-demand')
        .then((r) => ingestBySource(quotes, r.quotes, clock.now()))
        .catch((err: unknown) => logger.warn({ err: String(err) }, 'refresh on demand failed'))
        .finally(() => onDemand.delete(p));
      onDemand.add(p);
      // A caller waits a while for the answer; a slow slot still fills the cache when it comes.
      return Promise.race([p, sleep(clock, ON_DEMAND_WAIT_MS)]);
    },
    ticks: () => tickCount,
  };
}
