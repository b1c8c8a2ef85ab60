// The budget planner: what each tier gets from the providers' limits, as a pure function.
import type { MarketSession, ProviderPlan, RefreshPlan, TierPlan } from '../../../shared/contract/market';
import type { RateWindow } from '../../../shared/contract';
import type { ProviderId, Tier } from '../../../shared/quote';
import type { ProviderCapacity } from '../providers/gateway';
import { formatLimits } from '../providers/limits';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** What the user asked for (or the defaults): tier 3 is everything else. */
export type PlanAsks = {
  tier1: { intervalMs: number; size: number };
  tier2: { intervalMs: number; size: number };
  /** For a live market: once a day after the close (DAY_MS). For an always-open feed: its floor. */
  tier3: { intervalMs: number };
};

export type PlanInput = {
  /** In preference order; the first is the one planned for, the others are fallbacks. */
  capacities: ProviderCapacity[];
  /** Symbols in the universe. */
  universe: number;
  /** Symbols that must sit in each tier (watchlists, portfolios and index proxies in 1; overrides). */
  pinned: Record<Tier, number>;
  asks: PlanAsks;
  session: MarketSession;
  /** The simulated feed: no closing bell, every session is polled. */
  alwaysOpen: boolean;
  /** Poll tiers 1 and 2 in pre- and post-market too. */
  extendedHours: boolean;
  /** Fraction of every limit never planned. */
  safetyMargin?: number;
  /** Fraction of the usable rate kept for on-demand refreshes. */
  reserveFraction?: number;
};

export const DEFAULT_SAFETY_MARGIN = 0.05;
export const DEFAULT_RESERVE_FRACTION = 0.1;

/** Minutes a day with polling: the regular session, plus pre and post with extended hours. */
export function pollingMinutesPerDay(extendedHours: boolean): number {
  return extendedHours ? 16 * 60 : 6.5 * 60;
}

/**
 * The steady calls per minute a provider's windows allow once the margin is taken off each
 * (whole calls per window: 60/min with 5% gives 57). Windows of a day or more are spread over
 * the polling minutes of a day, because a daily allowance is not lost by waiting.
 */
export function usablePerMinute(limits: RateWindow[], margin: number, pollingMinutes: number): number {
  let rate = Infinity;
  for (const w of limits) {
    // Whole calls per window where the window holds several; a 1/s window keeps its margin as a rate.
    const whole = Math.floor(w.limit * (1 - margin) + 1e-9);
    const allowed = whole >= 1 ? whole : w.limit * (1 - margin);
    const perMinute = w.windowMs >= DAY_MS ? allowed / pollingMinutes : (allowed * MINUTE_MS) / w.windowMs;
    rate = Math.min(rate, perMinute);
  }
  return rate === Infinity ? 0 : rate;
}

/** The plan's own rate, no margin. */
export function limitPerMinute(limits: RateWindow[], pollingMinutes: number): number {
  return usablePerMinute(limits, 0, pollingMinutes);
}

export function dailyCap(limits: RateWindow[], margin: number): number {
  let cap = Infinity;
  for (const w of limits) {
    if (w.windowMs >= DAY_MS) cap = Math.min(cap, Math.floor((w.limit * (1 - margin) + 1e-9) * (DAY_MS / w.windowMs)));
  }
  return cap;
}

const FREE_PLANS: Partial<Record<ProviderId, string>> = { finnhub: '30/s,60/min', alphavantage: '1/s,25/day' };
const NAMES: Record<ProviderId, string> = {
  finnhub: 'Finnhub',
  alphavantage: 'Alpha Vantage',
  simulated: 'Simulated feed',
};

export function providerLabel(id: ProviderId, limits: RateWindow[]): string {
  if (id === 'simulated') return NAMES.simulated;
  const text = formatLimits(limits);
  return FREE_PLANS[id] === text ? `${NAMES[id]} free` : `${NAMES[id]} (${text})`;
}

