// Session-aware staleness for the quote service: the shared rule (shared/market/staleness.ts) fed with the scheduler's plan.
import type { RefreshPlan } from '../../../shared/contract/market';
import { createStaleAfterMemo, staleAfterMs, type MarketClock } from '../../../shared/market';
import type { StalenessPolicy } from '../quote-service';

export { STALE_GRACE_MS } from '../../../shared/market';

export type StalenessDeps = {
  market: MarketClock;
  plan: () => RefreshPlan | undefined;
  alwaysOpen: () => boolean;
  extendedHours: () => boolean;
};

/** The rule reads the plan and settings as they are now; its answer is remembered per second. */
export function createStalenessPolicy(deps: StalenessDeps): StalenessPolicy {
  const memo = createStaleAfterMemo((tier, now) =>
    staleAfterMs(tier, now, {
      plan: deps.plan(),
      market: deps.market,
      alwaysOpen: deps.alwaysOpen(),
      extendedHours: deps.extendedHours(),
    }),
  );
  return (tier, now) => memo.get(tier, now);
}
