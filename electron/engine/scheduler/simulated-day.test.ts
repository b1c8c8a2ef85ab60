// A whole trading day of the real engine against the fake provider servers (what `npm run simulate`
// runs): the bar, measured by the fake servers.
import { describe, expect, it } from 'vitest';
import { simulateDay } from '../../../test-support/simulated-day';

const NEXT_OPEN = Date.parse('2026-11-24T14:30:00Z');

describe('a simulated trading day, whole universe, against the fake servers', () => {
  it('Finnhub free: breaks no limit, refreshes every symbol by the next open, keeps tier 1 fresh and uses the budget', async () => {
    const r = await simulateDay({ date: '2026-11-23', provider: 'finnhub', limits: '30/s,60/min', symbols: 'all' });
    process.stdout.write(`[measure] simulated day ${JSON.stringify(r)}\n`);
    expect(r.symbols).toBeGreaterThan(5500);
    // Counted by the fake server, not by the engine.
    expect(r.violations).toBe(0);
    expect(r.refreshedAtLeastOnce).toBe(r.symbols);
    expect(r.snapshotFinishedAt).not.toBeNull();
    expect(Date.parse(r.snapshotFinishedAt ?? '')).toBeLessThan(NEXT_OPEN);
    expect(r.staleness.watchlist.p95).toBeLessThanOrEqual(300);
    expect(r.staleness.tier1.p95).toBeLessThanOrEqual(300);
    expect(r.staleness.tier2.p95).toBeLessThanOrEqual(900);
    expect(r.budgetUsed).toBeGreaterThanOrEqual(0.9);
    expect(r.budgetUsed).toBeLessThanOrEqual(1);
    expect(r.plan).toMatch(/^Finnhub free: 150 symbols every 5 min, 319 every 15 min, 5,113 daily/);
  }, 240_000);

  it('Alpha Vantage premium 75/min with bulk quotes: breaks no limit and keeps every tier within 5 minutes', async () => {
    const r = await simulateDay({ date: '2026-11-23', provider: 'alphavantage', limits: '75/min', symbols: 'all' });
    process.stdout.write(`[measure] simulated day ${JSON.stringify(r)}\n`);
    expect(r.violations).toBe(0);
    expect(r.refreshedAtLeastOnce).toBe(r.symbols);
    expect(Date.parse(r.snapshotFinishedAt ?? '')).toBeLessThan(NEXT_OPEN);
    expect(r.staleness.watchlist.p95).toBeLessThanOrEqual(300);
    expect(r.staleness.tier1.p95).toBeLessThanOrEqual(300);
    expect(r.staleness.tier2.p95).toBeLessThanOrEqual(300);
    expect(r.staleness.tier3.p95).toBeLessThanOrEqual(300);
    expect(r.plan).toMatch(/^Alpha Vantage \(75\/min\): 150 symbols every 5 min, 600 every 15 min, 4,832 daily/);
  }, 240_000);
});
