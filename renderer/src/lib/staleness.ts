// Whether a quote may be shown as current: the engine's stale flag, and its session-aware age rule.
import type { RefreshPlan } from '../../../shared/contract';
import {
  createStaleAfterMemo,
  DEFAULT_STALE_AFTER_MS,
  STALE_GRACE_MS,
  staleAfterMs as staleAfterRule,
  type MarketClock,
} from '../../../shared/market';
import type { Quote, Tier } from '../../../shared/quote';
import { formatAge, formatClock } from './format';

/** Before the engine's refresh plan is known: the engine's own fallback. */
export const STALE_AFTER_MS: Readonly<Record<Tier, number>> = DEFAULT_STALE_AFTER_MS;

export { STALE_GRACE_MS };

export type StalenessContext = {
  plan: RefreshPlan | undefined;
  /** Pre- and post-market sessions are polled too. */
  extendedHours: boolean;
  market: MarketClock;
};

function compute(tier: Tier, now: number, ctx: StalenessContext | null): number {
  if (!ctx) return STALE_AFTER_MS[tier];
  const { plan, market, extendedHours } = ctx;
  return staleAfterRule(tier, now, { plan, market, extendedHours, alwaysOpen: plan?.alwaysOpen ?? false });
}

let context: StalenessContext | null = null;
// Tables ask for every row of a frame: the current context's answers are kept per second.
const memo = createStaleAfterMemo((tier, now) => compute(tier, now, context));

/** The refresh plan (from the status) and the market clock the freshness rule reads. */
export function setStalenessContext(next: StalenessContext | null): void {
  context = next;
  memo.clear();
}

/**
 * The age at which a quote of `tier` is stale at `now`: the engine's own rule
 * (`shared/market/staleness.ts`), so a quote turns stale on screen at the moment the engine would
 * flag it, without waiting for a push, and not at night when the market is shut. The simulated
 * feed (the plan says `alwaysOpen`) never closes.
 */
export function staleAfterMs(tier: Tier, now: number, ctx: StalenessContext | null = context): number {
  return ctx === context ? memo.get(tier, now) : compute(tier, now, ctx);
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
