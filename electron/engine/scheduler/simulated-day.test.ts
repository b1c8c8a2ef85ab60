import { describe, expect, it } from 'vitest';
import { simulateDay } from '../../../test-support/simulated-day';

describe('a simulated trading day on Finnhub free, whole universe', () => {
  it('breaks no limit, refreshes every symbol by the next open, keeps tier 1 fresh and uses the budget', async () => {
    const r = await simulateDay({ date: '2026-11-23', provider: 'finnhub', limits: '30/s,60/min', symbols: 'all' });
    expect(r.symbols).toBeGreaterThan(5500);
    // Counted by the provider side, not by the scheduler.
    expect(r.violations).toBe(0);
    expect(r.refreshedAtLeastOnce).toBe(r.symbols);
    expect(r.snapshotFinishedAt).not.toBeNull();
    expect(Date.parse(r.snapshotFinishedAt ?? '')).toBeLessThan(Date.parse('2026-11-24T09:00:00Z'));
    expect(r.staleness.watchlist.p95).toBeLessThanOrEqual(300);
    expect(r.staleness.tier1.p95).toBeLessThanOrEqual(300);
    expect(r.staleness.tier2.p95).toBeLessThanOrEqual(900);
    expect(r.budgetUsed).toBeGreaterThanOrEqual(0.9);
    expect(r.budgetUsed).toBeLessThanOrEqual(1);
    expect(r.plan).toMatch(/^Finnhub free: 150 symbols every 5 min, 319 every 15 min, 5,113 daily/);
  }, 180_000);
});
