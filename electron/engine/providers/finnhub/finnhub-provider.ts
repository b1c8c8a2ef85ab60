// The Finnhub REST client: key in the X-Finnhub-Token header, one request per call, typed errors.
import type { RateWindow } from '../../../../shared/contract';
import type { Clock } from '../../clock';
import { httpGet, type HttpDeps } from '../http-call';
import { createRedactor, type Redactor } from '../redact';
import type { CallOptions, ProviderHoliday, ProviderMarketStatus, QuoteProvider } from '../types';
import { ProviderError } from '../types';
import {
  classifyFinnhubStatus,
  parseFinnhubHolidays,
  parseFinnhubMarketStatus,
  parseFinnhubProfile,
  parseFinnhubQuote,
  parseFinnhubSearch,
  parseFinnhubSymbols,
  type FhParseContext,
  type SymbolMatch,
} from './parse';

export type FinnhubOptions = {
  key: string;
  /** REST base (QUOTEDESK_FINNHUB_URL): paths such as `/quote` are appended to it. */
  url: string;
  limits: RateWindow[];
  clock: Clock;
  fetch: typeof fetch;
  timeoutMs?: number;
};

export type FinnhubOp = 'quotes' | 'profile' | 'universe' | 'market-status' | 'market-holiday' | 'search';

export type FinnhubProvider = QuoteProvider & {
  readonly redact: Redactor;
  endpointFor(op: FinnhubOp): string;
  marketStatus(options?: CallOptions): Promise<ProviderMarketStatus>;
  marketHolidays(options?: CallOptions): Promise<ProviderHoliday[]>;
  search(q: string, options?: CallOptions): Promise<SymbolMatch[]>;
};

const PATHS: Record<FinnhubOp, string> = {
  quotes: '/quote',
  profile: '/stock/profile2',
  universe: '/stock/symbol',
  'market-status': '/stock/market-status',
  'market-holiday': '/stock/market-holiday',
  search: '/search',
};

export function createFinnhubProvider(options: FinnhubOptions): FinnhubProvider {
  const { clock } = options;
  const redact = createRedactor([options.key]);
  const base = options.url.replace(/\/+$/, '');
  const http: HttpDeps = {
    fetch: options.fetch,
    clock,
    provider: 'finnhub',
    redact,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const ctx = (): FhParseContext => ({ now: clock.now(), redact });

  const get = async (op: FinnhubOp, params: Record<string, string>, callOptions?: CallOptions): Promise<string> => {
    const url = new URL(base + PATHS[op]);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    // The header keeps the key out of URLs, and so out of any proxy or error log.
    const res = await httpGet(http, url.toString(), {
      headers: { 'X-Finnhub-Token': options.key },
      ...(callOptions?.signal ? { signal: callOptions.signal } : {}),
    });
    const err = classifyFinnhubStatus(res.status, res.text, res.headers.get('retry-after'), ctx());
    if (err) throw err;
    return res.text;
  };

  return {
    id: 'finnhub',
    capabilities: { bulkSize: 1, streaming: true, consolidatedVolume: false },
    limits: options.limits,
    redact,
    endpointFor: (op) => PATHS[op],
    async fetchQuotes(symbols, callOptions) {
      const [symbol] = symbols;
      if (symbol === undefined) return { quotes: [], unknown: [] };
      if (symbols.length > 1) throw new ProviderError('finnhub', 'invalid_request', '/quote takes one symbol per call');
      return parseFinnhubQuote(await get('quotes', { symbol }, callOptions), symbol, ctx());
    },
    async fetchProfile(symbol, callOptions) {
      return parseFinnhubProfile(await get('profile', { symbol }, callOptions), symbol, ctx());
    },
    async fetchUniverse(callOptions) {
      return parseFinnhubSymbols(await get('universe', { exchange: 'US' }, callOptions), ctx());
    },
    async marketStatus(callOptions) {
      return parseFinnhubMarketStatus(await get('market-status', { exchange: 'US' }, callOptions), ctx());
    },
    async marketHolidays(callOptions) {
      return parseFinnhubHolidays(await get('market-holiday', { exchange: 'US' }, callOptions), ctx());
    },
    async search(q, callOptions) {
      return parseFinnhubSearch(await get('search', { q, exchange: 'US' }, callOptions), ctx());
    },
  };
}
