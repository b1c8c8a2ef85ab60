// Alpha Vantage bodies (PROVIDERS.md §1) to typed results or typed ProviderErrors: pure, total.
import {
  countOrNull,
  decimal,
  isRecord,
  nonNegativeIntOrNull,
  parseJsonText,
  percent,
  positiveOrNull,
  soundQuote,
  text,
} from '../body';
import { isDate, nyTime } from '../../../../shared/market/ny-time';
import { quoteText, type Redactor } from '../redact';
import type { ProviderMarketStatus, ProviderProfile, ProviderQuote, QuoteBatch, UniverseEntry } from '../types';
import { ProviderError } from '../types';
import { NEW_YORK, zonedTime } from '../zoned-time';

const AV = 'alphavantage' as const;

export type AvParseContext = {
  /** When the answer arrived (epoch ms): the upper bound of any quote time. */
  now: number;
  redact: Redactor;
};

/** AV's burst window is not published; one minute is what its older per-minute limit used. */
export const AV_BURST_PAUSE_MS = 60_000;
/** Delayed entitlements lag by this much (the wrapper key says "DELAYED BY 15 MINUTES"). */
const DELAY_MS = 15 * 60_000;

function fail(kind: ConstructorParameters<typeof ProviderError>[1], message: string, retryAt?: number): ProviderError {
  return new ProviderError(AV, kind, message, retryAt === undefined ? {} : { retryAt });
}

/**
 * Classifies an `Information` / `Note` text: burst, premium, demo key, daily quota, or throttle.
 * The texts change over time, so this matches substrings, burst first (its text also mentions
 * the daily limit and premium endpoints).
 */
export function classifyThrottleText(raw: string, key: 'Information' | 'Note', ctx: AvParseContext): ProviderError {
  const said = quoteText(raw, ctx.redact);
  const t = raw.toLowerCase();
  if (/spreading out|per second|burst/.test(t)) {
    return fail('rate_limited', `Alpha Vantage burst limit: ${said}`, ctx.now + AV_BURST_PAUSE_MS);
  }
  if (t.includes('premium endpoint')) return fail('premium', `this endpoint needs a premium plan: ${said}`);
  if (/\bdemo\b/.test(t)) return fail('auth', `the demo key cannot be used here: ${said}`);
  if (/rate limit is \d+ requests per day|requests per day|calls per day/.test(t) && !t.includes('per minute')) {
    return fail('daily_limit', `Alpha Vantage daily limit reached: ${said}`);
  }
  // The legacy `Note` ("5 calls per minute and 500 calls per day") and any unknown text: throttle.
  return fail('rate_limited', `Alpha Vantage throttled the call (${key}): ${said}`, ctx.now + AV_BURST_PAUSE_MS);
}

/**
 * The error an AV body carries (all come with HTTP 200), or null for a body that is data.
 * `Error Message` first, then `Information`/`Note`, then a bulk `message` other than "success".
 */
export function classifyAvBody(body: unknown, ctx: AvParseContext): ProviderError | null {
  if (!isRecord(body)) return null;
  const em = body['Error Message'];
  if (typeof em === 'string') {
    const said = quoteText(em, ctx.redact);
    if (/apikey/i.test(em) && /invalid|missing/i.test(em))
      return fail('auth', `this key is invalid or missing: ${said}`);
    return fail('invalid_request', `Alpha Vantage refused the call: ${said}`);
  }
  for (const key of ['Information', 'Note'] as const) {
    const v = body[key];
    if (typeof v === 'string') return classifyThrottleText(v, key, ctx);
  }
  const message = body.message;
  if (typeof message === 'string' && message !== 'success') {
    const said = quoteText(message, ctx.redact);
    // The sample `data` that comes with a premium refusal is artificial (XXYYZZ): never read it.
    if (/premium/i.test(message)) return fail('premium', `this endpoint needs a premium plan: ${said}`);
    return fail('invalid_request', `Alpha Vantage refused the call: ${said}`);
  }
  return null;
}

