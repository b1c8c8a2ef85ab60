// Resolves what the engine runs with from environment variables, settings and stored keys.
import { randomBytes } from 'node:crypto';
import type { RateWindow } from '../../shared/contract';
import type { ProviderId } from '../../shared/quote';
import { providerIdSchema } from '../../shared/quote';
import type { ReadTokenEntry } from '../../shared/settings';
import { DEFAULT_RATE_LIMIT, parseRateLimit, type RateLimit } from './api/rate-limit';
import { MIN_TOKEN_BITS, tokenHashHex, tokenHint, tokenStrengthBits, type ReadTokenHash } from './api/security';
import { parseLimits } from './providers/limits';
import type { SettingsStore } from './settings-store';

export type Env = Readonly<Record<string, string | undefined>>;

export type KeyedProvider = 'finnhub' | 'alphavantage';

/**
 * API keys, kept apart from settings: encrypted with safeStorage in the shell; in the headless
 * server from the environment (or a file only the user can read). Keys never reach the renderer.
 */
export type SecretStore = {
  get(provider: KeyedProvider): string | undefined;
  set(provider: KeyedProvider, key: string): void;
  delete(provider: KeyedProvider): void;
  /** How keys are protected here, in words for the settings screen. */
  protection(): string;
};

/** Keys from nowhere: for tests and for a server that takes its keys from the environment only. */
export function createEmptySecretStore(): SecretStore {
  const keys = new Map<KeyedProvider, string>();
  return {
    get: (p) => keys.get(p),
    set: (p, k) => void keys.set(p, k),
    delete: (p) => void keys.delete(p),
    protection: () => 'kept in memory only',
  };
}

export const DEFAULT_LIMITS: Record<ProviderId, string> = {
  finnhub: '30/s,60/min',
  alphavantage: '1/s,25/day',
  simulated: '10/s',
};

export const DEFAULT_URLS = {
  finnhub: 'https://finnhub.io/api/v1',
  finnhubWs: 'wss://ws.finnhub.io',
  alphavantage: 'https://www.alphavantage.co/query',
};

