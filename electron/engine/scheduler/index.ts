// Wires the refresh machinery (market clock, tiers, planner, scheduler, staleness) for the engine and simulations.
import type { Tier } from '../../../shared/quote';
import {
  createMarketClock,
  type HolidayMergeReport,
  type MarketClock,
  type ProviderHoliday,
} from '../../../shared/market';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { GatewayQuote, QuoteGateway } from '../providers/gateway';
import type { ProviderProfile } from '../providers/types';
import type { QuoteService } from '../quote-service';
import type { Db } from '../store/db';
import type { StoredQuote } from '../store/quotes-repo';
import type { SymbolRow, SymbolsRepo } from '../store/symbols-repo';
import { DAY_MS, type PlanAsks } from './planner';
import { createRefreshScheduler, type ProfileSink, type RefreshSchedulerDeps } from './refresh-scheduler';
import { createSchedulerRepo, type PollIntervalRow } from './scheduler-repo';
import { createStalenessPolicy } from './staleness';
import { createTierService } from './tiers';
import { createClockScheduler, type Scheduler } from './timer';

/** What a live feed asks for until the user says otherwise (DESIGN.md §5). */
export const LIVE_ASKS: PlanAsks = {
  tier1: { intervalMs: 5 * 60_000, size: 150 },
  tier2: { intervalMs: 15 * 60_000, size: 600 },
  tier3: { intervalMs: DAY_MS },
};

/** The simulated feed costs nothing real: it ticks fast so a demo looks alive. */
export const SIMULATED_ASKS: PlanAsks = {
  tier1: { intervalMs: 2_000, size: 150 },
  tier2: { intervalMs: 10_000, size: 600 },
  tier3: { intervalMs: 60_000 },
};

/** The defaults of the feed in use, with the user's stored poll intervals on top. */
export function resolveAsks(
  rows: readonly PollIntervalRow[],
  alwaysOpen: boolean,
  simulatedDefaults: PlanAsks = SIMULATED_ASKS,
): PlanAsks {
  const base = alwaysOpen ? simulatedDefaults : LIVE_ASKS;
  const row = (t: Tier) => rows.find((r) => r.tier === t);
  return {
    tier1: { intervalMs: row(1)?.intervalMs ?? base.tier1.intervalMs, size: row(1)?.size ?? base.tier1.size },
    tier2: { intervalMs: row(2)?.intervalMs ?? base.tier2.intervalMs, size: row(2)?.size ?? base.tier2.size },
    tier3: { intervalMs: alwaysOpen ? (row(3)?.intervalMs ?? base.tier3.intervalMs) : DAY_MS },
  };
}

const HOLIDAYS_KEY = 'provider_holidays';

export type RefreshStackDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  gateway: QuoteGateway;
  /** Where weekly profiles (shares outstanding) come from, when a live provider gives them. */
  profiles?: Omit<ProfileSink, 'apply'>;
  quotes: QuoteService;
  latestQuote: (symbol: string) => StoredQuote | undefined;
  symbols: SymbolsRepo;
  directory: Map<string, SymbolRow>;
  pinned: () => Iterable<string>;
  extendedHours: () => boolean;
  alwaysOpen: () => boolean;
  timer?: Scheduler;
  maxInFlight?: number;
  /** Defaults of the simulated feed (tests make it faster still). */
  simulatedAsks?: PlanAsks;
} & Pick<RefreshSchedulerDeps, 'onPlan' | 'onProgress' | 'onSessionChange'>;

export type RefreshStack = ReturnType<typeof createRefreshStack>;

export function createRefreshStack(deps: RefreshStackDeps) {
  const { clock, logger } = deps;
  const repo = createSchedulerRepo(deps.db);
  let stored: ProviderHoliday[] = [];
  try {
    stored = JSON.parse(repo.meta(HOLIDAYS_KEY) ?? '[]') as ProviderHoliday[];
  } catch {
    logger.warn({}, 'stored provider holidays were unreadable; using the rules alone');
  }
  const market: MarketClock = createMarketClock({ providerHolidays: Array.isArray(stored) ? stored : [] });
  const tiers = createTierService({
    symbols: deps.symbols,
    repo,
    directory: deps.directory,
    latestQuote: deps.latestQuote,
    pinned: deps.pinned,
  });
  /** Shares outstanding from a profile: market caps follow every later price at no cost. */
  const applyProfile = (profile: ProviderProfile) => {
    const row = deps.directory.get(profile.symbol);
    const shares = profile.sharesOutstanding;
    if (!row || shares === null || !Number.isFinite(shares) || shares <= 0) return;
    if (row.sharesOutstanding === shares) return;
    deps.symbols.setSharesOutstanding(profile.symbol, shares, clock.now());
    deps.directory.set(profile.symbol, { ...row, sharesOutstanding: shares });
  };
  const asks = () => resolveAsks(repo.pollIntervals(), deps.alwaysOpen(), deps.simulatedAsks);
  const timer = deps.timer ?? createClockScheduler(clock);
  const scheduler = createRefreshScheduler({
    clock,
    timer,
    logger: logger.child({ component: 'scheduler' }),
    gateway: deps.gateway,
    market,
    repo,
    tiers,
    ingest: (batch: GatewayQuote[], fetchedAt: number) => {
      const bySource = new Map<GatewayQuote['source'], GatewayQuote[]>();
      for (const q of batch) {
        const list = bySource.get(q.source);
        if (list) list.push(q);
        else bySource.set(q.source, [q]);
      }
      for (const [source, quotes] of bySource) deps.quotes.ingest(source, quotes, fetchedAt);
    },
    fetchedAt: (s) => deps.latestQuote(s)?.fetchedAt,
    universeSize: () => deps.directory.size,
    extendedHours: deps.extendedHours,
    alwaysOpen: deps.alwaysOpen,
    asks,
    ...(deps.profiles ? { profiles: { ...deps.profiles, apply: applyProfile } } : {}),
    ...(deps.maxInFlight ? { maxInFlight: deps.maxInFlight } : {}),
    ...(deps.onPlan ? { onPlan: deps.onPlan } : {}),
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
    ...(deps.onSessionChange ? { onSessionChange: deps.onSessionChange } : {}),
  });
  const staleness = createStalenessPolicy({
    market,
    plan: () => scheduler.peekPlan(),
    alwaysOpen: deps.alwaysOpen,
    extendedHours: deps.extendedHours,
  });

  return {
    repo,
    market,
    tiers,
    scheduler,
    staleness,
    asks,
    timer,
    /** When the stored quote of a symbol was fetched (simulations sample staleness with it). */
    quoteFetchedAt: (symbol: string) => deps.latestQuote(symbol)?.fetchedAt,
    /** The engine hook for a provider's holiday list (Finnhub /stock/market-holiday). */
    mergeProviderHolidays(entries: readonly ProviderHoliday[]): HolidayMergeReport {
      const report = market.mergeProviderHolidays(entries);
      if (report.added.length > 0) {
        repo.setMeta(HOLIDAYS_KEY, JSON.stringify(market.providerEntries()));
        logger.info({ added: report.added }, 'provider holidays merged into the market clock');
        scheduler.replanNow();
      }
      if (report.disagreements.length > 0) {
        logger.warn(
          { disagreements: report.disagreements },
          'provider holidays disagree with the NYSE rules; kept the rules',
        );
      }
      return report;
    },
  };
}
