// Sorting and filtering quotes the way the tables show them: missing values last, ties by symbol.
import type { Quote } from '../../../shared/quote';

export type SortKey =
  | 'symbol'
  | 'name'
  | 'price'
  | 'change'
  | 'changePercent'
  | 'volume'
  | 'marketCap'
  | 'range'
  | 'asOf'
  | 'exchange'
  | 'tier'
  | 'sector';
export type SortOrder = 'asc' | 'desc';
export type SortState = { key: SortKey; order: SortOrder };

/** Where the price sits in the day's range, 0 at the low and 1 at the high. */
export function rangePosition(q: Pick<Quote, 'low' | 'high' | 'price'>): number | null {
  if (q.low === null || q.high === null) return null;
  if (q.high <= q.low) return 0.5;
  return Math.min(1, Math.max(0, (q.price - q.low) / (q.high - q.low)));
}

/** Facts about a symbol that do not need a quote (the universe table sorts unquoted rows by them). */
export type SymbolFacts = { name: string; exchange: string; tier: number; sector: string | null };

function value(q: Quote | undefined, key: SortKey, facts: SymbolFacts | undefined): number | string | null {
  if (key === 'sector') return facts?.sector ?? null;
  if (key === 'name' || key === 'exchange' || key === 'tier') return facts ? facts[key] : (q?.[key] ?? null);
  if (!q) return null;
  if (key === 'range') return rangePosition(q);
  return q[key];
}

/** Compares two symbols by their quotes; symbols without a quote sort last whatever the order. */
export function compareBy(
  quotes: Record<string, Quote>,
  sort: SortState,
  facts?: Record<string, SymbolFacts | undefined>,
) {
  const dir = sort.order === 'asc' ? 1 : -1;
  return (a: string, b: string): number => {
    if (sort.key === 'symbol') return a < b ? -dir : a > b ? dir : 0;
    const av = value(quotes[a], sort.key, facts?.[a]);
    const bv = value(quotes[b], sort.key, facts?.[b]);
    if (av === null && bv === null) return a < b ? -1 : 1;
    if (av === null) return 1;
    if (bv === null) return -1;
    if (av < bv) return -dir;
    if (av > bv) return dir;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

/** The next sort when a header is clicked: numbers start high-to-low, text A-Z, a third click clears. */
export function nextSort(cur: SortState | null, key: SortKey): SortState | null {
  const first: SortOrder = ['symbol', 'name', 'exchange', 'sector', 'tier'].includes(key) ? 'asc' : 'desc';
  if (!cur || cur.key !== key) return { key, order: first };
  if (cur.order === first) return { key, order: first === 'asc' ? 'desc' : 'asc' };
  return null;
}

export type CapBand = 'mega' | 'large' | 'mid' | 'small' | 'micro' | 'nano';

export const CAP_BANDS: { id: CapBand; label: string; min: number; max: number }[] = [
  { id: 'mega', label: 'Mega (≥ $200B)', min: 200e9, max: Infinity },
  { id: 'large', label: 'Large ($10B–200B)', min: 10e9, max: 200e9 },
  { id: 'mid', label: 'Mid ($2B–10B)', min: 2e9, max: 10e9 },
  { id: 'small', label: 'Small ($300M–2B)', min: 300e6, max: 2e9 },
  { id: 'micro', label: 'Micro ($50M–300M)', min: 50e6, max: 300e6 },
  { id: 'nano', label: 'Nano (< $50M)', min: 0, max: 50e6 },
];

export function inCapBand(marketCap: number | null | undefined, band: CapBand): boolean {
  const b = CAP_BANDS.find((x) => x.id === band);
  if (!b || marketCap === null || marketCap === undefined) return false;
  return marketCap >= b.min && marketCap < b.max;
}
