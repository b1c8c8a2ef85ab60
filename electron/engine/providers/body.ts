// Small, total readers for provider bodies: JSON text to values, strings to numbers, never a throw.
import type { ProviderId } from '../../../shared/quote';
import type { ProviderQuote } from './types';
import { ProviderError } from './types';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON text; anything else (truncated, HTML, empty) is a `malformed` ProviderError. */
export function parseJsonText(provider: ProviderId, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const head = text.slice(0, 60).replace(/\s+/g, ' ');
    throw new ProviderError(provider, 'malformed', `${provider} sent a body that is not JSON (starts "${head}")`);
  }
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number from a JSON number or a decimal string (AV's "256.9500"), else null. */
export function decimal(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!DECIMAL.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A percentage with or without a trailing `%` ("-1.3891%", "-4.2325"). */
export function percent(v: unknown): number | null {
  return typeof v === 'string' ? decimal(v.trim().replace(/%$/, '')) : decimal(v);
}

/** No listed share trades above this; a larger "price" is a broken body, not a quote. */
export const MAX_PRICE = 1e9;

export function positiveOrNull(v: unknown): number | null {
  const n = decimal(v);
  return n !== null && n > 0 ? n : null;
}

export function priceOrNull(v: unknown): number | null {
  const n = decimal(v);
  return n !== null && n > 0 && n < MAX_PRICE ? n : null;
}

/** A whole positive count (shares), scaled first (Finnhub reports millions); null when unsound. */
export function countOrNull(v: unknown, scale = 1): number | null {
  const n = decimal(v);
  if (n === null) return null;
  const c = Math.round(n * scale);
  return Number.isSafeInteger(c) && c > 0 ? c : null;
}

export function nonNegativeIntOrNull(v: unknown): number | null {
  const n = decimal(v);
  return n !== null && n >= 0 && Number.isSafeInteger(Math.round(n)) ? Math.round(n) : null;
}

export function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** Rounds away binary noise (0.1 + 0.2) without losing a provider's 4 decimals. */
export function round(n: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/**
 * Completes a quote from the fields a provider gave: change from the previous close when the
 * provider left it out, and null instead of a zero or negative open/high/low/close (a provider's
 * "no value yet"). Returns null when no sound quote can be made (the caller decides what that means).
 */
export function soundQuote(q: {
  symbol: string;
  price: number | null;
  change: number | null;
  changePercent: number | null;
  open: unknown;
  high: unknown;
  low: unknown;
  previousClose: unknown;
  volume: number | null;
  asOf: number;
  delayed?: boolean;
}): ProviderQuote | null {
  const price = priceOrNull(q.price);
  if (price === null) return null;
  if (!Number.isFinite(q.asOf) || q.asOf <= 0) return null;
  const previousClose = priceOrNull(q.previousClose);
  let change = q.change;
  if (change === null || !Number.isFinite(change)) {
    change = previousClose === null ? null : round(price - previousClose);
  }
  if (change === null || !Number.isFinite(change)) return null;
  let changePercent = q.changePercent;
  if (changePercent === null || !Number.isFinite(changePercent)) {
    const base = previousClose ?? price - change;
    changePercent = base > 0 ? round((change / base) * 100, 4) : null;
  }
  if (changePercent === null || !Number.isFinite(changePercent)) return null;
  const quote: ProviderQuote = {
    symbol: q.symbol,
    price,
    change,
    changePercent,
    open: priceOrNull(q.open),
    high: priceOrNull(q.high),
    low: priceOrNull(q.low),
    previousClose,
    volume: q.volume !== null && Number.isSafeInteger(q.volume) && q.volume >= 0 ? q.volume : null,
    asOf: q.asOf,
  };
  if (q.delayed) quote.delayed = true;
  return quote;
}
