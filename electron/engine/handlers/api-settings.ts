// Handlers for the local API's own settings: on/off and port (next start), read tokens, admin token.
import { randomUUID } from 'node:crypto';
import type { ApiSettings, apiSettingsEndpoints, Handlers } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { ReadTokenEntry } from '../../../shared/settings';
import { generateReadToken, tokenHashHex, tokenHint } from '../api/security';
import type { LocalApiState } from '../api/state';
import type { Clock } from '../clock';
import { generateToken, type ResolvedConfig } from '../config';
import type { Logger } from '../logger';
import type { SettingsStore } from '../settings-store';

export type ApiSettingsDeps = {
  clock: Clock;
  logger: Logger;
  settings: SettingsStore;
  config: ResolvedConfig;
  state: LocalApiState;
};

const entries = (settings: SettingsStore): ReadTokenEntry[] =>
  settings.get().api.readTokens.flatMap((t) => (typeof t === 'string' ? [] : [t]));

export function createApiSettingsHandlers(deps: ApiSettingsDeps): Pick<Handlers, keyof typeof apiSettingsEndpoints> {
  const { settings, config, state, logger } = deps;
  // The token may be rotated while running; the environment's token is fixed for the run.
  let adminToken = config.adminToken;

  const syncReadTokens = () => state.tokens.setRead(entries(settings).map((e) => ({ id: e.id, hash: e.hash })));

  const describe = (): ApiSettings => {
    const api = settings.get().api;
    // What the next start would use: the environment still wins over the stored port.
    const nextPort = config.apiEnvironmentOverrides.includes('QUOTEDESK_PORT') ? config.port : api.port;
    return {
      enabled: api.enabled,
      port: api.port,
      running: state.running,
      restartRequired: api.enabled !== config.apiEnabled || nextPort !== config.port,
      environmentOverrides: config.apiEnvironmentOverrides,
      adminTokenSource: config.adminTokenSource,
      readTokens: entries(settings).length,
      rateLimit: state.rateLimit,
    };
  };

  const info = (e: ReadTokenEntry) => {
    const used = state.lastUsed.get(e.id);
    return {
      id: e.id,
      label: e.label,
      hint: e.hint,
      createdAt: e.createdAt,
      lastUsedAt: used === undefined ? null : new Date(used).toISOString(),
    };
  };

  return {
    getApiSettings: () => describe(),
    updateApiSettings: ({ enabled, port }) => {
      settings.update((cur) => ({
        ...cur,
        api: { ...cur.api, ...(enabled === undefined ? {} : { enabled }), ...(port === undefined ? {} : { port }) },
      }));
      logger.info({ enabled, port }, 'local API settings changed; they take effect on restart');
      return describe();
    },
    listReadTokens: () => entries(settings).map(info),
    createReadToken: ({ label }) => {
      const token = generateReadToken();
      const entry: ReadTokenEntry = {
        id: randomUUID(),
        label,
        hash: tokenHashHex(token),
        hint: tokenHint(token),
        createdAt: new Date(deps.clock.now()).toISOString(),
      };
      settings.update((cur) => ({ ...cur, api: { ...cur.api, readTokens: [...cur.api.readTokens, entry] } }));
      syncReadTokens();
      logger.info({ id: entry.id, label }, 'read token created');
      return { ...info(entry), token };
    },
    revokeReadToken: ({ id }) => {
      if (!entries(settings).some((e) => e.id === id)) throw new ApiError('not_found', `there is no read token ${id}`);
      settings.update((cur) => ({
        ...cur,
        api: { ...cur.api, readTokens: cur.api.readTokens.filter((t) => typeof t === 'string' || t.id !== id) },
      }));
      syncReadTokens();
      state.lastUsed.delete(id);
      logger.info({ id }, 'read token revoked');
      return null;
    },
    getAdminToken: () => ({ token: adminToken, source: config.adminTokenSource }),
    rotateAdminToken: () => {
      if (config.adminTokenSource === 'environment') {
        throw new ApiError(
          'conflict',
          'the admin token comes from QUOTEDESK_API_TOKEN in this run: change that variable and restart instead',
        );
      }
      const token = generateToken();
      settings.update((cur) => ({ ...cur, api: { ...cur.api, token } }));
      state.tokens.setAdmin(token);
      adminToken = token;
      logger.info('admin token rotated; the old one no longer works');
      return { token, source: 'settings' as const };
    },
  };
}
