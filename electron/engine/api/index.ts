// Starts the local API for an engine: the one place that knows how engine and server fit.
import type { Engine } from '../index';
import { startApiServer, type ApiLimits, type ApiServer } from './server';

export type EngineApiOptions = {
  port?: number;
  staticDir?: string;
  limits?: Partial<ApiLimits>;
};

export function startEngineApi(engine: Engine, options: EngineApiOptions = {}): Promise<ApiServer> {
  const { metrics } = engine;
  metrics.counterFrom(
    'quotedesk_quote_cache_hits_total',
    'Quote reads answered from the in-memory cache',
    () => engine.status().cache.hits,
  );
  metrics.counterFrom(
    'quotedesk_quote_cache_misses_total',
    'Quote reads that went to SQLite',
    () => engine.status().cache.misses,
  );
  metrics.gaugeFrom(
    'quotedesk_quote_cache_size',
    'Quotes held in the in-memory cache',
    () => engine.status().cache.size,
  );
  return startApiServer({
    handlers: engine.api,
    events: engine.events,
    clock: engine.clock,
    logger: engine.logger.child({ component: 'api' }),
    state: engine.localApi,
    metrics,
    port: options.port ?? engine.config.port,
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    isReady: () => engine.isReady(),
    snapshot: (symbols) => engine.snapshot(symbols),
    status: () => engine.status(),
    current: {
      market: () => engine.marketStatus(),
      portfolio: () => engine.portfolioValuations(),
      alert: () => engine.recentAlerts(),
      usageAlert: () => engine.usageAlerts(),
    },
  });
}
