import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopNotification, UsageAlertEvent } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import { tempDir } from '../../../test-support/engine';
import { createManualClock, type ManualClock } from '../clock';
import { createEventHub } from '../events';
import { createSilentLogger } from '../logger';
import { openDatabase, type Db } from '../store/db';
import { migrate } from '../store/migrate';
import { migrations } from '../store/migrations/index';
import { COOLDOWN_MS, createUsageAlertMonitor, EVALUATE_EVERY_MS, STALE_START_GRACE_MS } from './monitor';
import type { ProviderView, StaleTier1 } from './rules';
import { createUsageAlertsRepo } from './usage-alerts-repo';

// Monday 2026-11-23 10:00 New York.
const T0 = Date.parse('2026-11-23T15:00:00Z');

type World = {
  providers: ProviderView[];
  calls: Map<ProviderId, number>;
  polling: boolean;
  stale: StaleTier1;
};

function setup(dbFile?: string) {
  const file = dbFile ?? path.join(tempDir(), 'q.sqlite');
  const db: Db = openDatabase(file);
  migrate(db, migrations);
  const clock: ManualClock = createManualClock(T0);
  const events = createEventHub((err) => {
    throw err;
  });
  const notifications: DesktopNotification[] = [];
  const pushed: UsageAlertEvent[] = [];
  const webhook: string[] = [];
  events.on('notification', (n) => notifications.push(n));
  events.on('usageAlert', (e) => pushed.push(e));
  const world: World = {
    providers: [],
    calls: new Map(),
    polling: true,
    stale: { stale: 0, total: 150, boundMs: 11 * 60_000, oldestAgeMs: 0 },
  };
  const repo = createUsageAlertsRepo(db);
  const monitor = createUsageAlertMonitor({
    clock,
    logger: createSilentLogger(),
    events,
    repo,
    providers: () => world.providers,
    callsSince: (p) => world.calls.get(p) ?? 0,
    polling: () => world.polling,
    activeTime: (now, need) => now + need,
    staleTier1: () => world.stale,
    deliver: (text) => webhook.push(text),
  });
  return { db, file, clock, monitor, repo, world, notifications, pushed, webhook };
}

type Setup = ReturnType<typeof setup>;
const open: Setup[] = [];
afterEach(() => {
  for (const s of open.splice(0)) {
    s.monitor.stop();
    s.db.close();
  }
});
function start(dbFile?: string): Setup {
  const s = setup(dbFile);
  open.push(s);
  return s;
}

function av(used: number, over: Partial<ProviderView> = {}): ProviderView {
  return {
    id: 'alphavantage',
    state: 'ok',
    breaker: 'closed',
    pauseKind: null,
    pausedUntil: null,
    reason: null,
    windows: [
      { window: { limit: 25, windowMs: 86_400_000, unit: 'day' }, used, resetsAt: Date.parse('2026-11-24T05:01:00Z') },
    ],
    ...over,
  };
}

