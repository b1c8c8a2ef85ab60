// Portfolio arithmetic the forms need: amounts people type, cost basis from a price, holding order.
import type { HoldingValuation } from '../../../shared/contract';

/** "1,250.5", " 10 ", "$99.90" → a number; anything else (empty, "abc", "1.2.3") → null. */
export function parseAmount(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/[$\s]/g, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^\d*\.?\d+$|^\d+\.$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

/** What a position cost in total, from shares and the price paid per share (to 1/100 of a cent). */
export function costBasisOf(shares: number, pricePerShare: number): number {
  return Math.round(shares * pricePerShare * 10_000) / 10_000;
}

export type HoldingSortKey = 'symbol' | 'shares' | 'avgCost' | 'price' | 'dayChange' | 'value' | 'gain' | 'weight';

function key(h: HoldingValuation, k: HoldingSortKey): number | string | null {
  switch (k) {
    case 'symbol':
      return h.symbol;
    case 'shares':
      return h.shares;
    case 'avgCost':
      return h.shares > 0 ? h.costBasis / h.shares : null;
    case 'weight':
      return h.weightPercent;
    default:
      return h[k];
  }
}

/** Sorted copy; holdings without a value (no quote yet) go last in either order. */
export function sortHoldings(
  list: readonly HoldingValuation[],
  k: HoldingSortKey,
  order: 'asc' | 'desc',
): HoldingValuation[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const x = key(a, k);
    const y = key(b, k);
    if (x === null && y === null) return a.symbol.localeCompare(b.symbol);
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y)) : x - y;
    return c === 0 ? a.symbol.localeCompare(b.symbol) : sign * c;
  });
}
