// What the engine and its local API server share at run time: live tokens, their use, the bound port.
import type { ResolvedConfig } from '../config';
import type { RateLimit } from './rate-limit';
import { createTokenSet, type TokenSet } from './security';

export type LocalApiState = {
  /** Checked on every request; settings handlers replace tokens here so a change applies at once. */
  readonly tokens: TokenSet;
  readonly rateLimit: RateLimit | null;
  /** Last request per read token id in this run (kept in memory: a GET never writes settings). */
  readonly lastUsed: Map<string, number>;
  /** Set by the server once it listens; null while the API is off. */
  running: { port: number; url: string } | null;
};

export function createLocalApiState(config: ResolvedConfig): LocalApiState {
  return {
    tokens: createTokenSet(config.adminToken, config.readTokens),
    rateLimit: config.apiRateLimit,
    lastUsed: new Map(),
    running: null,
  };
}
