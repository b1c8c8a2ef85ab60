// Loads the shipped symbol universe (resources/universe/*.csv) into the symbols table.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parseCsvRecords } from '../../shared/csv';
import { isSymbol } from '../../shared/symbols';
import type { Tier } from '../../shared/quote';
import type { SymbolRow, SymbolsRepo } from './store/symbols-repo';
import type { Db } from './store/db';

function num(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function text(s: string | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

/** Parses universe CSV rows; rows without a valid symbol, name or price are skipped and counted. */
export function parseUniverse(csv: string): { rows: SymbolRow[]; skipped: number } {
  const rows: SymbolRow[] = [];
  let skipped = 0;
  for (const r of parseCsvRecords(csv)) {
    const symbol = (r.symbol ?? '').trim().toUpperCase();
    const name = text(r.name);
    const refPrice = num(r.last_price);
    if (!isSymbol(symbol) || !name || refPrice === null || refPrice <= 0) {
      skipped++;
      continue;
    }
    const marketCap = num(r.market_cap_usd);
    rows.push({
      symbol,
      name,
      exchange: text(r.exchange) ?? 'UNKNOWN',
      mic: text(r.mic),
      sector: text(r.sector),
      industry: text(r.industry),
      country: text(r.country),
      securityType: text(r.security_type) ?? 'common',
      isSpac: r.is_spac === '1',
      marketCap,
      // The screener's cap is price x shares at its close: recover the share count from it so
      // market cap follows every new price until a provider profile gives the real count.
      sharesOutstanding: marketCap !== null && marketCap > 0 ? Math.round(marketCap / refPrice) : null,
      avgVolume: num(r.avg_volume),
      refPrice,
      refVolume: num(r.last_volume),
      tier: 3,
      active: true,
    });
  }
  return { rows, skipped };
}

/**
 * A first classification by dollar volume, so tiers mean something before the planner runs:
 * the most traded `tier1` symbols are tier 1, the next `tier2` tier 2, the rest tier 3.
 */
export function initialTiers(rows: SymbolRow[], tier1 = 150, tier2 = 600): Map<string, Tier> {
  const ranked = [...rows].sort(
    (a, b) => (b.avgVolume ?? 0) * (b.refPrice ?? 0) - (a.avgVolume ?? 0) * (a.refPrice ?? 0),
  );
  return new Map(ranked.map((r, i) => [r.symbol, i < tier1 ? 1 : i < tier1 + tier2 ? 2 : 3]));
}

/** Loads the universe files when they changed since the last load (by content hash). */
export function loadUniverse(
  db: Db,
  repo: SymbolsRepo,
  files: string[],
  now: number,
): { loaded: number; skipped: number; changed: boolean } {
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const hash = createHash('sha256').update(texts.join('\0')).digest('hex');
  const seen = db.prepare("SELECT value FROM meta WHERE key = 'universe_hash'").get() as { value: string } | undefined;
  if (seen?.value === hash && repo.count() > 0) return { loaded: repo.count(), skipped: 0, changed: false };
  const parsed = texts.map(parseUniverse);
  const rows = parsed.flatMap((p) => p.rows);
  const skipped = parsed.reduce((n, p) => n + p.skipped, 0);
  const tiers = initialTiers(rows);
  const fresh = repo.count() === 0;
  db.transaction(() => {
    repo.upsertMany(
      rows.map((r) => ({ ...r, tier: fresh ? (tiers.get(r.symbol) ?? 3) : r.tier })),
      now,
    );
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('universe_hash', ?)").run(hash);
  })();
  return { loaded: rows.length, skipped, changed: true };
}
