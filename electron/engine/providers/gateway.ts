// The seam between refresh planning and the providers: what a scheduler may ask for and learn.
import type { RateWindow } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import type { ProviderQuote } from './types';

/** Who is asking: on-demand (a user opened it) goes first, then the tiers in order. */
export type FetchPriority = 'on-demand' | 'tier1' | 'tier2' | 'tier3';

export type GatewayQuote = ProviderQuote & { source: ProviderId };

export type GatewayResult = {
  quotes: GatewayQuote[];
  /** Every provider that answered said it does not know these. */
  unknown: string[];
  /** No provider could serve these now (limits, breaker, errors); they keep their last quote. */
  failed: string[];
};

/** What one provider can carry, for the budget planner. */
export type ProviderCapacity = {
  id: ProviderId;
  limits: RateWindow[];
  bulkSize: number;
  streaming: boolean;
  /** Symbols a stream can carry at once (0 without streaming). */
  streamSymbolCap: number;
  /** Epoch ms until which the provider is paused (limit reached, breaker open), or null. */
  pausedUntil: number | null;
  /** Calls already spent in each window of `limits`, counted as the provider counts. */
  used: number[];
};

export type QuoteGateway = {
  /**
   * Fetches through the providers in preference order, never beyond any limit: it waits for a
   * slot (higher priority first) rather than break one, and falls back when a provider cannot serve.
   */
  fetchQuotes(symbols: string[], priority: FetchPriority, signal?: AbortSignal): Promise<GatewayResult>;
  capacity(): ProviderCapacity[];
  /** Milliseconds until a call of this priority could leave now, for `429 retryAfter` answers. */
  nextSlotIn(priority: FetchPriority): number;
};
