// Reads and writes the symbol universe (name, exchange, tier, shares outstanding).
import type { Tier } from '../../../shared/quote';
import type { Db } from './db';

export type SymbolRow = {
  symbol: string;
  name: string;
  exchange: string;
  mic: string | null;
  sector: string | null;
  industry: string | null;
  country: string | null;
  securityType: string;
  isSpac: boolean;
  marketCap: number | null;
  sharesOutstanding: number | null;
  avgVolume: number | null;
  refPrice: number | null;
  refVolume: number | null;
  tier: Tier;
  active: boolean;
};

type Raw = {
  symbol: string;
  name: string;
  exchange: string;
  mic: string | null;
  sector: string | null;
  industry: string | null;
  country: string | null;
  security_type: string;
  is_spac: number;
  market_cap: number | null;
  shares_outstanding: number | null;
  avg_volume: number | null;
  ref_price: number | null;
  ref_volume: number | null;
  tier: number;
  active: number;
};

function fromRaw(r: Raw): SymbolRow {
  return {
    symbol: r.symbol,
    name: r.name,
    exchange: r.exchange,
    mic: r.mic,
    sector: r.sector,
    industry: r.industry,
    country: r.country,
    securityType: r.security_type,
    isSpac: r.is_spac === 1,
    marketCap: r.market_cap,
    sharesOutstanding: r.shares_outstanding,
    avgVolume: r.avg_volume,
    refPrice: r.ref_price,
    refVolume: r.ref_volume,
    tier: r.tier === 1 || r.tier === 2 ? r.tier : 3,
    active: r.active === 1,
  };
}

export type SymbolsRepo = ReturnType<typeof createSymbolsRepo>;

export function createSymbolsRepo(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO symbols (symbol, name, exchange, mic, sector, industry, country, security_type, is_spac,
      market_cap, shares_outstanding, avg_volume, ref_price, ref_volume, tier, active, updated_at)
    VALUES (@symbol, @name, @exchange, @mic, @sector, @industry, @country, @securityType, @isSpac,
      @marketCap, @sharesOutstanding, @avgVolume, @refPrice, @refVolume, @tier, 1, @now)
    ON CONFLICT(symbol) DO UPDATE SET
      name = excluded.name, exchange = excluded.exchange, mic = excluded.mic, sector = excluded.sector,
      industry = excluded.industry, country = excluded.country, security_type = excluded.security_type,
      is_spac = excluded.is_spac, market_cap = excluded.market_cap,
      shares_outstanding = COALESCE(symbols.shares_outstanding, excluded.shares_outstanding),
      avg_volume = excluded.avg_volume, ref_price = excluded.ref_price, ref_volume = excluded.ref_volume,
      active = 1, updated_at = excluded.updated_at
  `);
  const all = db.prepare('SELECT * FROM symbols WHERE active = 1 ORDER BY symbol');
  const one = db.prepare('SELECT * FROM symbols WHERE symbol = ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM symbols WHERE active = 1');
  const setTier = db.prepare('UPDATE symbols SET tier = ?, updated_at = ? WHERE symbol = ?');
  const setShares = db.prepare('UPDATE symbols SET shares_outstanding = ?, updated_at = ? WHERE symbol = ?');

  return {
    upsertMany(rows: SymbolRow[], now: number): void {
      db.transaction(() => {
        for (const r of rows) {
          upsert.run({ ...r, isSpac: r.isSpac ? 1 : 0, now });
        }
      })();
    },
    all(): SymbolRow[] {
      return (all.all() as Raw[]).map(fromRaw);
    },
    get(symbol: string): SymbolRow | undefined {
      const r = one.get(symbol) as Raw | undefined;
      return r ? fromRaw(r) : undefined;
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
    setTiers(tiers: Map<string, Tier>, now: number): void {
      db.transaction(() => {
        for (const [symbol, tier] of tiers) setTier.run(tier, now, symbol);
      })();
    },
    setSharesOutstanding(symbol: string, shares: number, now: number): void {
      setShares.run(shares, now, symbol);
    },
  };
}
