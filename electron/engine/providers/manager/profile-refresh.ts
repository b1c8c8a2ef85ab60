// Weekly shares-outstanding refresh from provider profiles, a few symbols an hour at the lowest priority.
import type { Clock, TimerHandle } from '../../clock';
import type { Logger } from '../../logger';
import type { Db } from '../../store/db';
import type { ProviderManager } from './provider-manager';

export const PROFILE_MAX_AGE_MS = 7 * 86_400_000;

export type ProfileRefreshDeps = {
  clock: Clock;
  logger: Logger;
  db: Db;
  manager: ProviderManager;
  /** Symbols worth a profile, most important first (watchlists, tier 1, tier 2). */
  candidates: () => string[];
  /** A fresh share count: market cap follows every later price at no quota cost. */
  onShares: (symbol: string, shares: number, now: number) => void;
  /** False while only the simulated feed runs (its profiles are the universe file's). */
  enabled: () => boolean;
  everyMs?: number;
  perRun?: number;
};

export type ProfileRefresher = {
  start(): void;
  stop(): void;
  /** One pass; resolves with the number of symbols refreshed. */
  runOnce(): Promise<number>;
};

export function createProfileRefresher(deps: ProfileRefreshDeps): ProfileRefresher {
  const { clock, logger, db, manager } = deps;
  const everyMs = deps.everyMs ?? 3_600_000;
  const perRun = deps.perRun ?? 10;
  const lastRefresh = db.prepare('SELECT symbol, refreshed_at FROM profile_refresh');
  const record = db.prepare(`
    INSERT INTO profile_refresh (symbol, refreshed_at, source, outcome) VALUES (?, ?, ?, ?)
    ON CONFLICT(symbol) DO UPDATE SET refreshed_at = excluded.refreshed_at, source = excluded.source,
      outcome = excluded.outcome
  `);
  let timer: TimerHandle | undefined;
  let stopped = true;
  let stop = new AbortController();

  const runOnce = async (): Promise<number> => {
    if (!deps.enabled()) return 0;
    const signal = stop.signal;
    const now = clock.now();
    const seen = new Map(
      (lastRefresh.all() as { symbol: string; refreshed_at: number }[]).map((r) => [r.symbol, r.refreshed_at]),
    );
    const due = deps
      .candidates()
      .filter((s) => now - (seen.get(s) ?? 0) >= PROFILE_MAX_AGE_MS)
      .slice(0, perRun);
    let refreshed = 0;
    for (const symbol of due) {
      if (signal.aborted) break;
      // Daily-capped plans (Alpha Vantage free) are too precious for profiles: they are skipped.
      const r = await manager.fetchProfile(symbol, 'tier3', { signal }).catch(() => null);
      if (r === null) break;
      const at = clock.now();
      const shares = r.value?.sharesOutstanding ?? null;
      if (shares !== null) {
        deps.onShares(symbol, shares, at);
        refreshed++;
      }
      record.run(symbol, at, r.source, r.value === null ? 'unknown' : shares === null ? 'error' : 'ok');
    }
    if (refreshed > 0) logger.info({ refreshed }, 'shares outstanding refreshed from provider profiles');
    return refreshed;
  };

  const loop = () => {
    timer = undefined;
    void runOnce().finally(() => {
      if (!stopped) timer = clock.setTimeout(loop, everyMs);
    });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      stop = new AbortController();
      // Let the first quotes go out before spending calls on profiles.
      timer = clock.setTimeout(loop, 60_000);
    },
    stop() {
      stopped = true;
      clock.clearTimeout(timer);
      stop.abort();
    },
    runOnce,
  };
}
