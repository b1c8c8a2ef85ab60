// Handlers for tiers, overrides, poll intervals and on-demand refreshes.
import type { adminEndpoints, Handlers, Override, PollIntervals } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { Tier } from '../../../shared/quote';
import type { RefreshStack } from '../scheduler/index';
import type { PollIntervalRow } from '../scheduler/scheduler-repo';
import type { SymbolRow } from '../store/symbols-repo';

export type AdminHandlerDeps = {
  stack: RefreshStack;
  directory: ReadonlyMap<string, SymbolRow>;
  now: () => number;
  feed: () => 'simulated' | 'live';
  extendedHours: () => boolean;
};

export function createAdminHandlers(deps: AdminHandlerDeps): Pick<Handlers, keyof typeof adminEndpoints> {
  const { stack } = deps;
  const iso = (t: number) => new Date(t).toISOString();

  const checkKnown = (symbols: string[]) => {
    const unknown = symbols.filter((s) => !deps.directory.has(s));
    if (unknown.length > 0) {
      throw new ApiError('bad_request', `not in the symbol universe: ${unknown.slice(0, 10).join(', ')}`);
    }
  };

  const overrides = (): Override[] =>
    stack.repo.overrides().map((o) => ({ symbol: o.symbol, tier: o.tier, createdAt: iso(o.createdAt) }));

  const pollIntervals = (): PollIntervals => {
    const plan = stack.scheduler.plan();
    const stored = stack.repo.pollIntervals();
    const asks = stack.asks();
    const askOf = (t: Tier) => (t === 1 ? asks.tier1 : t === 2 ? asks.tier2 : { ...asks.tier3, size: null });
    return {
      feed: deps.feed(),
      extendedHours: deps.extendedHours(),
      tiers: plan.tiers.map((tp) => {
        const ask = askOf(tp.tier);
        const row = stored.find((r) => r.tier === tp.tier);
        return {
          tier: tp.tier,
          intervalSeconds: ask.intervalMs / 1000,
          size: ask.size,
          isDefault: !row || (row.intervalMs === null && row.size === null),
          effectiveSeconds: tp.intervalMs / 1000,
          effectiveSize: tp.symbols,
        };
      }),
      adjustments: plan.adjustments,
      sentence: plan.sentence,
    };
  };

  return {
    getTiers: ({ tier, page, pageSize }) => {
      const plan = stack.scheduler.plan();
      const ranks = new Map(stack.tiers.ranks().map((r) => [r.symbol, r]));
      const ordered = tier === undefined ? stack.tiers.byTier() : stack.tiers.members(tier);
      const start = (page - 1) * pageSize;
      const classifiedAt = stack.tiers.classifiedAt();
      return {
        classifiedAt: classifiedAt === null ? null : iso(classifiedAt),
        tiers: plan.tiers,
        sentence: plan.sentence,
        page,
        pageSize,
        total: ordered.length,
        symbols: ordered.slice(start, start + pageSize).map((symbol) => {
          const row = deps.directory.get(symbol);
          const r = ranks.get(symbol);
          return {
            symbol,
            name: row?.name ?? symbol,
            tier: row?.tier ?? 3,
            reason: stack.tiers.reason(symbol)?.reason ?? 'rank',
            rank: r?.rank ?? null,
            dollarVolume: r?.dollarVolume === null || r?.dollarVolume === undefined ? null : Math.round(r.dollarVolume),
            marketCap: r?.marketCap === null || r?.marketCap === undefined ? null : Math.round(r.marketCap),
          };
        }),
      };
    },
    reclassifyTiers: () => {
      const changed = stack.scheduler.reclassify();
      return { changed, classifiedAt: iso(stack.tiers.classifiedAt() ?? deps.now()) };
    },
    listOverrides: () => overrides(),
    setOverrides: ({ symbols, tier }) => {
      checkKnown(symbols);
      stack.repo.setOverrides([...new Set(symbols)], tier, deps.now());
      stack.scheduler.replanNow();
      return overrides();
    },
    deleteOverrides: ({ symbols }) => {
      stack.repo.deleteOverrides([...new Set(symbols)]);
      stack.scheduler.replanNow();
      return overrides();
    },
    getPollIntervals: () => pollIntervals(),
    setPollIntervals: ({ tier1, tier2, tier3, reset }) => {
      if (tier3?.intervalSeconds !== undefined && deps.feed() === 'live') {
        throw new ApiError(
          'bad_request',
          'tier 3 of a live market is refreshed once after each close; its interval cannot be set',
        );
      }
      if (reset) stack.repo.clearPollIntervals();
      const current = new Map(stack.repo.pollIntervals().map((r) => [r.tier, r]));
      const rows: Omit<PollIntervalRow, 'updatedAt'>[] = [];
      const merge = (tier: Tier, ask: { intervalSeconds?: number; size?: number } | undefined) => {
        if (!ask) return;
        const prev = current.get(tier);
        rows.push({
          tier,
          intervalMs: ask.intervalSeconds !== undefined ? ask.intervalSeconds * 1000 : (prev?.intervalMs ?? null),
          size: ask.size !== undefined ? ask.size : (prev?.size ?? null),
        });
      };
      merge(1, tier1);
      merge(2, tier2);
      merge(3, tier3);
      if (rows.length > 0) stack.repo.setPollIntervals(rows, deps.now());
      stack.scheduler.replanNow();
      return pollIntervals();
    },
    refreshMarketData: ({ symbols }) => {
      checkKnown(symbols);
      const accepted = stack.scheduler.requestRefresh(symbols);
      return {
        symbols: accepted.symbols,
        calls: accepted.calls,
        estimatedDoneAt: iso(accepted.estimatedDoneAt),
        queuedAhead: accepted.queuedAhead,
      };
    },
  };
}