/** "5 min", "15 min", "2 s", "1 h 38 min", "daily". */
export function formatInterval(ms: number): string {
  if (ms >= DAY_MS) return ms === DAY_MS ? 'daily' : `every ${Math.round(ms / DAY_MS)} days`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const totalMin = Math.round(s / 60);
  if (s < 3600) return s % 60 === 0 || totalMin >= 10 ? `${totalMin} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** Calls a cycle over `symbols` takes at `bulk` symbols a call. */
const callsFor = (symbols: number, bulk: number) => (symbols <= 0 ? 0 : Math.ceil(symbols / Math.max(1, bulk)));

export function planRefresh(input: PlanInput): RefreshPlan {
  const margin = input.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
  const reserveFraction = input.reserveFraction ?? DEFAULT_RESERVE_FRACTION;
  const pollingMinutes = input.alwaysOpen ? 24 * 60 : pollingMinutesPerDay(input.extendedHours);
  const primary = input.capacities[0];
  const adjustments: string[] = [];
  const universe = Math.max(0, Math.floor(input.universe));

  const bulk = Math.max(1, primary?.bulkSize ?? 1);
  const usable = primary ? usablePerMinute(primary.limits, margin, pollingMinutes) : 0;
  const daily = primary ? dailyCap(primary.limits, margin) : 0;
  const dailyBound = Number.isFinite(daily);
  const reserve = usable * reserveFraction;
  const budget = Math.max(0, usable - reserve);
  // One call's worth (at least) stays free at every moment so a user's click goes out at once.
  const hold = Math.min(reserve, Math.max(1, usable * 0.02));

  const streamCap = primary?.streaming ? Math.max(0, primary.streamSymbolCap) : 0;

  // Sizes: asks, never below what is pinned, never beyond the universe.
  let size1 = Math.min(universe, Math.max(input.asks.tier1.size, input.pinned[1]));
  let size2 = Math.min(universe - size1, Math.max(input.asks.tier2.size, input.pinned[2]));
  const asked1 = size1;
  const asked2 = size2;
  let tier1Stretched = false;
  let interval1 = input.asks.tier1.intervalMs;
  let interval2 = input.asks.tier2.intervalMs;

  const streamedIn = (tierSize: number, before: number) => Math.max(0, Math.min(tierSize, streamCap - before));
  const perMinute = (polled: number, intervalMs: number) => (callsFor(polled, bulk) * MINUTE_MS) / intervalMs;

  // Tier 1 first: shrink to what fits at the asked interval; if the pinned symbols alone do not
  // fit, keep them all and stretch the interval instead.
  let streamed1 = streamedIn(size1, 0);
  let calls1 = perMinute(size1 - streamed1, interval1);
  if (calls1 > budget + 1e-9) {
    const fitPolled = Math.floor((budget * interval1) / MINUTE_MS) * bulk;
    const fit = Math.min(size1, fitPolled + streamed1);
    if (fit >= input.pinned[1]) {
      adjustments.push(
        `tier 1 shrunk from ${count(size1)} to ${count(fit)} symbols to keep ${formatInterval(interval1)} within ${count(usable)} calls/min`,
      );
      size1 = fit;
    } else {
      // The pinned symbols' calls carry up to `bulk` symbols each: fill them from the ask.
      const pinned1 = Math.min(universe, input.pinned[1]);
      const pinnedCalls = callsFor(pinned1 - streamedIn(pinned1, 0), bulk);
      size1 = Math.max(pinned1, Math.min(size1, pinnedCalls * bulk + streamedIn(size1, 0)));
      streamed1 = streamedIn(size1, 0);
      const cycleCalls = callsFor(size1 - streamed1, bulk);
      const stretched = budget > 0 ? Math.ceil((cycleCalls * MINUTE_MS) / budget / 1000) * 1000 : DAY_MS;
      adjustments.push(
        `tier 1 stretched from ${formatInterval(interval1)} to ${formatInterval(stretched)}: its ${count(size1)} pinned symbols need ${count(cycleCalls)} calls a cycle`,
      );
      interval1 = Math.max(interval1, stretched);
      tier1Stretched = true;
    }
    // With no budget at all nothing is polled; the after-close snapshot is all there is.
    calls1 = budget > 1e-9 ? perMinute(size1 - streamed1, interval1) : 0;
  }
  size2 = Math.min(size2, universe - size1);

  const left = Math.max(0, budget - calls1);
  let streamed2 = streamedIn(size2, streamed1);
  let calls2 = perMinute(size2 - streamed2, interval2);
  if (calls2 > left + 1e-9) {
    const fitPolled = Math.floor((left * interval2) / MINUTE_MS) * bulk;
    const fit = Math.min(size2, fitPolled + streamed2);
    if (fit >= input.pinned[2]) {
      adjustments.push(
        tier1Stretched
          ? `tier 2 emptied: tier 1's pinned symbols take every call`
          : `tier 2 shrunk from ${count(size2)} to ${count(fit)} symbols to keep ${formatInterval(interval2)} within ${count(usable)} calls/min`,
      );
      size2 = fit;
    } else {
      const pinned2 = Math.min(universe - size1, input.pinned[2]);
      const pinnedCalls = callsFor(pinned2 - streamedIn(pinned2, streamed1), bulk);
      size2 = Math.max(pinned2, Math.min(size2, pinnedCalls * bulk + streamedIn(size2, streamed1)));
      streamed2 = streamedIn(size2, streamed1);
      const cycleCalls = callsFor(size2 - streamed2, bulk);
      const stretched = left > 0 ? Math.ceil((cycleCalls * MINUTE_MS) / left / 1000) * 1000 : DAY_MS;
      adjustments.push(
        `tier 2 stretched from ${formatInterval(interval2)} to ${formatInterval(stretched)}: its ${count(size2)} pinned symbols need ${count(cycleCalls)} calls a cycle`,
      );
      interval2 = Math.max(interval2, stretched);
    }
    calls2 = left > 1e-9 ? perMinute(size2 - streamed2, interval2) : 0;
  }
  const size3 = Math.max(0, universe - size1 - size2);

  const pollsNow =
    input.alwaysOpen || input.session === 'regular' || (input.extendedHours && input.session !== 'closed');
  const tiersCalls = calls1 + calls2;
  const pace = Math.max(0, usable - hold);
  // Short windows expire unused: whatever the tiers leave goes to tier 3. A daily allowance does
  // not expire by waiting, so a daily-bound plan keeps it for the after-close snapshot.
  const spare = dailyBound ? 0 : Math.max(0, pace - tiersCalls);

  // The after-close snapshot: every symbol not polled in the post session, once.
  const snapshotSymbols = input.alwaysOpen ? 0 : input.extendedHours ? size3 : universe;
  const snapshotCalls = callsFor(snapshotSymbols, bulk);
  const snapshotRate = dailyBound ? Math.max(0, usable - reserve) : pace;
  const snapshotMinutes = snapshotCalls === 0 ? 0 : snapshotRate > 0 ? snapshotCalls / snapshotRate : Infinity;
  // Spare calls go round tier 3 (stalest first), never refreshing a symbol more often than tier 1.
  const spareSweepMs =
    spare > 0 && size3 > 0
      ? Math.max(interval1, Math.ceil(((callsFor(size3, bulk) / spare) * MINUTE_MS) / 1000) * 1000)
      : null;
  let tier3Interval = input.asks.tier3.intervalMs;
  let tier3Fits = true;
  if (input.alwaysOpen) {
    // No close to wait for: tier 3 lives on spare calls, never faster than its floor.
    const sweepMs = spare > 0 ? (callsFor(size3, bulk) / spare) * MINUTE_MS : DAY_MS;
    tier3Interval = Math.max(tier3Interval, Math.ceil(sweepMs / 1000) * 1000);
  } else if (dailyBound) {
    const spentPolling = tiersCalls * pollingMinutesPerDay(input.extendedHours);
    const leftForSnapshot = daily - spentPolling - reserve * pollingMinutesPerDay(input.extendedHours);
    if (snapshotCalls > leftForSnapshot + 1e-9) {
      tier3Fits = false;
      adjustments.push(
        `tier 3 is not refreshed: the after-close snapshot needs ${count(snapshotCalls)} calls and the daily allowance leaves ${count(Math.max(0, leftForSnapshot))}`,
      );
    }
  } else if (snapshotMinutes > 8 * 60) {
    adjustments.push(`the after-close snapshot takes ${formatInterval(snapshotMinutes * MINUTE_MS)}`);
  }

  const tiers: TierPlan[] = [
    {
      tier: 1,
      symbols: size1,
      streamed: streamed1,
      pinned: Math.min(size1, input.pinned[1]),
      askedSize: input.asks.tier1.size,
      askedIntervalMs: input.asks.tier1.intervalMs,
      intervalMs: interval1,
      polling: pollsNow,
      callsPerMinute: calls1,
      stretched: interval1 > input.asks.tier1.intervalMs,
      shrunk: size1 < asked1,
    },
    {
      tier: 2,
      symbols: size2,
      streamed: streamed2,
      pinned: Math.min(size2, input.pinned[2]),
      askedSize: input.asks.tier2.size,
      askedIntervalMs: input.asks.tier2.intervalMs,
      intervalMs: interval2,
      polling: pollsNow,
      callsPerMinute: calls2,
      stretched: interval2 > input.asks.tier2.intervalMs,
      shrunk: size2 < asked2,
    },
    {
      tier: 3,
      symbols: size3,
      streamed: 0,
      pinned: Math.min(size3, input.pinned[3]),
      askedSize: null,
      askedIntervalMs: input.asks.tier3.intervalMs,
      intervalMs: tier3Interval,
      polling: input.alwaysOpen,
      callsPerMinute: input.alwaysOpen ? (callsFor(size3, bulk) * MINUTE_MS) / tier3Interval : 0,
      stretched: tier3Interval > input.asks.tier3.intervalMs || !tier3Fits,
      shrunk: false,
    },
  ];

  const providers: ProviderPlan[] = input.capacities.map((c, i) => ({
    id: c.id,
    limits: formatLimits(c.limits),
    label: providerLabel(c.id, c.limits),
    bulkSize: Math.max(1, c.bulkSize),
    limitPerMinute: limitPerMinute(c.limits, pollingMinutes),
    usablePerMinute: usablePerMinute(c.limits, margin, pollingMinutes),
    plannedPerMinute:
      i === 0 ? (pollsNow ? tiersCalls + (input.alwaysOpen ? (tiers[2]?.callsPerMinute ?? 0) : spare) : 0) : 0,
    streamedSymbols: i === 0 ? streamed1 + streamed2 : 0,
    role: i === 0 ? 'primary' : 'fallback',
  }));

  const plan: RefreshPlan = {
    session: input.session,
    alwaysOpen: input.alwaysOpen,
    providers,
    tiers,
    safetyMargin: margin,
    reservePerMinute: reserve,
    headroomPerMinute: usable - reserve - tiersCalls,
    pacePerMinute: dailyBound ? tiersCalls : pace,
    sparePerMinute: spare,
    spareSweepMs: input.alwaysOpen ? null : spareSweepMs,
    snapshot: { symbols: snapshotSymbols, calls: snapshotCalls, minutes: snapshotMinutes },
    feasible: adjustments.length === 0,
    adjustments,
    sentence: '',
  };
  plan.sentence = describePlan(plan, primary ? providerLabel(primary.id, primary.limits) : 'No provider', tier3Fits);
  return plan;
}

