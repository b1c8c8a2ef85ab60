// Builds the providers from keys, limits and order, swaps them in without a restart, and checks keys.
import type {
  ApiUsage,
  KeyResult,
  ProviderInfo,
  ProviderList,
  ProviderStatus,
  RateWindow,
  UsageCall,
} from '../../../../shared/contract';
import { ApiError } from '../../../../shared/errors';
import type { ProviderId } from '../../../../shared/quote';
import type { Clock } from '../../clock';
import {
  DEFAULT_LIMITS,
  resolveConfig,
  type Env,
  type KeyedProvider,
  type ResolvedConfig,
  type SecretStore,
} from '../../config';
import type { Logger } from '../../logger';
import type { SettingsStore } from '../../settings-store';
import { createAlphaVantageProvider } from '../alphavantage/alphavantage-provider';
import { createFinnhubProvider } from '../finnhub/finnhub-provider';
import type { Trade } from '../finnhub/parse';
import { createTradeStream, type TradeStream, type WebSocketLike } from '../finnhub/trade-stream';
import { formatLimits, parseLimits } from '../limits';
import type { ProviderCapabilities, QuoteProvider } from '../types';
import { dayStartIn, NEW_YORK } from '../zoned-time';
import { ProviderUnavailable, type ProviderEntry, type ProviderManager } from './provider-manager';
import { keyIdOf, type UsageRepo } from './usage-repo';

export type ProviderSetupDeps = {
  env: Env;
  settings: SettingsStore;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  fetch: typeof fetch;
  manager: ProviderManager;
  usage: UsageRepo;
  /** The built-in feed, kept across rebuilds so its prices do not jump. */
  simulated: QuoteProvider;
  requestTimeoutMs: number;
  /** Trades from the Finnhub stream, for the engine to fold into quotes. */
  onTrades: (trades: Trade[]) => void;
  /** After every rebuild, with the providers now in use. */
  onRebuilt?: (providers: ProviderId[]) => void;
  connectWebSocket?: (url: string) => WebSocketLike;
};

export type ProviderSetup = {
  config(): ResolvedConfig;
  /** Re-reads keys, limits and order and swaps the providers in (windows and pauses are kept per key). */
  rebuild(): void;
  /** The symbols to stream over the Finnhub WebSocket (the first `cap` are kept). */
  streamSymbols(symbols: string[]): void;
  list(): ProviderList;
  info(id: ProviderId): ProviderInfo;
  setKey(provider: KeyedProvider, key: string): Promise<KeyResult>;
  deleteKey(provider: KeyedProvider): void;
  setLimits(provider: ProviderId, limits: string | null): ProviderInfo;
  setOrder(order: ProviderId[] | null): ProviderList;
  usage(query: { provider?: ProviderId | undefined; limit: number }): ApiUsage;
  statuses(): ProviderStatus[];
  feed(): 'simulated' | 'live';
  close(): void;
};

const NAMES: Record<ProviderId, string> = {
  finnhub: 'Finnhub',
  alphavantage: 'Alpha Vantage',
  simulated: 'Simulated feed',
};

const ENV_KEY: Record<KeyedProvider, string> = {
  finnhub: 'QUOTEDESK_FINNHUB_KEY',
  alphavantage: 'QUOTEDESK_ALPHAVANTAGE_KEY',
};
const ENV_LIMITS: Record<ProviderId, string> = {
  finnhub: 'QUOTEDESK_FINNHUB_LIMITS',
  alphavantage: 'QUOTEDESK_ALPHAVANTAGE_LIMITS',
  simulated: 'QUOTEDESK_SIMULATED_LIMITS',
};

/** A symbol every provider knows, for the one cheap call that checks a key. */
const PROBE_SYMBOL: Record<KeyedProvider, string> = { finnhub: 'AAPL', alphavantage: 'IBM' };

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function setIn(env: Env, name: string): boolean {
  return (env[name]?.trim() ?? '') !== '';
}

/** QUOTEDESK_FINNHUB_WS_SYMBOLS: symbols one key may stream (0 turns the stream off). */
export function streamCapFrom(env: Env): number {
  const text = env.QUOTEDESK_FINNHUB_WS_SYMBOLS?.trim();
  if (!text) return 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) {
    throw new ApiError('bad_request', `QUOTEDESK_FINNHUB_WS_SYMBOLS: "${text}" is not a number of symbols (0-10000)`);
  }
  return n;
}

