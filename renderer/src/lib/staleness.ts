// Whether a quote may be shown as current: the engine's stale flag, and age since it was fetched.
import type { Quote, Tier } from '../../../shared/quote';
import { formatAge, formatClock } from './format';

/**
 * A quote goes stale this long after it was fetched, by tier. It mirrors the engine's default
 * policy (twice each tier's default interval), so a quote that stops updating turns stale on
 * screen at the same moment the engine would flag it, without waiting for another push.
 */
export const STALE_AFTER_MS: Record<Tier, number> = {
  1: 10 * 60_000,
  2: 30 * 60_000,
  3: 26 * 3_600_000,
};

export type Freshness = {
  stale: boolean;
  /** Milliseconds since Quotedesk fetched it. */
  ageMs: number;
  /** When it turns stale (ms), or null when it already is. */
  staleAt: number | null;
};

export function freshness(q: Pick<Quote, 'stale' | 'fetchedAt' | 'tier'>, now: number): Freshness {
  const fetched = Date.parse(q.fetchedAt);
  if (!Number.isFinite(fetched)) return { stale: true, ageMs: Number.NaN, staleAt: null };
  const staleAt = fetched + STALE_AFTER_MS[q.tier];
  const stale = q.stale || now >= staleAt;
  return { stale, ageMs: Math.max(0, now - fetched), staleAt: stale ? null : staleAt };
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