function jsonBody(body: string, ctx: AvParseContext): unknown {
  const parsed = parseJsonText(AV, body);
  const err = classifyAvBody(parsed, ctx);
  if (err) throw err;
  return parsed;
}

/** Quote time of a GLOBAL_QUOTE: the close of its latest trading day, never after now (less any delay). */
function globalQuoteTime(day: string | null, delayed: boolean, now: number): number {
  const close = day === null ? NaN : zonedTime(day, 16, 0, NEW_YORK);
  if (!Number.isFinite(close)) return NaN;
  return Math.min(close, now - (delayed ? DELAY_MS : 0));
}

/** GLOBAL_QUOTE for one symbol; `{"Global Quote": {}}` means AV does not know it. */
export function parseGlobalQuote(body: string, symbol: string, ctx: AvParseContext): QuoteBatch {
  const parsed = jsonBody(body, ctx);
  if (!isRecord(parsed)) throw fail('malformed', 'GLOBAL_QUOTE answer is not an object');
  const key = Object.keys(parsed).find((k) => k === 'Global Quote' || k.startsWith('Global Quote - '));
  if (key === undefined) throw fail('malformed', 'GLOBAL_QUOTE answer has no "Global Quote"');
  const inner = parsed[key];
  if (!isRecord(inner)) throw fail('malformed', 'GLOBAL_QUOTE "Global Quote" is not an object');
  if (Object.keys(inner).length === 0) return { quotes: [], unknown: [symbol] };
  const echoed = text(inner['01. symbol']);
  if (echoed !== null && echoed.toUpperCase() !== symbol.toUpperCase()) {
    throw fail('malformed', `GLOBAL_QUOTE answered for ${echoed.slice(0, 16)}, not ${symbol}`);
  }
  const delayed = /delayed/i.test(key);
  const quote = soundQuote({
    symbol,
    price: decimal(inner['05. price']),
    change: decimal(inner['09. change']),
    changePercent: percent(inner['10. change percent']),
    open: inner['02. open'],
    high: inner['03. high'],
    low: inner['04. low'],
    previousClose: inner['08. previous close'],
    volume: nonNegativeIntOrNull(inner['06. volume']),
    asOf: globalQuoteTime(text(inner['07. latest trading day']), delayed, ctx.now),
    delayed,
  });
  if (!quote) throw fail('malformed', `GLOBAL_QUOTE for ${symbol} has no usable price or trading day`);
  return { quotes: [quote], unknown: [] };
}

/** `YYYY-MM-DD HH:MM:SS(.mmm)` New York wall time (the bulk endpoint's timestamp), else NaN. */
function bulkTime(v: unknown): number {
  const s = text(v);
  const m = s === null ? null : /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) return NaN;
  const date = m[1] ?? '';
  const [h, min, sec] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (!isDate(date) || h > 23 || min > 59 || sec > 59) return NaN;
  // A hundred rows an answer: the market clock's cached zone offset, not a zone lookup per row.
  return nyTime(date, h * 60 + min) + sec * 1000 + Number((m[5] ?? '0').padEnd(3, '0'));
}

/**
 * REALTIME_BULK_QUOTES (premium). Only `message: "success"` bodies are read; rows for symbols that
 * were not asked for are ignored, asked symbols that are absent are unknown, and rows without a
 * price (not traded yet) give no quote.
 */
export function parseBulkQuotes(body: string, symbols: string[], ctx: AvParseContext): QuoteBatch {
  const parsed = jsonBody(body, ctx);
  if (!isRecord(parsed) || parsed.message !== 'success') {
    throw fail('malformed', 'REALTIME_BULK_QUOTES answer has no "message": "success"');
  }
  const data = parsed.data;
  if (!Array.isArray(data)) throw fail('malformed', 'REALTIME_BULK_QUOTES answer has no "data" array');
  const wanted = new Map(symbols.map((s) => [s.toUpperCase(), s]));
  const seen = new Set<string>();
  const quotes: ProviderQuote[] = [];
  for (const row of data) {
    if (!isRecord(row)) continue;
    const sym = text(row.symbol)?.toUpperCase();
    const asked = sym === undefined ? undefined : wanted.get(sym);
    if (asked === undefined || seen.has(asked)) continue;
    seen.add(asked);
    const t = bulkTime(row.timestamp);
    const q = soundQuote({
      symbol: asked,
      price: decimal(row.close),
      change: decimal(row.change),
      changePercent: percent(row.change_percent),
      open: row.open,
      high: row.high,
      low: row.low,
      previousClose: row.previous_close,
      volume: nonNegativeIntOrNull(row.volume),
      asOf: Number.isFinite(t) ? Math.min(t, ctx.now) : ctx.now,
    });
    if (q) quotes.push(q);
  }
  return { quotes, unknown: symbols.filter((s) => !seen.has(s)) };
}

