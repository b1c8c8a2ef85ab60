// Whether a quote may be shown as current: the engine's stale flag, and its session-aware age rule.
import type { RefreshPlan } from '../../../shared/contract';
import type { MarketClock } from '../../../shared/market';
import type { Quote, Tier } from '../../../shared/quote';
import { formatAge, formatClock } from './format';

/**
 * Before the engine's refresh plan is known: twice each tier's default interval, the engine's own
 * fallback (`defaultStaleness`).
 */
export const STALE_AFTER_MS: Record<Tier, number> = {
  1: 10 * 60_000,
  2: 30 * 60_000,
  3: 26 * 3_600_000,
};

/** Room for pacing and latency on top of the planned cadence (the engine's STALE_GRACE_MS). */
export const STALE_GRACE_MS = 60_000;

export type StalenessContext = {
  plan: RefreshPlan | undefined;
  /** Pre- and post-market sessions are polled too. */
  extendedHours: boolean;
  market: MarketClock;
};

let context: StalenessContext | null = null;
const memo = new Map<string, number>();

/** The refresh plan (from the status) and the market clock the freshness rule reads. */
export function setStalenessContext(next: StalenessContext | null): void {
  context = next;
  memo.clear();
}

/** How far back (wall time) the last `needMs` of polled session time began. */
function polledAgo(ctx: StalenessContext, now: number, needMs: number): number {
  for (let lookbackDays = 4; lookbackDays <= 32; lookbackDays *= 2) {
    const windows = ctx.market
      .sessionsBetween(now - lookbackDays * 86_400_000, now)
      .filter((w) => w.session === 'regular' || ctx.extendedHours)
      .reverse();
    let acc = 0;
    for (const w of windows) {
      const end = Math.min(w.end, now);
      const span = end - w.start;
      if (acc + span >= needMs) return now - (end - (needMs - acc));
      acc += span;
    }
  }
  return 32 * 86_400_000;
}

/**
 * The age at which a quote of `tier` is stale at `now`: the engine's session-aware rule
 * (electron/engine/scheduler/staleness.ts), so a quote turns stale on screen at the moment the
 * engine would flag it, without waiting for a push, and not at night when the market is shut.
 * Tiers 1 and 2: more than twice the tier's interval of *polled* time since the quote was fetched,
 * plus a minute. Tier 3: the after-close snapshot that should have reached it is over. The
 * simulated feed never closes: twice the interval.
 */
export function staleAfterMs(tier: Tier, now: number, ctx: StalenessContext | null = context): number {
  const plan = ctx?.plan;
  const t = plan?.tiers.find((x) => x.tier === tier);
  if (!ctx || !plan || !t) return STALE_AFTER_MS[tier];
  const key = `${tier}:${Math.floor(now / 1000)}`;
  const known = ctx === context ? memo.get(key) : undefined;
  if (known !== undefined) return known;
  let v: number;
  if (plan.alwaysOpen) v = 2 * t.intervalMs + STALE_GRACE_MS / 12;
  else if (tier !== 3) v = polledAgo(ctx, now, 2 * t.intervalMs) + STALE_GRACE_MS;
  else {
    const lastClose = ctx.market.previousClose(now);
    const snapshotMs = Number.isFinite(plan.snapshot.minutes) ? plan.snapshot.minutes * 60_000 : 0;
    const startsAt = ctx.extendedHours ? lastClose.at + 4 * 3_600_000 : lastClose.at;
    const doneBy = startsAt + 1.5 * snapshotMs + 10 * 60_000;
    v =
      now >= doneBy
        ? now - lastClose.at + STALE_GRACE_MS
        : now - ctx.market.previousClose(lastClose.at - 1).at + STALE_GRACE_MS;
  }
  if (ctx === context) {
    if (memo.size > 64) memo.clear();
    memo.set(key, v);
  }
  return v;
}

export type Freshness = {
  stale: boolean;
  /** Milliseconds since Quotedesk fetched it. */
  ageMs: number;
  /** When it turns stale (ms), or null when it already is. Session-aware thresholds move while
   *  the market is shut, so this is when to look again, not a promise. */
  staleAt: number | null;
};

export function freshness(
  q: Pick<Quote, 'stale' | 'fetchedAt' | 'tier'>,
  now: number,
  ctx: StalenessContext | null = context,
): Freshness {
  const fetched = Date.parse(q.fetchedAt);
  if (!Number.isFinite(fetched)) return { stale: true, ageMs: Number.NaN, staleAt: null };
  const limit = staleAfterMs(q.tier, now, ctx);
  const stale = q.stale || now - fetched > limit;
  return { stale, ageMs: Math.max(0, now - fetched), staleAt: stale ? null : fetched + limit + 1 };
}

const SOURCE_NAMES: Record<Quote['source'], string> = {
  simulated: 'Simulated',
  finnhub: 'Finnhub',
  alphavantage: 'Alpha Vantage',
};

export function sourceName(source: Quote['source']): string {
  return SOURCE_NAMES[source];
}

/** "as of 10:42:13 · Finnhub · 3 min old", the honest line under a price. */
export function asOfLine(q: Pick<Quote, 'asOf' | 'source' | 'stale' | 'fetchedAt' | 'tier'>, now: number): string {
  const f = freshness(q, now);
  return `as of ${formatClock(q.asOf)} · ${sourceName(q.source)} · ${formatAge(f.ageMs)}`;
}