export function createProviderSetup(deps: ProviderSetupDeps): ProviderSetup {
  const { env, settings, secrets, clock, logger, manager, usage } = deps;
  const streamCap = streamCapFrom(env);
  let config = resolveConfig(env, settings, secrets);
  let entries: ProviderEntry[] = [];
  let stream: { stream: TradeStream; signature: string } | undefined;
  let streamWanted: string[] = [];

  const entryFor = (cfg: ResolvedConfig, id: ProviderId, keyOverride?: string): ProviderEntry => {
    const limits = cfg.limits[id];
    const timeoutMs = deps.requestTimeoutMs;
    if (id === 'finnhub') {
      const key = keyOverride ?? cfg.keys.finnhub ?? '';
      return {
        provider: createFinnhubProvider({ key, url: cfg.urls.finnhub, limits, clock, fetch: deps.fetch, timeoutMs }),
        keyId: keyIdOf(key),
        streamSymbolCap: streamCap,
      };
    }
    if (id === 'alphavantage') {
      const key = keyOverride ?? cfg.keys.alphavantage ?? '';
      return {
        provider: createAlphaVantageProvider({
          key,
          url: cfg.urls.alphavantage,
          limits,
          clock,
          fetch: deps.fetch,
          timeoutMs,
          // A plan without a daily cap is a premium one: try bulk quotes (dropped if refused).
          bulk: !limits.some((w) => w.unit === 'day'),
        }),
        keyId: keyIdOf(key),
      };
    }
    return { provider: { ...deps.simulated, limits }, keyId: '', persist: false };
  };

  const syncStream = () => {
    const key = config.keys.finnhub;
    const wanted = config.providers.includes('finnhub') && key !== undefined && streamCap > 0;
    const signature = wanted ? `${config.urls.finnhubWs}|${keyIdOf(key)}` : '';
    if (stream && stream.signature !== signature) {
      stream.stream.close();
      stream = undefined;
    }
    if (wanted && !stream && key !== undefined) {
      stream = {
        signature,
        stream: createTradeStream({
          url: config.urls.finnhubWs,
          key,
          clock,
          logger: logger.child({ component: 'finnhub-stream' }),
          symbolCap: streamCap,
          onTrades: deps.onTrades,
          ...(deps.connectWebSocket ? { connect: deps.connectWebSocket } : {}),
        }),
      };
    }
    stream?.stream.setSymbols(streamWanted);
  };

  const rebuild = () => {
    config = resolveConfig(env, settings, secrets);
    entries = config.providers.map((id) => entryFor(config, id));
    manager.setProviders(entries);
    syncStream();
    logger.info({ providers: config.providers }, 'providers configured');
    deps.onRebuilt?.(config.providers);
  };

  const capabilitiesOf = (id: ProviderId): ProviderCapabilities => {
    const live = entries.find((e) => e.provider.id === id)?.provider.capabilities;
    if (live)
      return { bulkSize: live.bulkSize, streaming: live.streaming, consolidatedVolume: live.consolidatedVolume };
    if (id === 'finnhub') return { bulkSize: 1, streaming: true, consolidatedVolume: false };
    if (id === 'alphavantage') return { bulkSize: 1, streaming: false, consolidatedVolume: true };
    return deps.simulated.capabilities;
  };

  const statuses = (): ProviderStatus[] =>
    manager.providers().map((s) => ({
      id: s.id,
      state: s.state,
      breaker: s.breaker,
      pausedUntil: iso(s.pausedUntil),
      reason: s.reason,
      limits: s.limits,
      usage: s.usage.map((u) => ({ ...u.window, used: u.used, resetsAt: iso(u.resetsAt) })),
    }));

  const info = (id: ProviderId): ProviderInfo => {
    const keyed = id !== 'simulated';
    const keySource = !keyed ? null : setIn(env, ENV_KEY[id]) ? 'environment' : secrets.get(id) ? 'settings' : null;
    const limitsSource = setIn(env, ENV_LIMITS[id])
      ? 'environment'
      : settings.get().limits[id]
        ? 'settings'
        : 'default';
    const position = config.providers.indexOf(id);
    const st = stream?.stream.status();
    return {
      id,
      name: NAMES[id],
      position: position >= 0 ? position : null,
      keyRequired: keyed,
      keySet: keySource !== null,
      keySource,
      keyProtection: keyed ? secrets.protection() : null,
      limits: config.limits[id],
      limitsText: formatLimits(config.limits[id]),
      limitsSource,
      defaultLimits: DEFAULT_LIMITS[id],
      capabilities: capabilitiesOf(id),
      status: statuses().find((s) => s.id === id) ?? null,
      stream:
        id === 'finnhub' && st
          ? {
              state: st.state,
              symbols: st.symbols.length,
              cap: st.cap,
              reconnects: st.reconnects,
              lastTradeAt: iso(st.lastTradeAt),
            }
          : null,
    };
  };

  const list = (): ProviderList => ({
    providers: (['finnhub', 'alphavantage', 'simulated'] as const).map(info),
    order: [...config.providers],
    orderSource: setIn(env, 'QUOTEDESK_PROVIDERS')
      ? 'environment'
      : settings.get().providers
        ? 'settings'
        : 'automatic',
  });

  const refuseIfEnv = (name: string, what: string) => {
    if (setIn(env, name)) {
      throw new ApiError(
        'conflict',
        `${name} is set in the environment and wins over ${what}; unset it to change this here`,
      );
    }
  };

  const checkKey = async (provider: KeyedProvider, key: string): Promise<{ warning: string | null }> => {
    const entry = entryFor(config, provider, key);
    const symbol = PROBE_SYMBOL[provider];
    let r;
    try {
      r = await manager.probe(entry, 'validate-key', (p, signal) => p.fetchQuotes([symbol], { signal }), {
        maxWaitMs: 30_000,
      });
    } catch (err) {
      if (!(err instanceof ProviderUnavailable)) throw err;
      // This key was refused or spent before: answer from what is known, without another call.
      if (err.kind === 'auth') throw new ApiError('bad_request', `this key is invalid (${err.message})`);
      if (err.kind === 'daily_limit' || err.kind === 'spent') {
        return { warning: `daily limit reached, resets at ${iso(err.until)}` };
      }
      const retry = err.until === null ? 30 : Math.max(1, Math.ceil((err.until - clock.now()) / 1000));
      throw new ApiError('unavailable', `could not check the key now (${err.message}); it was not saved`, retry);
    }
    if (r.ok) return { warning: null };
    const e = r.error;
    switch (e.kind) {
      case 'auth':
        throw new ApiError('bad_request', `this key is invalid (${NAMES[provider]} said: ${e.message})`);
      case 'premium':
        return { warning: `this endpoint needs a premium plan (${e.message})` };
      case 'daily_limit':
        return { warning: `daily limit reached, resets at ${iso(pauseUntil(provider, key))}` };
      case 'rate_limited':
        return {
          warning: `the key works but is over its rate limit right now; calls resume at ${iso(pauseUntil(provider, key))}`,
        };
      case 'invalid_request':
        throw new ApiError('bad_request', `${NAMES[provider]} refused the check: ${e.message}`);
      default:
        throw new ApiError(
          'unavailable',
          `could not reach ${NAMES[provider]} to check the key (${e.message}); it was not saved`,
          30,
        );
    }
  };

  /** When the probe's refusal lets this key be called again (the manager paused it). */
  const pauseUntil = (provider: KeyedProvider, key: string): number | null =>
    usage.pause(provider, keyIdOf(key))?.until ?? null;

  return {
    config: () => config,
    rebuild,
    streamSymbols(symbols) {
      streamWanted = [...symbols];
      stream?.stream.setSymbols(streamWanted);
    },
    list,
    info,
    async setKey(provider, rawKey) {
      refuseIfEnv(ENV_KEY[provider], 'a key set here');
      const key = rawKey.trim();
      const { warning } = await checkKey(provider, key);
      secrets.set(provider, key);
      rebuild();
      const used = config.providers.includes(provider);
      const notUsed = used ? null : `${NAMES[provider]} is not in your provider order, so it is not called`;
      logger.info({ provider, keyId: keyIdOf(key) }, 'provider key saved');
      return {
        provider,
        saved: true,
        message: warning === null ? 'key saved and working' : 'key saved',
        warning: [warning, notUsed].filter((w): w is string => w !== null).join('; ') || null,
      };
    },
    deleteKey(provider) {
      refuseIfEnv(ENV_KEY[provider], 'a key set here');
      secrets.delete(provider);
      rebuild();
      logger.info({ provider }, 'provider key deleted');
    },
    setLimits(provider, text) {
      refuseIfEnv(ENV_LIMITS[provider], 'limits set here');
      let limits: RateWindow[] | null = null;
      if (text !== null && text !== '') {
        try {
          limits = parseLimits(text);
        } catch (err) {
          throw new ApiError('bad_request', (err as Error).message);
        }
      }
      settings.update((cur) => {
        const next = { ...cur.limits };
        if (limits === null) delete next[provider];
        else next[provider] = formatLimits(limits);
        return { ...cur, limits: next };
      });
      rebuild();
      return info(provider);
    },
    setOrder(order) {
      refuseIfEnv('QUOTEDESK_PROVIDERS', 'an order set here');
      if (order !== null && new Set(order).size !== order.length) {
        throw new ApiError('bad_request', 'a provider appears twice in the order');
      }
      settings.update((cur) => {
        const next = { ...cur };
        if (order === null) delete next.providers;
        else next.providers = order;
        return next;
      });
      rebuild();
      return list();
    },
    usage(query) {
      const now = clock.now();
      const today = usage.totalsSince(dayStartIn(now, NEW_YORK));
      const calls: UsageCall[] = usage.recent(query.limit, query.provider).map((r) => ({
        id: r.id,
        provider: r.provider,
        endpoint: r.endpoint,
        symbols: r.symbols.join(' '),
        symbolCount: r.symbolCount,
        priority: r.priority,
        status: r.status,
        httpStatus: r.httpStatus,
        errorKind: r.errorKind,
        latencyMs: r.latencyMs,
        cost: r.cost,
        startedAt: new Date(r.startedAt).toISOString(),
        finishedAt: iso(r.finishedAt),
      }));
      return {
        providers: statuses()
          .filter((s) => query.provider === undefined || s.id === query.provider)
          .map((s) => ({
            id: s.id,
            state: s.state,
            pausedUntil: s.pausedUntil,
            reason: s.reason,
            windows: s.usage ?? [],
            today: { calls: today.get(s.id)?.calls ?? 0, errors: today.get(s.id)?.errors ?? 0 },
          })),
        calls,
      };
    },
    statuses,
    feed: () => (config.providers.every((p) => p === 'simulated') ? 'simulated' : 'live'),
    close() {
      stream?.stream.close();
      stream = undefined;
    },
  };
}
