// Owns the latest quotes: validates and stores provider batches, serves reads through the cache.
import type { MarketLiveQuery, QuotePage } from '../../shared/contract';
import { DEFAULT_STALE_AFTER_MS } from '../../shared/market';
import type { ProviderId, Quote, SymbolInfo, Tier } from '../../shared/quote';
import type { Clock } from './clock';
import type { EventHub } from './events';
import type { Logger } from './logger';
import type { ProviderQuote } from './providers/types';
import { dateIn, NEW_YORK } from './providers/zoned-time';
import type { QuoteCache } from './quote-cache';
import type { HistoryPoint, QuotesRepo, StoredQuote } from './store/quotes-repo';
import type { SymbolRow } from './store/symbols-repo';

/** Minimum spacing of intraday history points per symbol: one-minute resolution for the charts. */
export const HISTORY_SPACING_MS = 60_000;

/** Intraday history is kept for charts of the last few sessions, not as an archive. */
export const HISTORY_RETENTION_MS = 4 * 86_400_000;

export type StalenessPolicy = (tier: Tier, now: number) => number;

/** Until the scheduler says otherwise: twice each tier's default interval (5 min, 15 min, 1 day). */
export const defaultStaleness: StalenessPolicy = (tier) => DEFAULT_STALE_AFTER_MS[tier];

export type QuoteServiceDeps = {
  clock: Clock;
  logger: Logger;
  events: EventHub;
  cache: QuoteCache;
  quotes: QuotesRepo;
  symbols: () => ReadonlyMap<string, SymbolRow>;
  staleAfter?: StalenessPolicy;
};

function finitePositive(n: number | null): boolean {
  return n !== null && Number.isFinite(n) && n > 0;
}

/** Why a provider quote cannot be stored, or null when it is sound. */
export function rejectReason(q: ProviderQuote): string | null {
  if (!finitePositive(q.price)) return `price ${q.price} is not a positive number`;
  if (!Number.isFinite(q.change) || !Number.isFinite(q.changePercent)) return 'change is not a number';
  for (const k of ['open', 'high', 'low', 'previousClose'] as const) {
    const v = q[k];
    if (v !== null && !finitePositive(v)) return `${k} ${v} is not a positive number`;
  }
  if (q.volume !== null && (!Number.isFinite(q.volume) || q.volume < 0)) return `volume ${q.volume} is negative`;
  if (!Number.isFinite(q.asOf) || q.asOf <= 0) return 'asOf is not a time';
  return null;
}

export type QuoteService = ReturnType<typeof createQuoteService>;