function describePlan(plan: RefreshPlan, label: string, tier3Fits: boolean): string {
  const [t1, t2, t3] = plan.tiers;
  if (!t1 || !t2 || !t3) return `${label}: nothing planned.`;
  // The first count names its unit: "150 symbols every 5 min, 600 every 15 min, ...".
  const parts: string[] = [];
  const add = (n: number, rest: string) => parts.push(`${count(n)}${parts.length === 0 ? ' symbols' : ''} ${rest}`);
  const streamed = t1.streamed + t2.streamed;
  if (streamed > 0) add(streamed, 'streamed live');
  const polled1 = t1.symbols - t1.streamed;
  const polled2 = t2.symbols - t2.streamed;
  if (polled1 > 0) add(polled1, `every ${formatInterval(t1.intervalMs)}`);
  if (polled2 > 0) add(polled2, `every ${formatInterval(t2.intervalMs)}`);
  if (t3.symbols > 0) {
    if (plan.alwaysOpen) add(t3.symbols, `every ${formatInterval(t3.intervalMs)}`);
    else if (tier3Fits) add(t3.symbols, 'daily');
    else add(t3.symbols, 'not refreshed on this plan');
  }
  if (parts.length === 0) return `${label}: no calls available to refresh anything.`;
  let sentence = `${label}: ${parts.join(', ')}`;
  const sweep = plan.spareSweepMs;
  if (!plan.alwaysOpen && sweep !== null && t3.symbols > 0) {
    if (sweep <= 2 * 3_600_000)
      sentence += `; spare calls refresh those about every ${formatInterval(sweep)} in the session`;
    else sentence += `; spare calls refresh about ${count((t3.symbols * 3_600_000) / sweep)} of them an hour`;
  }
  return `${sentence}.`;
}