/** OVERVIEW: shares outstanding (absolute count), market cap (whole dollars); `{}` = unknown. */
export function parseOverview(body: string, symbol: string, ctx: AvParseContext): ProviderProfile | null {
  const parsed = jsonBody(body, ctx);
  if (!isRecord(parsed)) throw fail('malformed', 'OVERVIEW answer is not an object');
  if (Object.keys(parsed).length === 0) return null;
  // "None", "-" and "0" all mean "not known" here.
  return {
    symbol,
    name: text(parsed.Name),
    exchange: text(parsed.Exchange),
    sharesOutstanding: countOrNull(parsed.SharesOutstanding),
    marketCap: positiveOrNull(parsed.MarketCapitalization),
  };
}

const LISTING_COLUMNS = ['symbol', 'name', 'exchange', 'assetType', 'ipoDate', 'delistingDate', 'status'];

/** LISTING_STATUS CSV (CRLF, unquoted, literal `null`); a JSON body here is an error body. */
export function parseListingStatus(body: string, ctx: AvParseContext): UniverseEntry[] {
  const head = body.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    jsonBody(body, ctx);
    throw fail('malformed', 'LISTING_STATUS answered JSON instead of CSV');
  }
  const lines = body.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const col = new Map(header.map((h, i) => [h, i]));
  if (!LISTING_COLUMNS.slice(0, 4).every((c) => col.has(c))) {
    throw fail('malformed', `LISTING_STATUS CSV header is not "${LISTING_COLUMNS.join(',')}"`);
  }
  const at = (fields: string[], name: string): string | null => {
    const i = col.get(name);
    const v = i === undefined ? undefined : fields[i]?.trim();
    return v === undefined || v === '' || v === 'null' ? null : v;
  };
  const out: UniverseEntry[] = [];
  for (const line of lines.slice(1)) {
    const fields = line.split(',');
    const symbol = at(fields, 'symbol');
    const status = at(fields, 'status');
    if (symbol === null || (status !== null && status.toLowerCase() !== 'active')) continue;
    out.push({
      symbol: symbol.toUpperCase(),
      name: at(fields, 'name') ?? symbol,
      exchange: at(fields, 'exchange') ?? 'UNKNOWN',
      type: at(fields, 'assetType') ?? 'Stock',
    });
  }
  return out;
}

/** MARKET_STATUS: the United States equity entry. AV names no session and no holiday. */
export function parseMarketStatus(body: string, ctx: AvParseContext): ProviderMarketStatus {
  const parsed = jsonBody(body, ctx);
  const markets = isRecord(parsed) ? parsed.markets : undefined;
  if (!Array.isArray(markets)) throw fail('malformed', 'MARKET_STATUS answer has no "markets" array');
  const us: unknown = (markets as unknown[]).find(
    (m) => isRecord(m) && text(m.region) === 'United States' && text(m.market_type)?.toLowerCase() === 'equity',
  );
  if (!isRecord(us)) throw fail('malformed', 'MARKET_STATUS has no United States equity market');
  const status = text(us.current_status)?.toLowerCase();
  if (status !== 'open' && status !== 'closed') {
    throw fail('malformed', 'MARKET_STATUS current_status is not open/closed');
  }
  return { isOpen: status === 'open', session: null, holiday: null, asOf: ctx.now };
}