export function createQuoteService(deps: QuoteServiceDeps) {
  const { clock, logger, events, cache, quotes } = deps;
  const staleAfter = deps.staleAfter ?? defaultStaleness;
  const lastHistory = quotes.lastHistoryTimes();
  for (const q of quotes.all()) cache.set(q);

  const toQuote = (q: StoredQuote, s: SymbolRow, now: number): Quote => ({
    symbol: q.symbol,
    name: s.name,
    exchange: s.exchange,
    price: q.price,
    change: q.change,
    changePercent: q.changePercent,
    open: q.open,
    high: q.high,
    low: q.low,
    previousClose: q.previousClose,
    volume: q.volume === null ? null : Math.round(q.volume),
    marketCap: s.sharesOutstanding === null ? null : Math.round(q.price * s.sharesOutstanding),
    tier: s.tier,
    source: q.source,
    asOf: new Date(q.asOf).toISOString(),
    fetchedAt: new Date(q.fetchedAt).toISOString(),
    stale: now - q.fetchedAt > staleAfter(s.tier, now),
  });

  return {
    /**
     * Stores a provider batch in one transaction and pushes the quotes that changed.
     * Unsound quotes and unknown symbols are dropped with a warning; nothing wrong is stored.
     */
    ingest(source: ProviderId, batch: ProviderQuote[], fetchedAt = clock.now()): Quote[] {
      const directory = deps.symbols();
      const accepted: StoredQuote[] = [];
      const points: { symbol: string; point: HistoryPoint }[] = [];
      for (const pq of batch) {
        const reason = directory.has(pq.symbol) ? rejectReason(pq) : 'not in the universe';
        if (reason) {
          logger.warn({ provider: source, symbol: pq.symbol, reason }, 'quote rejected');
          continue;
        }
        const prev = cache.peek(pq.symbol);
        // A late answer never replaces a newer quote.
        if (prev && prev.asOf > pq.asOf) continue;
        // A provider without the day's consolidated volume (Finnhub /quote, its IEX-only stream)
        // keeps the volume another provider reported earlier the same New York day; else none.
        let volume = pq.volume;
        let volumeSource: ProviderId | null = pq.volume === null ? null : source;
        let volumeAsOf: number | null = pq.volume === null ? null : pq.asOf;
        if (volume === null && prev && prev.volume !== null) {
          const prevAt = prev.volumeAsOf ?? prev.asOf;
          if (dateIn(prevAt, NEW_YORK) === dateIn(pq.asOf, NEW_YORK)) {
            volume = prev.volume;
            volumeSource = prev.volumeSource ?? prev.source;
            volumeAsOf = prevAt;
          }
        }
        const stored: StoredQuote = {
          symbol: pq.symbol,
          price: pq.price,
          change: pq.change,
          changePercent: pq.changePercent,
          open: pq.open,
          high: pq.high,
          low: pq.low,
          previousClose: pq.previousClose,
          volume,
          source,
          asOf: pq.asOf,
          fetchedAt,
          volumeSource,
          volumeAsOf,
        };
        accepted.push(stored);
        const last = lastHistory.get(pq.symbol) ?? 0;
        if (pq.asOf - last >= HISTORY_SPACING_MS) {
          // History keeps only volumes measured at the point's time, never a carried one.
          points.push({ symbol: pq.symbol, point: { ts: pq.asOf, price: pq.price, volume: pq.volume } });
        }
      }
      if (accepted.length === 0) return [];
      quotes.write(accepted, points);
      for (const p of points) lastHistory.set(p.symbol, p.point.ts);
      const now = clock.now();
      const changed: Quote[] = [];
      for (const q of accepted) {
        cache.set(q);
        const s = directory.get(q.symbol);
        if (s) changed.push(toQuote(q, s, now));
      }
      events.emit('quote', changed);
      return changed;
    },

    /** One quote for a caller (counts a cache hit or miss). */
    get(symbol: string): Quote | undefined {
      const s = deps.symbols().get(symbol);
      if (!s) return undefined;
      const q = cache.read(symbol, (sym) => quotes.get(sym));
      return q ? toQuote(q, s, clock.now()) : undefined;
    },

    list(query: MarketLiveQuery): QuotePage {
      const directory = deps.symbols();
      const now = clock.now();
      const wanted = query.symbols ? new Set(query.symbols) : undefined;
      const needle = query.q?.toUpperCase();
      const rows: Quote[] = [];
      const candidates = wanted ? [...wanted] : [...directory.keys()];
      for (const symbol of candidates) {
        const s = directory.get(symbol);
        if (!s) continue;
        if (query.tier !== undefined && s.tier !== query.tier) continue;
        if (query.exchange !== undefined && s.exchange.toUpperCase() !== query.exchange) continue;
        if (needle && !symbol.includes(needle) && !s.name.toUpperCase().includes(needle)) continue;
        // Asking for named symbols is a read per symbol; a scan of the universe is not.
        const q = wanted ? cache.read(symbol, (sym) => quotes.get(sym)) : cache.peek(symbol);
        if (!q) continue;
        const quote = toQuote(q, s, now);
        if (query.minMarketCap !== undefined && (quote.marketCap ?? -1) < query.minMarketCap) continue;
        rows.push(quote);
      }
      const key = query.sort;
      const dir = query.order === 'desc' ? -1 : 1;
      rows.sort((a, b) => {
        const av = a[key];
        const bv = b[key];
        // Missing values sort last whatever the order.
        if (av === null && bv === null) return a.symbol < b.symbol ? -1 : 1;
        if (av === null) return 1;
        if (bv === null) return -1;
        if (av < bv) return -dir;
        if (av > bv) return dir;
        return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0;
      });
      const start = (query.page - 1) * query.pageSize;
      return {
        items: rows.slice(start, start + query.pageSize),
        page: query.page,
        pageSize: query.pageSize,
        total: rows.length,
      };
    },

    search(q: string, limit: number): SymbolInfo[] {
      const needle = q.trim().toUpperCase();
      const exact: SymbolInfo[] = [];
      const prefix: SymbolInfo[] = [];
      const byName: SymbolInfo[] = [];
      for (const s of deps.symbols().values()) {
        const info: SymbolInfo = {
          symbol: s.symbol,
          name: s.name,
          exchange: s.exchange,
          sector: s.sector,
          tier: s.tier,
        };
        if (s.symbol === needle) exact.push(info);
        else if (s.symbol.startsWith(needle)) prefix.push(info);
        else if (s.name.toUpperCase().includes(needle)) byName.push(info);
      }
      prefix.sort((a, b) => a.symbol.length - b.symbol.length || (a.symbol < b.symbol ? -1 : 1));
      return [...exact, ...prefix, ...byName].slice(0, limit);
    },

    /** Current quotes for pushes (not a caller's read: the cache counters are left alone). */
    snapshot(symbols: ReadonlySet<string> | undefined): Quote[] {
      const directory = deps.symbols();
      const now = clock.now();
      const out: Quote[] = [];
      const wanted = symbols ?? directory.keys();
      for (const symbol of wanted) {
        const q = cache.peek(symbol);
        const s = directory.get(symbol);
        if (q && s) out.push(toQuote(q, s, now));
      }
      return out;
    },

    history(symbol: string, from: number, to: number): HistoryPoint[] {
      return quotes.history(symbol, from, to);
    },

    /** Drops history older than the retention window; returns the number of points removed. */
    pruneHistory(): number {
      return quotes.pruneHistory(clock.now() - HISTORY_RETENTION_MS);
    },

    /**
     * Forgets every latest quote from a source (the simulated feed once real providers take over),
     * so made-up prices never sit beside real ones. Returns how many were dropped.
     */
    dropSource(source: ProviderId): number {
      const symbols = quotes.deleteBySource(source);
      for (const s of symbols) cache.delete(s);
      return symbols.length;
    },

    quotedCount: () => cache.stats().size,
    cacheStats: () => cache.stats(),
  };
}