describe('usage alert monitor', () => {
  it('fires 80% of a daily window once per window, and re-arms after the reset', async () => {
    const s = start();
    s.world.providers = [av(19)];
    s.monitor.start();
    expect(s.notifications).toEqual([]);
    s.world.providers = [av(20)];
    await s.clock.advance(EVALUATE_EVERY_MS);
    expect(s.notifications).toEqual([
      {
        title: 'Alpha Vantage: 80% of the daily limit',
        body: expect.stringContaining('80% of the daily limit used (20 of 25)') as string,
      },
    ]);
    expect(s.webhook).toEqual([expect.stringMatching(/^\[Quotedesk\] Warning: Alpha Vantage: 80% of the daily limit/)]);
    // Still at or above 80% for the rest of the day: one alert, told once.
    for (const used of [21, 23, 25, 25]) {
      s.world.providers = [av(used)];
      await s.clock.advance(EVALUATE_EVERY_MS);
    }
    expect(s.notifications).toHaveLength(1);
    expect(s.repo.active()).toHaveLength(1);
    // Midnight: the window resets; the alert resolves quietly.
    s.world.providers = [av(0)];
    await s.clock.advance(EVALUATE_EVERY_MS);
    expect(s.repo.active()).toEqual([]);
    const [resolved] = s.repo.list('resolved', 5);
    expect(resolved?.resolvedMessage).toBe('Alpha Vantage: the daily window is back under 70%');
    expect(s.notifications).toHaveLength(1);
    // The next day reaches 80% again: a new alert, told again (the cool-down is long over).
    await s.clock.advance(12 * 3_600_000);
    s.world.providers = [av(21)];
    await s.clock.advance(EVALUATE_EVERY_MS);
    expect(s.notifications).toHaveLength(2);
    expect(s.repo.list('all', 10).map((a) => a.resolvedAt === null)).toEqual([true, false]);
    expect(s.pushed.at(-1)?.active.map((a) => a.key)).toEqual(['window:alphavantage:day:86400000']);
  });

  it('folds a flapping breaker into one row and tells at most down + up per cool-down', async () => {
    const s = start();
    s.world.providers = [av(0)];
    s.monitor.start();
    // Open and closed every 30 s for 20 minutes.
    for (let i = 0; i < 40; i++) {
      s.world.providers = [av(0, i % 2 === 0 ? { breaker: 'open', state: 'down' } : {})];
      await s.clock.advance(EVALUATE_EVERY_MS);
    }
    const rows = s.repo.list('all', 50);
    expect(rows.length).toBeLessThanOrEqual(2);
    expect(rows.reduce((n, r) => n + r.repeats, 0) + rows.length).toBe(20);
    const titles = s.notifications.map((n) => n.title);
    // 20 minutes = two cool-downs: at most two "down" and two "answering again".
    expect(titles.filter((t) => t === 'Alpha Vantage is down').length).toBeLessThanOrEqual(2);
    expect(titles.filter((t) => t.startsWith('Resolved:')).length).toBeLessThanOrEqual(2);
    process.stdout.write(
      `[measure] breaker flapping every 30 s for 20 min: ${rows.length} alert rows, ${s.notifications.length} notifications, ${s.webhook.length} webhook posts\n`,
    );
    expect(titles[0]).toBe('Alpha Vantage is down');
    expect(titles[1]).toBe('Resolved: Alpha Vantage is down');
    expect(s.notifications[1]?.body).toBe('Alpha Vantage is answering again: the circuit breaker closed');
  });

  it('tells a provider that stays down after a flap once its cool-down is over', async () => {
    const s = start();
    s.world.providers = [av(0, { breaker: 'open', state: 'down' })];
    s.monitor.start();
    s.world.providers = [av(0)];
    await s.clock.advance(EVALUATE_EVERY_MS);
    s.world.providers = [av(0, { breaker: 'open', state: 'down' })];
    await s.clock.advance(EVALUATE_EVERY_MS);
    // Down, up, down again within the cool-down: the second "down" waits.
    expect(s.notifications.map((n) => n.title)).toEqual(['Alpha Vantage is down', 'Resolved: Alpha Vantage is down']);
    await s.clock.advance(COOLDOWN_MS);
    expect(s.notifications.map((n) => n.title)).toEqual([
      'Alpha Vantage is down',
      'Resolved: Alpha Vantage is down',
      'Alpha Vantage is down',
    ]);
    expect(s.repo.active()[0]).toMatchObject({ repeats: 1, notified: true });
  });

  it('predicts a breach from the pace and clears it when the pace drops', async () => {
    const s = start();
    s.world.providers = [av(10)];
    s.world.calls.set('alphavantage', 8);
    s.monitor.start();
    const [a] = s.repo.active();
    expect(a?.kind).toBe('predicted-breach');
    expect(a?.message).toContain('at this pace the daily limit (25) runs out at 10:56 New York time');
    s.world.calls.set('alphavantage', 2);
    await s.clock.advance(EVALUATE_EVERY_MS);
    expect(s.repo.active()).toEqual([]);
    expect(s.repo.list('resolved', 1)[0]?.resolvedMessage).toBe(
      'Alpha Vantage: the pace dropped; the daily limit (25) lasts',
    );
    // A cleared prediction is not a recovery to announce.
    expect(s.notifications.map((n) => n.title)).toEqual(['Alpha Vantage: daily limit runs out at 10:56']);
  });

  it('raises one stale tier-1 alert after the start grace and once it has held two minutes', async () => {
    const s = start();
    s.world.stale = { stale: 12, total: 150, boundMs: 11 * 60_000, oldestAgeMs: 25 * 60_000 };
    s.monitor.start();
    await s.clock.advance(STALE_START_GRACE_MS - 60_000);
    expect(s.repo.active()).toEqual([]);
    await s.clock.advance(2 * 60_000);
    const active = s.repo.active();
    expect(active).toHaveLength(1);
    expect(active[0]?.message).toBe('12 tier-1 symbols stale for > 11 min (of 150; the oldest 25 min)');
    s.world.stale = { stale: 0, total: 150, boundMs: 11 * 60_000, oldestAgeMs: 0 };
    await s.clock.advance(EVALUATE_EVERY_MS);
    expect(s.notifications.map((n) => n.title)).toEqual([
      '12 tier-1 symbols stale',
      'Resolved: 12 tier-1 symbols stale',
    ]);
  });

  it('ends a stale tier-1 alert quietly at the close', async () => {
    const s = start();
    s.world.stale = { stale: 12, total: 150, boundMs: 11 * 60_000, oldestAgeMs: 25 * 60_000 };
    s.monitor.start();
    await s.clock.advance(STALE_START_GRACE_MS + 60_000);
    expect(s.repo.active()).toHaveLength(1);
    s.world.polling = false;
    await s.clock.advance(EVALUATE_EVERY_MS);
    expect(s.repo.active()).toEqual([]);
    expect(s.repo.list('resolved', 1)[0]?.resolvedMessage).toMatch(/^Polling stopped/);
    expect(s.notifications.map((n) => n.title)).toEqual(['12 tier-1 symbols stale']);
  });

  it('does not judge staleness outside the polled session', async () => {
    const s = start();
    s.world.polling = false;
    s.world.stale = { stale: 150, total: 150, boundMs: 11 * 60_000, oldestAgeMs: 3_600_000 };
    s.monitor.start();
    await s.clock.advance(STALE_START_GRACE_MS * 2);
    expect(s.repo.active()).toEqual([]);
  });

  it('keeps listing but stops notifying beyond six in ten minutes', () => {
    const s = start();
    const ids: ProviderId[] = ['alphavantage', 'finnhub'];
    s.world.providers = ids.map((id) => ({
      ...av(25, { id }),
      windows: [
        { window: { limit: 25, windowMs: 86_400_000, unit: 'day' as const }, used: 24, resetsAt: null },
        { window: { limit: 100, windowMs: 3_600_000, unit: 'hour' as const }, used: 95, resetsAt: null },
      ],
      breaker: 'open' as const,
      state: 'down' as const,
    }));
    s.world.calls.set('finnhub', 200);
    s.monitor.start();
    expect(s.repo.active().length).toBeGreaterThan(6);
    expect(s.notifications).toHaveLength(6);
    expect(s.webhook).toHaveLength(6);
    expect(s.repo.active().filter((a) => !a.notified).length).toBe(s.repo.active().length - 6);
  });

  it('does not tell again after a restart what it already told', async () => {
    const first = start();
    first.world.providers = [av(22)];
    first.monitor.start();
    expect(first.notifications).toHaveLength(1);
    first.monitor.stop();
    first.db.close();
    open.splice(open.indexOf(first), 1);
    const second = start(first.file);
    second.world.providers = [av(23)];
    second.monitor.start();
    await second.clock.advance(EVALUATE_EVERY_MS);
    expect(second.notifications).toEqual([]);
    expect(second.repo.active()).toHaveLength(1);
  });

  it('evaluates soon after a poke, at most every five seconds', async () => {
    const s = start();
    s.monitor.start();
    s.world.providers = [av(0, { breaker: 'open', state: 'down' })];
    s.monitor.poke();
    s.monitor.poke();
    await s.clock.advance(4_000);
    expect(s.notifications).toEqual([]);
    await s.clock.advance(1_000);
    expect(s.notifications.map((n) => n.title)).toEqual(['Alpha Vantage is down']);
  });
});
