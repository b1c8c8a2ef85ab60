// A QuoteGateway over one QuoteProvider: exact sliding-window limits, priority order, pauses after limits.
// Stands in for the provider manager where there is one provider (the simulated feed, tests).
import type { ProviderId } from '../../../shared/quote';
import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../logger';
import type { FetchPriority, GatewayResult, ProviderCapacity, QuoteGateway } from '../providers/gateway';
import { ProviderError, type ProviderProfile, type QuoteProvider } from '../providers/types';

const RANK: Record<FetchPriority, number> = { 'on-demand': 0, tier1: 1, tier2: 2, tier3: 3 };

export type ProfileGateway = {
  fetchProfile(symbol: string, priority: FetchPriority, signal?: AbortSignal): Promise<ProviderProfile | null>;
};

export type SingleProviderGateway = QuoteGateway &
  ProfileGateway & {
    readonly providerId: ProviderId;
    /** Calls that left, in order (for tests and the status). */
    calls(): number;
    close(): void;
  };

type Waiter = { rank: number; seq: number; go: () => void; fail: (err: Error) => void };

export function createSingleProviderGateway(deps: {
  provider: QuoteProvider;
  clock: Clock;
  logger: Logger;
}): SingleProviderGateway {
  const { provider, clock, logger } = deps;
  const windows = provider.limits.map((w) => ({ ms: w.windowMs, limit: w.limit }));
  const longest = Math.max(0, ...windows.map((w) => w.ms));
  let log: number[] = [];
  let waiters: Waiter[] = [];
  let seq = 0;
  let timer: TimerHandle | undefined;
  let pausedUntil: number | null = null;
  let callCount = 0;
  let closed = false;

  const prune = (now: number) => {
    let i = 0;
    while (i < log.length && (log[i] ?? 0) <= now - longest) i++;
    if (i > 0) log = log.slice(i);
  };

  /** Milliseconds until one more call keeps every window (0 = now). */
  const slotWait = (now: number) => {
    prune(now);
    let wait = pausedUntil !== null && pausedUntil > now ? pausedUntil - now : 0;
    for (const w of windows) {
      let n = 0;
      for (let i = log.length - 1; i >= 0 && (log[i] ?? 0) > now - w.ms; i--) n++;
      if (n >= w.limit) {
        const oldest = log[log.length - w.limit] ?? now;
        wait = Math.max(wait, oldest + w.ms - now + 1);
      }
    }
    return wait;
  };

  const pump = () => {
    clock.clearTimeout(timer);
    timer = undefined;
    while (waiters.length > 0 && !closed) {
      const now = clock.now();
      const wait = slotWait(now);
      if (wait > 0) {
        timer = clock.setTimeout(pump, wait);
        return;
      }
      waiters.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      const next = waiters.shift();
      if (!next) return;
      log.push(now);
      callCount++;
      next.go();
    }
  };

  /** Resolves when a call of this priority may leave; the slot is taken on resolve. */
  const slot = (priority: FetchPriority, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (closed) return reject(new Error('gateway closed'));
      const w: Waiter = { rank: RANK[priority], seq: seq++, go: resolve, fail: reject };
      waiters.push(w);
      signal?.addEventListener(
        'abort',
        () => {
          waiters = waiters.filter((x) => x !== w);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        { once: true },
      );
      pump();
    });

  const onError = (err: unknown) => {
    if (err instanceof ProviderError && (err.kind === 'rate_limited' || err.kind === 'daily_limit')) {
      // The provider said stop: wait for its window, so the next call is not a second refusal.
      const until = err.retryAt ?? clock.now() + longest;
      pausedUntil = Math.max(pausedUntil ?? 0, until);
      logger.warn({ provider: provider.id, until: new Date(until).toISOString() }, 'provider paused after a limit');
    } else {
      logger.warn({ provider: provider.id, err: String(err) }, 'quote call failed');
    }
  };

  return {
    providerId: provider.id,
    async fetchQuotes(symbols, priority, signal) {
      const result: GatewayResult = { quotes: [], unknown: [], failed: [] };
      const bulk = Math.max(1, provider.capabilities.bulkSize);
      for (let i = 0; i < symbols.length; i += bulk) {
        const chunk = symbols.slice(i, i + bulk);
        try {
          await slot(priority, signal);
          const batch = await provider.fetchQuotes(chunk, signal ? { signal } : {});
          for (const q of batch.quotes) result.quotes.push({ ...q, source: provider.id });
          result.unknown.push(...batch.unknown);
          const answered = new Set([...batch.quotes.map((q) => q.symbol), ...batch.unknown]);
          for (const s of chunk) if (!answered.has(s)) result.failed.push(s);
        } catch (err) {
          if (signal?.aborted || closed) {
            result.failed.push(...symbols.slice(i));
            break;
          }
          onError(err);
          result.failed.push(...chunk);
        }
      }
      return result;
    },
    async fetchProfile(symbol, priority, signal) {
      await slot(priority, signal);
      try {
        return await provider.fetchProfile(symbol, signal ? { signal } : {});
      } catch (err) {
        onError(err);
        throw err;
      }
    },
    capacity(): ProviderCapacity[] {
      const now = clock.now();
      prune(now);
      return [
        {
          id: provider.id,
          limits: provider.limits,
          bulkSize: provider.capabilities.bulkSize,
          // A stream needs a subscriber; this adapter has none.
          streaming: false,
          streamSymbolCap: 0,
          pausedUntil: pausedUntil !== null && pausedUntil > now ? pausedUntil : null,
          used: windows.map((w) => log.filter((t) => t > now - w.ms).length),
        },
      ];
    },
    nextSlotIn(priority) {
      const now = clock.now();
      const ahead = waiters.filter((w) => w.rank <= RANK[priority]).length;
      const wait = slotWait(now);
      if (ahead === 0) return wait;
      const spacing = Math.max(0, ...windows.map((w) => w.ms / w.limit));
      return wait + ahead * spacing;
    },
    calls: () => callCount,
    close() {
      closed = true;
      clock.clearTimeout(timer);
      for (const w of waiters) w.fail(new Error('gateway closed'));
      waiters = [];
    },
  };
}
