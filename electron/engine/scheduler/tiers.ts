// Owns tier membership: ranks the universe by dollar volume and market cap, applies pins and overrides.
import type { Tier } from '../../../shared/quote';
import type { SymbolRow, SymbolsRepo } from '../store/symbols-repo';
import type { StoredQuote } from '../store/quotes-repo';
import type { RankRow, SchedulerRepo } from './scheduler-repo';

export type RankInput = {
  symbol: string;
  price: number | null;
  /** Average daily volume (the universe file's). */
  avgVolume: number | null;
  /** The latest quote's day volume, when known. */
  dayVolume: number | null;
  sharesOutstanding: number | null;
};

export type Ranked = { symbol: string; rank: number; dollarVolume: number | null; marketCap: number | null };

/**
 * Ranks by a blend of dollar-volume rank (two thirds) and market-cap rank (one third): activity
 * matters most for how often a quote changes, size for how many people look at it.
 */
export function rankSymbols(rows: readonly RankInput[]): Ranked[] {
  const scored = rows.map((r) => {
    const volume =
      r.avgVolume !== null && r.dayVolume !== null
        ? 0.8 * r.avgVolume + 0.2 * r.dayVolume
        : (r.avgVolume ?? r.dayVolume ?? null);
    const dollarVolume = r.price !== null && volume !== null ? r.price * volume : null;
    const marketCap = r.price !== null && r.sharesOutstanding !== null ? r.price * r.sharesOutstanding : null;
    return { symbol: r.symbol, dollarVolume, marketCap };
  });
  const rankBy = (key: 'dollarVolume' | 'marketCap') => {
    const order = [...scored].sort(
      (a, b) => (b[key] ?? -1) - (a[key] ?? -1) || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
    );
    return new Map(order.map((s, i) => [s.symbol, i]));
  };
  const dv = rankBy('dollarVolume');
  const mc = rankBy('marketCap');
  const blended = scored.map((s) => ({ ...s, score: (2 * (dv.get(s.symbol) ?? 0) + (mc.get(s.symbol) ?? 0)) / 3 }));
  blended.sort(
    (a, b) =>
      a.score - b.score ||
      (b.dollarVolume ?? -1) - (a.dollarVolume ?? -1) ||
      (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0),
  );
  return blended.map((s, i) => ({
    symbol: s.symbol,
    rank: i + 1,
    dollarVolume: s.dollarVolume,
    marketCap: s.marketCap,
  }));
}

export type Assignment = { tier: Tier; reason: RankRow['reason'] };

/**
 * Tier of every ranked symbol: overrides first, then pinned symbols in tier 1, then by rank
 * until each tier holds its planned size. Pins never push a tier below its pinned count.
 */
export function assignTiers(
  ranked: readonly Ranked[],
  pinned: ReadonlySet<string>,
  overrides: ReadonlyMap<string, Tier>,
  sizes: { 1: number; 2: number },
): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  const counts = { 1: 0, 2: 0, 3: 0 };
  for (const r of ranked) {
    const o = overrides.get(r.symbol);
    if (o !== undefined) {
      out.set(r.symbol, { tier: o, reason: 'override' });
      counts[o]++;
    } else if (pinned.has(r.symbol)) {
      out.set(r.symbol, { tier: 1, reason: 'pinned' });
      counts[1]++;
    }
  }
  for (const r of ranked) {
    if (out.has(r.symbol)) continue;
    const tier: Tier = counts[1] < sizes[1] ? 1 : counts[2] < sizes[2] ? 2 : 3;
    counts[tier]++;
    out.set(r.symbol, { tier, reason: 'rank' });
  }
  return out;
}

export type TierServiceDeps = {
  symbols: SymbolsRepo;
  repo: SchedulerRepo;
  /** The engine's in-memory symbol directory; rows are replaced when a tier changes. */
  directory: Map<string, SymbolRow>;
  latestQuote: (symbol: string) => StoredQuote | undefined;
  /** Watchlists, portfolios, index proxies: always tier 1 (unless overridden). */
  pinned: () => Iterable<string>;
};

export type TierService = ReturnType<typeof createTierService>;

