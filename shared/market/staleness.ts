// The session-aware staleness rule, one copy for the engine (which flags quotes) and the UI (which
// greys them at the same moment without waiting for a push): stale means missed refreshes, not a shut market.
import type { Tier } from '../quote';
import type { MarketClock } from './market-clock';

/**
 * Before a refresh plan is known: twice each tier's default interval (5 min, 15 min, 1 day, plus
 * room for the after-close snapshot).
 */
export const DEFAULT_STALE_AFTER_MS: Readonly<Record<Tier, number>> = {
  1: 10 * 60_000,
  2: 30 * 60_000,
  3: 26 * 3_600_000,
};

/** Room for pacing and latency on top of the planned cadence. */
export const STALE_GRACE_MS = 60_000;

/** What the rule reads of the refresh plan (`RefreshPlan` has it). */
export type StalenessPlan = {
  tiers: readonly { tier: Tier; intervalMs: number; askedIntervalMs: number }[];
  snapshot: { minutes: number };
  /** The providers the plan polls with; none when every key is refused. */
  providers: readonly unknown[];
};

export type StalenessInput = {
  /** The scheduler's current plan; absent before the first one (the defaults apply). */
  plan: StalenessPlan | undefined;
  market: MarketClock;
  /** The simulated feed never closes. */
  alwaysOpen: boolean;
  /** Pre- and post-market sessions are polled too. */
  extendedHours: boolean;
};

/** How far back (wall time) the last `needMs` of polled session time began. */
function polledAgo(input: StalenessInput, now: number, needMs: number): number {
  for (let lookbackDays = 4; lookbackDays <= 32; lookbackDays *= 2) {
    const windows = input.market
      .sessionsBetween(now - lookbackDays * 86_400_000, now)
      .filter((w) => w.session === 'regular' || input.extendedHours)
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
 * The age (ms since Quotedesk fetched it) beyond which a quote of `tier` is stale at `now`.
 * Tiers 1 and 2: more than twice the tier's interval of *polled* time (closed hours do not count)
 * plus a minute. Tier 3: the after-close snapshot that should have reached it is over. A market
 * that never closes (the simulated feed): twice the interval.
 */
export function staleAfterMs(tier: Tier, now: number, input: StalenessInput): number {
  const { plan, market } = input;
  const t = plan?.tiers.find((x) => x.tier === tier);
  if (!plan || !t) return DEFAULT_STALE_AFTER_MS[tier];
  if (input.alwaysOpen) return 2 * t.intervalMs + STALE_GRACE_MS / 12;
  // No provider can serve (every key refused, e.g. revoked): the plan stretches the tiers to a day,
  // which would keep old quotes "fresh" for days; they are missing the refreshes the user asked for.
  const intervalMs = plan.providers.length === 0 ? Math.min(t.intervalMs, t.askedIntervalMs) : t.intervalMs;
  if (tier !== 3) return polledAgo(input, now, 2 * intervalMs) + STALE_GRACE_MS;
  // Tier 3: fetched after the last close whose snapshot should be over, else after the one before.
  const lastClose = market.previousClose(now);
  const snapshotMs = Number.isFinite(plan.snapshot.minutes) ? plan.snapshot.minutes * 60_000 : 0;
  const startsAt = input.extendedHours ? lastClose.at + 4 * 3_600_000 : lastClose.at;
  const doneBy = startsAt + 1.5 * snapshotMs + 10 * 60_000;
  if (now >= doneBy) return now - lastClose.at + STALE_GRACE_MS;
  return now - market.previousClose(lastClose.at - 1).at + STALE_GRACE_MS;
}

/**
 * `staleAfterMs` remembered per tier and second: tables ask for every row of a frame, and the
 * answer moves by the second at most. `clear()` when the plan or settings change.
 */
export function createStaleAfterMemo(compute: (tier: Tier, now: number) => number) {
  const memo = new Map<string, number>();
  return {
    get(tier: Tier, now: number): number {
      const key = `${tier}:${Math.floor(now / 1000)}`;
      let v = memo.get(key);
      if (v === undefined) {
        if (memo.size > 64) memo.clear();
        v = compute(tier, now);
        memo.set(key, v);
      }
      return v;
    },
    clear: () => memo.clear(),
  };
}
