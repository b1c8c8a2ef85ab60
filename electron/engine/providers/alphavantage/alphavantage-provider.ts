// The Alpha Vantage client: one HTTP request per call, bodies inspected by the pure parsers.
import type { RateWindow } from '../../../../shared/contract';
import type { Clock } from '../../clock';
import { httpGet, type HttpDeps } from '../http-call';
import { createRedactor, type Redactor } from '../redact';
import type {
  CallOptions,
  ProviderCapabilities,
  ProviderMarketStatus,
  ProviderProfile,
  QuoteBatch,
  QuoteProvider,
  UniverseEntry,
} from '../types';
import { ProviderError } from '../types';
import {
  parseBulkQuotes,
  parseGlobalQuote,
  parseListingStatus,
  parseMarketStatus,
  parseOverview,
  type AvParseContext,
} from './parse';

export type AlphaVantageOptions = {
  key: string;
  /** The full query endpoint (QUOTEDESK_ALPHAVANTAGE_URL); only the query string is added. */
  url: string;
  limits: RateWindow[];
  clock: Clock;
  fetch: typeof fetch;
  timeoutMs?: number;
  /**
   * Use REALTIME_BULK_QUOTES (100 symbols a call). Premium only: when AV answers that the key's
   * plan lacks it, the client falls back to GLOBAL_QUOTE for good.
   */
  bulk?: boolean;
  /** Premium keys may ask for `realtime` or `delayed` data; free keys must not send it. */
  entitlement?: 'realtime' | 'delayed';
};

export type AlphaVantageProvider = QuoteProvider & {
  readonly redact: Redactor;
  /** The endpoint a call will use, for usage records (`GLOBAL_QUOTE`, `REALTIME_BULK_QUOTES`, ...). */
  endpointFor(op: 'quotes' | 'profile' | 'universe' | 'market-status', symbolCount?: number): string;
  marketStatus(options?: CallOptions): Promise<ProviderMarketStatus>;
};

/** AV's documented cap on one bulk call. */
export const AV_BULK_SIZE = 100;

export function createAlphaVantageProvider(options: AlphaVantageOptions): AlphaVantageProvider {
  const { clock, key } = options;
  const redact = createRedactor([key]);
  let bulk = options.bulk === true;
  const http: HttpDeps = {
    fetch: options.fetch,
    clock,
    provider: 'alphavantage',
    redact,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const ctx = (): AvParseContext => ({ now: clock.now(), redact });

  const get = async (params: Record<string, string>, callOptions?: CallOptions): Promise<string> => {
    const url = new URL(options.url);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    if (options.entitlement) url.searchParams.set('entitlement', options.entitlement);
    url.searchParams.set('apikey', key);
    const res = await httpGet(http, url.toString(), callOptions?.signal ? { signal: callOptions.signal } : {});
    // AV answers its errors with 200; anything else is the server or a proxy in between.
    if (res.status >= 500) {
      throw new ProviderError('alphavantage', 'server', `Alpha Vantage answered HTTP ${res.status}`, {
        status: res.status,
      });
    }
    if (res.status === 429) {
      throw new ProviderError('alphavantage', 'rate_limited', 'Alpha Vantage answered HTTP 429', {
        status: 429,
        retryAt: clock.now() + 60_000,
      });
    }
    if (res.status !== 200) {
      throw new ProviderError('alphavantage', 'invalid_request', `Alpha Vantage answered HTTP ${res.status}`, {
        status: res.status,
      });
    }
    return res.text;
  };

  const capabilities: ProviderCapabilities = {
    get bulkSize() {
      return bulk ? AV_BULK_SIZE : 1;
    },
    streaming: false,
    consolidatedVolume: true,
  };

  return {
    id: 'alphavantage',
    capabilities,
    limits: options.limits,
    redact,
    endpointFor(op) {
      if (op === 'quotes') return bulk ? 'REALTIME_BULK_QUOTES' : 'GLOBAL_QUOTE';
      if (op === 'profile') return 'OVERVIEW';
      if (op === 'universe') return 'LISTING_STATUS';
      return 'MARKET_STATUS';
    },
    async fetchQuotes(symbols, callOptions): Promise<QuoteBatch> {
      if (symbols.length === 0) return { quotes: [], unknown: [] };
      if (!bulk) {
        const [symbol] = symbols;
        if (symbols.length > 1 || symbol === undefined) {
          throw new ProviderError('alphavantage', 'invalid_request', 'GLOBAL_QUOTE takes one symbol per call');
        }
        const body = await get({ function: 'GLOBAL_QUOTE', symbol }, callOptions);
        return parseGlobalQuote(body, symbol, ctx());
      }
      if (symbols.length > AV_BULK_SIZE) {
        throw new ProviderError('alphavantage', 'invalid_request', `at most ${AV_BULK_SIZE} symbols per bulk call`);
      }
      const body = await get({ function: 'REALTIME_BULK_QUOTES', symbol: symbols.join(',') }, callOptions);
      try {
        return parseBulkQuotes(body, symbols, ctx());
      } catch (err) {
        // The plan lacks bulk quotes: one symbol a call from now on (the caller re-plans its chunks).
        if (err instanceof ProviderError && err.kind === 'premium') bulk = false;
        throw err;
      }
    },
    async fetchProfile(symbol, callOptions): Promise<ProviderProfile | null> {
      return parseOverview(await get({ function: 'OVERVIEW', symbol }, callOptions), symbol, ctx());
    },
    async fetchUniverse(callOptions): Promise<UniverseEntry[]> {
      return parseListingStatus(await get({ function: 'LISTING_STATUS' }, callOptions), ctx());
    },
    async marketStatus(callOptions) {
      return parseMarketStatus(await get({ function: 'MARKET_STATUS' }, callOptions), ctx());
    },
  };
}
