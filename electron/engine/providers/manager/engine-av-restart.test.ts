import { afterEach, describe, expect, it } from 'vitest';
import { createTestEngine, tempDir } from '../../../../test-support/engine';
import { startFakeAlphaVantage } from '../../../../test-support/fake-alphavantage/index';
import { loadFakeUniverse } from '../../../../test-support/fake-common/index';
import { runClock, runUntilSettled } from '../../../../test-support/wait';
import { createManualClock } from '../../clock';
import type { Engine } from '../../index';

// Thursday 2025-11-06 09:00 New York.
const T0 = Date.parse('2025-11-06T14:00:00Z');
const KEY = 'AVRESTARTKEY0001';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('the engine on Alpha Vantage free, across a restart', () => {
  it('never makes more than 25 calls in the provider day, whatever is asked, before and after a restart', async () => {
    const clock = createManualClock(T0);
    const fake = await startFakeAlphaVantage({ clock });
    cleanups.push(() => fake.stop());
    const dataDir = tempDir();
    const env = {
      QUOTEDESK_PROVIDERS: 'alphavantage',
      QUOTEDESK_ALPHAVANTAGE_KEY: KEY,
      QUOTEDESK_ALPHAVANTAGE_URL: fake.url,
    };
    const universe = [...loadFakeUniverse().keys()];
    const symbols = universe.slice(100, 112);
    const more = universe.slice(200, 230);
    const ask = async (engine: Engine, list: string[]) => {
      for (const symbol of list) {
        const busy = () => engine.gateway.inFlight() > 0 || fake.inFlight() > 0;
        // An answer or a "retry later": either way the engine must stay inside the plan.
        await runUntilSettled(
          clock,
          Promise.resolve(engine.api.getQuote({ symbol })).catch(() => null),
          busy,
          250,
          60_000,
        );
      }
    };

    const first = createTestEngine({ dataDir, clock, env });
    await first.start();
    await ask(first, symbols);
    const before = fake.usedToday(KEY);
    expect(before).toBeGreaterThanOrEqual(symbols.length);
    await first.stop();

    const second = createTestEngine({ dataDir, clock, env });
    await second.start();
    cleanups.push(() => second.stop());
    await ask(second, more);
    await runClock(clock, clock.now() + 3_600_000, () => second.gateway.inFlight() > 0 || fake.inFlight() > 0, 60_000);
    expect(fake.usedToday(KEY)).toBe(25);
    expect(fake.counters().violations).toBe(0);
    expect(second.status().providers[0]).toMatchObject({ id: 'alphavantage', state: 'paused' });
    process.stdout.write(
      `[measure] engine on AV free across a restart: ${before} calls before, ${fake.usedToday(KEY)} in the day, violations ${fake.counters().violations}\n`,
    );
  }, 120_000);
});