export function createTierService(deps: TierServiceDeps) {
  const { directory, repo } = deps;
  let ranked: Ranked[] = [];
  let classifiedAt: number | null = null;
  let sizes = { 1: 0, 2: 0 };
  let reasons = new Map<string, Assignment>();

  const stored = repo.ranks();
  if (stored.length > 0) {
    ranked = [...stored]
      .sort((a, b) => a.rank - b.rank)
      .map((r) => ({ symbol: r.symbol, rank: r.rank, dollarVolume: r.dollarVolume, marketCap: r.marketCap }));
    classifiedAt = Math.max(...stored.map((r) => r.classifiedAt));
  }

  const pinnedSet = () => {
    const set = new Set<string>();
    for (const s of deps.pinned()) if (directory.has(s)) set.add(s);
    return set;
  };
  const overrideMap = () => new Map(repo.overrides().map((o) => [o.symbol, o.tier] as const));

  const rank = (now: number) => {
    ranked = rankSymbols(
      [...directory.values()].map((s) => {
        const q = deps.latestQuote(s.symbol);
        return {
          symbol: s.symbol,
          price: q?.price ?? s.refPrice,
          avgVolume: s.avgVolume ?? s.refVolume,
          dayVolume: q?.volume ?? null,
          sharesOutstanding: s.sharesOutstanding,
        };
      }),
    );
    classifiedAt = now;
  };

  /** Writes changed tiers to SQLite and the directory; says how many changed. */
  const apply = (now: number): { changed: number; list: Ranked[] } => {
    // Symbols added to the universe since the last ranking go last until the next one.
    const known = new Set(ranked.map((r) => r.symbol));
    const extra = [...directory.keys()].filter((s) => !known.has(s)).sort();
    const list: Ranked[] = [
      ...ranked.filter((r) => directory.has(r.symbol)),
      ...extra.map((symbol, i) => ({ symbol, rank: ranked.length + i + 1, dollarVolume: null, marketCap: null })),
    ];
    reasons = assignTiers(list, pinnedSet(), overrideMap(), sizes);
    const changed = new Map<string, Tier>();
    for (const [symbol, a] of reasons) {
      const row = directory.get(symbol);
      if (row && row.tier !== a.tier) {
        changed.set(symbol, a.tier);
        directory.set(symbol, { ...row, tier: a.tier });
      }
    }
    if (changed.size > 0) deps.symbols.setTiers(changed, now);
    return { changed: changed.size, list };
  };

  /** Ranks survive restarts; reasons are recomputed on every assignment. */
  const saveRanks = (list: Ranked[], now: number) =>
    repo.replaceRanks(
      list.map((r) => ({
        symbol: r.symbol,
        rank: r.rank,
        dollarVolume: r.dollarVolume,
        marketCap: r.marketCap,
        reason: reasons.get(r.symbol)?.reason ?? 'rank',
        classifiedAt: classifiedAt ?? now,
      })),
    );

  const lists = (): Record<Tier, string[]> => {
    const t: Record<Tier, string[]> = { 1: [], 2: [], 3: [] };
    const listed = new Set<string>();
    for (const r of ranked) {
      const row = directory.get(r.symbol);
      if (!row) continue;
      t[row.tier].push(r.symbol);
      listed.add(r.symbol);
    }
    for (const [s, row] of directory) if (!listed.has(s)) t[row.tier].push(s);
    return t;
  };

  return {
    /** Symbols that must sit in each tier: pins (tier 1 unless overridden) and overrides. */
    pinnedCounts(): Record<Tier, number> {
      const overrides = overrideMap();
      const counts: Record<Tier, number> = { 1: 0, 2: 0, 3: 0 };
      for (const t of overrides.values()) counts[t]++;
      for (const s of pinnedSet()) if (!overrides.has(s)) counts[1]++;
      return counts;
    },
    needsRanking: () => ranked.length === 0,
    classifiedAt: () => classifiedAt,
    /** Ranks the universe again (daily) and applies the current sizes. */
    reclassify(now: number): number {
      rank(now);
      const { changed, list } = apply(now);
      saveRanks(list, now);
      return changed;
    },
    /** New sizes from the plan, or new pins and overrides: reassigns without re-ranking. */
    resize(next: { 1: number; 2: number }, now: number): number {
      sizes = { ...next };
      if (ranked.length === 0) {
        rank(now);
        const { changed, list } = apply(now);
        saveRanks(list, now);
        return changed;
      }
      return apply(now).changed;
    },
    /** Members of a tier, most important first. */
    members(tier: Tier): string[] {
      return lists()[tier];
    },
    /** Every symbol, tier 1 first, each tier by rank. */
    byTier(): string[] {
      const t = lists();
      return [...t[1], ...t[2], ...t[3]];
    },
    reason: (symbol: string): Assignment | undefined => reasons.get(symbol),
    ranks: (): readonly Ranked[] => ranked,
  };
}
