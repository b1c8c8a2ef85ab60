// Starts the local API for an engine: the one place that knows how engine and server fit.
import type { Engine } from '../index';
import { startApiServer, type ApiServer } from './server';
import { createTokenSet } from './security';

export type EngineApiOptions = {
  port?: number;
  staticDir?: string;
};

export function startEngineApi(engine: Engine, options: EngineApiOptions = {}): Promise<ApiServer> {
  return startApiServer({
    handlers: engine.api,
    events: engine.events,
    clock: engine.clock,
    logger: engine.logger.child({ component: 'api' }),
    tokens: createTokenSet(engine.config.adminToken, engine.config.readTokens),
    port: options.port ?? engine.config.port,
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    isReady: () => engine.isReady(),
    snapshot: (symbols) => engine.snapshot(symbols),
    status: () => engine.status(),
    current: { market: () => engine.marketStatus() },
  });
}
