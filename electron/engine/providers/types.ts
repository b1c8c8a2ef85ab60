// The provider interface of DESIGN.md §4 and the typed errors every provider client throws.
import type { RateWindow } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';

/** A quote as a provider reported it, before the engine adds name, tier, market cap, staleness. */
export type ProviderQuote = {
  symbol: string;
  price: number;
  change: number;
  changePercent: number;
  open: number | null;
  high: number | null;
  low: number | null;
  previousClose: number | null;
  /** The day's consolidated volume, or null when this provider does not know it. */
  volume: number | null;
  /** The provider's quote time, epoch ms. */
  asOf: number;
  /** True when the provider said the quote is delayed (e.g. Alpha Vantage's 15-minute wrapper). */
  delayed?: boolean;
};

export type QuoteBatch = {
  quotes: ProviderQuote[];
  /** Symbols the provider does not know (it answered, but with no data). */
  unknown: string[];
};

export type ProviderProfile = {
  symbol: string;
  name: string | null;
  exchange: string | null;
  sharesOutstanding: number | null;
  marketCap: number | null;
};

export type UniverseEntry = {
  symbol: string;
  name: string;
  exchange: string;
  type: string;
};

export type ProviderCapabilities = {
  /** Symbols one quote call can carry (1 for Finnhub /quote, 100 for AV bulk, more for simulated). */
  bulkSize: number;
  /** A trade stream exists (Finnhub WebSocket). */
  streaming: boolean;
  /** `volume` is the day's consolidated volume (not one venue's). */
  consolidatedVolume: boolean;
};

export type CallOptions = { signal?: AbortSignal };

/** The US market's state as a provider reports it (Finnhub /stock/market-status, AV MARKET_STATUS). */
export type ProviderMarketStatus = {
  isOpen: boolean;
  /** `null` when the provider does not name the session (Alpha Vantage) or the market is closed. */
  session: 'pre-market' | 'regular' | 'post-market' | null;
  holiday: string | null;
  /** Provider's time of the answer (epoch ms), or when Quotedesk got it. */
  asOf: number;
};

/** One exchange holiday or shortened day (Finnhub /stock/market-holiday). */
export type ProviderHoliday = {
  date: string;
  name: string;
  /** `"09:30-13:00"` on a half day; null when the market is closed all day. */
  tradingHours: string | null;
};

export type QuoteProvider = {
  readonly id: ProviderId;
  readonly capabilities: ProviderCapabilities;
  readonly limits: RateWindow[];
  fetchQuotes(symbols: string[], options?: CallOptions): Promise<QuoteBatch>;
  fetchProfile(symbol: string, options?: CallOptions): Promise<ProviderProfile | null>;
  fetchUniverse(options?: CallOptions): Promise<UniverseEntry[]>;
  marketStatus?(options?: CallOptions): Promise<ProviderMarketStatus>;
  marketHolidays?(options?: CallOptions): Promise<ProviderHoliday[]>;
};

export type ProviderErrorKind =
  /** Short-window limit (per second / per minute): wait for the window. */
  | 'rate_limited'
  /** The plan's daily allowance is spent: wait for the provider's day to roll. */
  | 'daily_limit'
  /** Missing, invalid or demo key. */
  | 'auth'
  /** The key's plan does not include this endpoint or data. */
  | 'premium'
  /** The provider rejected the request itself (bad parameters, unknown function). */
  | 'invalid_request'
  /** 5xx from the provider. */
  | 'server'
  | 'timeout'
  | 'network'
  /** The body was not what the provider's format promises. */
  | 'malformed';

export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly kind: ProviderErrorKind;
  readonly status: number | undefined;
  /** When the provider said (or its plan implies) calls may resume, epoch ms. */
  readonly retryAt: number | undefined;

  constructor(
    provider: ProviderId,
    kind: ProviderErrorKind,
    message: string,
    options: { status?: number; retryAt?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    this.status = options.status;
    this.retryAt = options.retryAt;
  }

  /** Timeouts, network errors and 5xx are worth retrying; everything else is an answer. */
  get transient(): boolean {
    return this.kind === 'server' || this.kind === 'timeout' || this.kind === 'network';
  }
}
