import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test-support/engine';
import { startFakeFinnhub, type FakeFinnhub } from '../../../../test-support/fake-finnhub/index';
import { createManualClock } from '../../clock';
import { createSilentLogger } from '../../logger';
import { openDatabase } from '../../store/db';
import { migrate } from '../../store/migrate';
import { migrations } from '../../store/migrations/index';
import { createAlphaVantageProvider } from '../alphavantage/alphavantage-provider';
import { createFinnhubProvider } from '../finnhub/finnhub-provider';
import { parseLimits } from '../limits';
import { createProfileRefresher, PROFILE_MAX_AGE_MS } from './profile-refresh';
import { createProviderManager } from './provider-manager';
import { createUsageRepo, keyIdOf } from './usage-repo';

const T0 = Date.parse('2025-11-06T15:00:00Z');
let fake: FakeFinnhub | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('weekly shares-outstanding refresh', () => {
  it('refreshes the most important symbols from Finnhub profiles, once a week, and never spends a daily-capped plan', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeFinnhub({ clock });
    const db = openDatabase(path.join(tempDir(), 'p.sqlite'));
    migrate(db, migrations);
    const manager = createProviderManager({ clock, logger: createSilentLogger(), usage: createUsageRepo(db) });
    const av = createAlphaVantageProvider({
      key: 'x',
      url: 'http://127.0.0.1:9/query',
      limits: parseLimits('1/s,25/day'),
      clock,
      fetch,
    });
    const fh = createFinnhubProvider({ key: 'k', url: fake.url, limits: parseLimits('30/s,60/min'), clock, fetch });
    manager.setProviders([
      { provider: av, keyId: keyIdOf('x') },
      { provider: fh, keyId: keyIdOf('k') },
    ]);
    const shares = new Map<string, number>();
    const refresher = createProfileRefresher({
      clock,
      logger: createSilentLogger(),
      db,
      manager,
      candidates: () => ['AAPL', 'MSFT', 'NOPE', 'NVDA'],
      onShares: (s, n) => shares.set(s, n),
      enabled: () => true,
      perRun: 3,
    });
    expect(await refresher.runOnce()).toBe(2);
    expect(shares.get('AAPL')).toBeGreaterThan(1e9);
    expect(shares.has('NOPE')).toBe(false);
    // The next pass takes the one left; then nothing is due until a week has passed.
    expect(await refresher.runOnce()).toBe(1);
    expect(await refresher.runOnce()).toBe(0);
    expect(fake.counters().byEndpoint['/stock/profile2']).toBe(4);
    await clock.advance(PROFILE_MAX_AGE_MS);
    expect(await refresher.runOnce()).toBe(2);
    // Alpha Vantage (25 a day) was never asked.
    expect(
      createUsageRepo(db)
        .recent(50)
        .every((r) => r.provider === 'finnhub'),
    ).toBe(true);
    manager.close();
    db.close();
  });
});
