// Session-aware staleness: a quote is stale when it missed refreshes it should have had, not when the market is shut.
import type { RefreshPlan } from '../../../shared/contract/market';
import type { MarketClock } from '../../../shared/market';
import type { Tier } from '../../../shared/quote';
import { defaultStaleness, type StalenessPolicy } from '../quote-service';

export type StalenessDeps = {
  market: MarketClock;
  plan: () => RefreshPlan | undefined;
  alwaysOpen: () => boolean;
  extendedHours: () => boolean;
};

/** Room for pacing and latency on top of the planned cadence. */
export const STALE_GRACE_MS = 60_000;

/**
 * Tiers 1 and 2: stale once their tier has been polled for more than twice its interval since the
 * quote was fetched (time while the market is closed does not count). Tier 3: stale once an
 * after-close snapshot that should have reached it has finished without it.
 */
export function createStalenessPolicy(deps: StalenessDeps): StalenessPolicy {
  const memo = new Map<string, number>();

  const polledAgo = (now: number, needMs: number): number => {
    const extended = deps.extendedHours();
    for (let lookbackDays = 4; lookbackDays <= 32; lookbackDays *= 2) {
      const from = now - lookbackDays * 86_400_000;
      const windows = deps.market
        .sessionsBetween(from, now)
        .filter((w) => w.session === 'regular' || extended)
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
  };

  const compute = (tier: Tier, now: number): number => {
    const plan = deps.plan();
    const t = plan?.tiers.find((x) => x.tier === tier);
    if (!plan || !t) return defaultStaleness(tier, now);
    if (deps.alwaysOpen()) return 2 * t.intervalMs + STALE_GRACE_MS / 12;
    // No provider can serve (every key refused, e.g. revoked): the plan stretches the tiers to a day,
    // which would keep old quotes "fresh" for days; they are missing the refreshes the user asked for.
    const intervalMs = plan.providers.length === 0 ? Math.min(t.intervalMs, t.askedIntervalMs) : t.intervalMs;
    if (tier !== 3) return polledAgo(now, 2 * intervalMs) + STALE_GRACE_MS;
    // Tier 3: fetched after the last close whose snapshot should be over, else after the one before.
    const lastClose = deps.market.previousClose(now);
    const snapshotMs = Number.isFinite(plan.snapshot.minutes) ? plan.snapshot.minutes * 60_000 : 0;
    const startsAt = deps.extendedHours() ? lastClose.at + 4 * 3_600_000 : lastClose.at;
    const doneBy = startsAt + 1.5 * snapshotMs + 10 * 60_000;
    if (now >= doneBy) return now - lastClose.at + STALE_GRACE_MS;
    return now - deps.market.previousClose(lastClose.at - 1).at + STALE_GRACE_MS;
  };

  return (tier, now) => {
    const key = `${tier}:${Math.floor(now / 1000)}`;
    let v = memo.get(key);
    if (v === undefined) {
      if (memo.size > 64) memo.clear();
      v = compute(tier, now);
      memo.set(key, v);
    }
    return v;
  };
}