export type ResolvedConfig = {
  providers: ProviderId[];
  keys: { finnhub?: string; alphavantage?: string };
  urls: typeof DEFAULT_URLS;
  limits: Record<ProviderId, RateWindow[]>;
  port: number;
  apiEnabled: boolean;
  adminToken: string;
  /** Where this run's admin token comes from. */
  adminTokenSource: 'settings' | 'environment';
  readTokens: ReadTokenHash[];
  /** Per-token request limit of the local API; null = off. */
  apiRateLimit: RateLimit | null;
  /** Environment variables that override a stored local-API setting in this run. */
  apiEnvironmentOverrides: string[];
  /** Things the user should know that did not stop the start (a weak token, a replaced setting). */
  warnings: string[];
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** 256 bits, URL-safe: fits a query string and a cookie. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

function nonEmpty(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t ? t : undefined;
}

export function resolveConfig(env: Env, settings: SettingsStore, secrets: SecretStore): ResolvedConfig {
  const s = settings.get();
  const keys: ResolvedConfig['keys'] = {};
  const finnhubKey = nonEmpty(env.QUOTEDESK_FINNHUB_KEY) ?? secrets.get('finnhub');
  const alphaKey = nonEmpty(env.QUOTEDESK_ALPHAVANTAGE_KEY) ?? secrets.get('alphavantage');
  if (finnhubKey) keys.finnhub = finnhubKey;
  if (alphaKey) keys.alphavantage = alphaKey;

  let providers: ProviderId[];
  const envProviders = nonEmpty(env.QUOTEDESK_PROVIDERS);
  if (envProviders) {
    providers = envProviders.split(',').map((p) => {
      const parsed = providerIdSchema.safeParse(p.trim().toLowerCase());
      if (!parsed.success) {
        throw new ConfigError(`QUOTEDESK_PROVIDERS: "${p}" is not a provider (finnhub, alphavantage or simulated)`);
      }
      return parsed.data;
    });
  } else if (s.providers) {
    providers = s.providers;
  } else {
    providers = (['finnhub', 'alphavantage'] as const).filter((p) => keys[p] !== undefined);
  }
  // A provider that has no key is never called.
  providers = [...new Set(providers)].filter((p) => p === 'simulated' || keys[p] !== undefined);
  if (providers.length === 0) providers = ['simulated'];

  const limitsFor = (p: ProviderId, envName: string): RateWindow[] => {
    const text = nonEmpty(env[envName]) ?? s.limits[p] ?? DEFAULT_LIMITS[p];
    try {
      return parseLimits(text);
    } catch (err) {
      throw new ConfigError(`${envName}: ${(err as Error).message}`);
    }
  };

  const portText = nonEmpty(env.QUOTEDESK_PORT);
  const port = portText === undefined ? s.api.port : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`QUOTEDESK_PORT: "${portText}" is not a port number (0-65535; 0 picks a free port)`);
  }

  const warnings: string[] = [];
  const envToken = nonEmpty(env.QUOTEDESK_API_TOKEN);
  let adminToken = envToken ?? s.api.token;
  if (envToken && tokenStrengthBits(envToken) < MIN_TOKEN_BITS) {
    // The user chose it: it still works, but they should know it can be guessed.
    warnings.push(
      `QUOTEDESK_API_TOKEN looks weaker than ${MIN_TOKEN_BITS} bits; use a long random token (unset it to get a generated one)`,
    );
  }
  if (!adminToken || (!envToken && tokenStrengthBits(adminToken) < MIN_TOKEN_BITS)) {
    if (adminToken)
      warnings.push(`the stored API token was weaker than ${MIN_TOKEN_BITS} bits; a new one was generated`);
    const generated = generateToken();
    settings.update((cur) => ({ ...cur, api: { ...cur.api, token: generated } }));
    adminToken = generated;
  }

  // Older settings kept read tokens in plain text: keep only their hashes from now on.
  if (s.api.readTokens.some((t) => typeof t === 'string')) {
    const createdAt = new Date().toISOString();
    settings.update((cur) => ({
      ...cur,
      api: {
        ...cur.api,
        readTokens: cur.api.readTokens.map((t, i): ReadTokenEntry =>
          typeof t === 'string'
            ? { id: `legacy-${i + 1}`, label: 'read token', hash: tokenHashHex(t), hint: tokenHint(t), createdAt }
            : t,
        ),
      },
    }));
  }
  const readTokens = settings
    .get()
    .api.readTokens.flatMap((t) => (typeof t === 'string' ? [] : [{ id: t.id, hash: t.hash }]));

  let apiRateLimit: RateLimit | null = DEFAULT_RATE_LIMIT;
  const rateText = nonEmpty(env.QUOTEDESK_API_RATE_LIMIT);
  if (rateText) {
    try {
      apiRateLimit = parseRateLimit(rateText);
    } catch (err) {
      throw new ConfigError(`QUOTEDESK_API_RATE_LIMIT: ${(err as Error).message}`);
    }
  }

  return {
    providers,
    keys,
    urls: {
      finnhub: nonEmpty(env.QUOTEDESK_FINNHUB_URL) ?? DEFAULT_URLS.finnhub,
      finnhubWs: nonEmpty(env.QUOTEDESK_FINNHUB_WS_URL) ?? DEFAULT_URLS.finnhubWs,
      alphavantage: nonEmpty(env.QUOTEDESK_ALPHAVANTAGE_URL) ?? DEFAULT_URLS.alphavantage,
    },
    limits: {
      finnhub: limitsFor('finnhub', 'QUOTEDESK_FINNHUB_LIMITS'),
      alphavantage: limitsFor('alphavantage', 'QUOTEDESK_ALPHAVANTAGE_LIMITS'),
      simulated: limitsFor('simulated', 'QUOTEDESK_SIMULATED_LIMITS'),
    },
    port,
    apiEnabled: s.api.enabled,
    adminToken,
    adminTokenSource: envToken ? 'environment' : 'settings',
    readTokens,
    apiRateLimit,
    apiEnvironmentOverrides: [
      ...(portText === undefined ? [] : ['QUOTEDESK_PORT']),
      ...(envToken ? ['QUOTEDESK_API_TOKEN'] : []),
    ],
    warnings,
  };
}
