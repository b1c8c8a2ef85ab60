// Finnhub bodies and WebSocket frames (PROVIDERS.md §2) to typed results or typed ProviderErrors.
import { countOrNull, decimal, isRecord, MAX_PRICE, parseJsonText, soundQuote, text } from '../body';
import { quoteText, type Redactor } from '../redact';
import type { ProviderHoliday, ProviderMarketStatus, ProviderProfile, QuoteBatch, UniverseEntry } from '../types';
import { ProviderError } from '../types';

const FH = 'finnhub' as const;

export type FhParseContext = { now: number; redact: Redactor };

function fail(
  kind: ConstructorParameters<typeof ProviderError>[1],
  message: string,
  extra: { status?: number; retryAt?: number } = {},
) {
  return new ProviderError(FH, kind, message, extra);
}

/** `Retry-After` as seconds or an HTTP date, to epoch ms; undefined when absent or unreadable. */
export function retryAfterAt(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return now + Math.ceil(Number(s) * 1000);
  const t = Date.parse(s);
  return Number.isFinite(t) ? Math.max(now, t) : undefined;
}

function errorText(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    return isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : null;
  } catch {
    return null;
  }
}

/**
 * The error a non-2xx answer means: 401 bad or missing key, 403 plan without access, 429 over a
 * limit (with Retry-After when sent), 5xx the server. Null for a 2xx.
 */
export function classifyFinnhubStatus(
  status: number,
  body: string,
  retryAfter: string | null | undefined,
  ctx: FhParseContext,
): ProviderError | null {
  if (status >= 200 && status < 300) return null;
  const said = quoteText(errorText(body) ?? `HTTP ${status}`, ctx.redact);
  if (status === 401) return fail('auth', `this key is invalid: ${said}`, { status });
  if (status === 403) return fail('premium', `this endpoint needs a premium plan: ${said}`, { status });
  if (status === 429) {
    const retryAt = retryAfterAt(retryAfter, ctx.now);
    return fail(
      'rate_limited',
      `Finnhub limit reached: ${said}`,
      retryAt === undefined ? { status } : { status, retryAt },
    );
  }
  if (status >= 500) return fail('server', `Finnhub answered HTTP ${status}: ${said}`, { status });
  return fail('invalid_request', `Finnhub refused the call: ${said}`, { status });
}

/** A 200 body that is `{"error": "..."}` (e.g. "Symbol not supported."). */
function bodyError(parsed: unknown, ctx: FhParseContext): string | null {
  return isRecord(parsed) && typeof parsed.error === 'string' ? quoteText(parsed.error, ctx.redact) : null;
}

/**
 * /quote. All zeros (`c` and `pc` 0, or `t` 0) means Finnhub has no data for the symbol. Finnhub
 * gives no volume here: `volume` is null and must come from a provider with consolidated volume.
 */
export function parseFinnhubQuote(body: string, symbol: string, ctx: FhParseContext): QuoteBatch {
  const parsed = parseJsonText(FH, body);
  const said = bodyError(parsed, ctx);
  if (said !== null) {
    if (/not supported|no data|not found/i.test(said)) return { quotes: [], unknown: [symbol] };
    throw fail('invalid_request', `Finnhub refused the call: ${said}`);
  }
  if (!isRecord(parsed) || !('c' in parsed)) throw fail('malformed', '/quote answer has no "c"');
  const c = decimal(parsed.c);
  const pc = decimal(parsed.pc);
  const t = parsed.t === undefined ? null : decimal(parsed.t);
  if (c === null) throw fail('malformed', '/quote "c" is not a number');
  if ((c === 0 && (pc ?? 0) === 0) || t === 0) return { quotes: [], unknown: [symbol] };
  const asOf = t === null ? ctx.now : Math.min(Math.round(t * 1000), ctx.now);
  const quote = soundQuote({
    symbol,
    price: c,
    change: decimal(parsed.d),
    changePercent: decimal(parsed.dp),
    open: parsed.o,
    high: parsed.h,
    low: parsed.l,
    previousClose: parsed.pc,
    volume: null,
    asOf,
  });
  if (!quote) throw fail('malformed', `/quote for ${symbol} has no usable price or time`);
  return { quotes: [quote], unknown: [] };
}

/** /stock/profile2: market cap and shares are in millions; `{}` means unknown. */
export function parseFinnhubProfile(body: string, symbol: string, ctx: FhParseContext): ProviderProfile | null {
  const parsed = parseJsonText(FH, body);
  const said = bodyError(parsed, ctx);
  if (said !== null) throw fail('invalid_request', `Finnhub refused the call: ${said}`);
  if (!isRecord(parsed)) throw fail('malformed', '/stock/profile2 answer is not an object');
  if (Object.keys(parsed).length === 0) return null;
  const cap = decimal(parsed.marketCapitalization);
  const capUsd = cap === null ? null : cap * 1_000_000;
  return {
    symbol,
    name: text(parsed.name),
    exchange: text(parsed.exchange),
    sharesOutstanding: countOrNull(parsed.shareOutstanding, 1_000_000),
    marketCap: capUsd !== null && Number.isFinite(capUsd) && capUsd > 0 ? capUsd : null,
  };
}

/** /stock/symbol?exchange=US: a bare array; rows without a symbol are skipped. */
export function parseFinnhubSymbols(body: string, ctx: FhParseContext): UniverseEntry[] {
  const parsed = parseJsonText(FH, body);
  const said = bodyError(parsed, ctx);
  if (said !== null) throw fail('invalid_request', `Finnhub refused the call: ${said}`);
  if (!Array.isArray(parsed)) throw fail('malformed', '/stock/symbol answer is not an array');
  const out: UniverseEntry[] = [];
  for (const row of parsed) {
    if (!isRecord(row)) continue;
    const symbol = text(row.symbol) ?? text(row.displaySymbol);
    if (symbol === null) continue;
    out.push({
      symbol: symbol.toUpperCase(),
      name: text(row.description) ?? symbol,
      exchange: text(row.mic) ?? 'US',
      type: text(row.type) ?? 'Common Stock',
    });
  }
  return out;
}

const SESSIONS = new Set(['pre-market', 'regular', 'post-market']);

/** /stock/market-status?exchange=US. */
export function parseFinnhubMarketStatus(body: string, ctx: FhParseContext): ProviderMarketStatus {
  const parsed = parseJsonText(FH, body);
  if (!isRecord(parsed) || typeof parsed.isOpen !== 'boolean') {
    throw fail('malformed', '/stock/market-status answer has no "isOpen"');
  }
  const session = text(parsed.session);
  const t = decimal(parsed.t);
  return {
    isOpen: parsed.isOpen,
    session: session !== null && SESSIONS.has(session) ? (session as ProviderMarketStatus['session']) : null,
    holiday: text(parsed.holiday),
    asOf: t !== null && t > 0 ? Math.round(t * 1000) : ctx.now,
  };
}

/** /stock/market-holiday?exchange=US: full closures have `tradingHour: ""`, half days a range. */
export function parseFinnhubHolidays(body: string, _ctx: FhParseContext): ProviderHoliday[] {
  const parsed = parseJsonText(FH, body);
  const data = isRecord(parsed) ? parsed.data : undefined;
  if (!Array.isArray(data)) throw fail('malformed', '/stock/market-holiday answer has no "data" array');
  const out: ProviderHoliday[] = [];
  for (const row of data) {
    if (!isRecord(row)) continue;
    const date = text(row.atDate);
    if (date === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    out.push({ date, name: text(row.eventName) ?? 'Market holiday', tradingHours: text(row.tradingHour) });
  }
  return out;
}

export type SymbolMatch = { symbol: string; displaySymbol: string; description: string; type: string };

/** /search?q=. */
export function parseFinnhubSearch(body: string, _ctx: FhParseContext): SymbolMatch[] {
  const parsed = parseJsonText(FH, body);
  const result = isRecord(parsed) ? parsed.result : undefined;
  if (!Array.isArray(result)) throw fail('malformed', '/search answer has no "result" array');
  const out: SymbolMatch[] = [];
  for (const row of result) {
    if (!isRecord(row)) continue;
    const symbol = text(row.symbol);
    if (symbol === null) continue;
    out.push({
      symbol,
      displaySymbol: text(row.displaySymbol) ?? symbol,
      description: text(row.description) ?? '',
      type: text(row.type) ?? '',
    });
  }
  return out;
}

export type Trade = {
  symbol: string;
  price: number;
  /** Epoch ms (Finnhub sends milliseconds here, seconds on /quote). */
  time: number;
  /** Shares in this trade on the venue that reported it (IEX on the free plan). */
  volume: number;
};

export type StreamFrame =
  { type: 'trade'; trades: Trade[] } | { type: 'ping' } | { type: 'error'; message: string } | { type: 'other' };

/** One WebSocket frame. Unreadable frames and unsound trades are dropped, never thrown. */
export function parseStreamFrame(data: string, redact: Redactor): StreamFrame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data) as unknown;
  } catch {
    return { type: 'other' };
  }
  if (!isRecord(parsed)) return { type: 'other' };
  if (parsed.type === 'ping') return { type: 'ping' };
  if (parsed.type === 'error') {
    return { type: 'error', message: quoteText(text(parsed.msg) ?? text(parsed.error) ?? 'error', redact) };
  }
  if (parsed.type !== 'trade' || !Array.isArray(parsed.data)) return { type: 'other' };
  const trades: Trade[] = [];
  for (const row of parsed.data) {
    if (!isRecord(row)) continue;
    const symbol = text(row.s);
    const price = decimal(row.p);
    const time = decimal(row.t);
    const volume = decimal(row.v);
    const ms = time === null ? 0 : Math.round(time);
    if (symbol === null || price === null || price <= 0 || price >= MAX_PRICE) continue;
    if (!Number.isSafeInteger(ms) || ms <= 0) continue;
    trades.push({
      symbol: symbol.toUpperCase(),
      price,
      time: ms,
      volume: volume !== null && volume > 0 ? volume : 0,
    });
  }
  return { type: 'trade', trades };
}
