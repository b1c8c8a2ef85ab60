import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent, DesktopNotification } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import type { Quote } from '../../shared/quote';
import { createTestEngine, tempDir } from '../../test-support/engine';
import { decide, firingMessage, isFreshForAlerts } from './alert-evaluator';
import { createManualClock } from './clock';
import type { Engine } from './index';

const T0 = Date.parse('2026-03-10T15:00:00.000Z');

function quote(symbol: string, price: number, at: number, over: Partial<Quote> = {}): Quote {
  const previousClose = 100;
  return {
    symbol,
    name: symbol,
    exchange: 'NASDAQ',
    price,
    change: price - previousClose,
    changePercent: ((price - previousClose) / previousClose) * 100,
    open: 100,
    high: price,
    low: price,
    previousClose,
    volume: 1000,
    marketCap: null,
    tier: 1,
    source: 'simulated',
    asOf: new Date(at).toISOString(),
    fetchedAt: new Date(at).toISOString(),
    stale: false,
    ...over,
  };
}

describe('alert decisions', () => {
  const above = { kind: 'above' as const, threshold: 200, enabled: true, armed: true };
  it('fires an armed alert when the condition holds, never a disabled one', () => {
    expect(decide(above, { price: 199.99, changePercent: 0 })).toBeNull();
    expect(decide(above, { price: 200, changePercent: 0 })).toBe('fire');
    expect(decide({ ...above, enabled: false }, { price: 250, changePercent: 0 })).toBeNull();
    expect(decide({ kind: 'below', threshold: 50, enabled: true, armed: true }, { price: 49, changePercent: 0 })).toBe(
      'fire',
    );
    const move = { kind: 'move' as const, threshold: 5, enabled: true, armed: true };
    expect(decide(move, { price: 1, changePercent: -5.2 })).toBe('fire');
    expect(decide(move, { price: 1, changePercent: 4.99 })).toBeNull();
  });

  it('re-arms only once the price is back beyond the level by the band', () => {
    const fired = { ...above, armed: false };
    expect(decide(fired, { price: 210, changePercent: 0 })).toBeNull();
    expect(decide(fired, { price: 199.9, changePercent: 0 })).toBeNull();
    expect(decide(fired, { price: 199.7, changePercent: 0 })).toBe('rearm');
    const move = { kind: 'move' as const, threshold: 5, enabled: true, armed: false };
    expect(decide(move, { price: 1, changePercent: 4.95 })).toBeNull();
    expect(decide(move, { price: 1, changePercent: -4.85 })).toBe('rearm');
  });

  it('treats flagged-stale and old quotes as unusable', () => {
    const now = T0;
    expect(isFreshForAlerts({ stale: false, asOf: new Date(now - 60_000).toISOString() }, now, 900_000)).toBe(true);
    expect(isFreshForAlerts({ stale: true, asOf: new Date(now).toISOString() }, now, 900_000)).toBe(false);
    expect(isFreshForAlerts({ stale: false, asOf: new Date(now - 901_000).toISOString() }, now, 900_000)).toBe(false);
  });

  it('says what happened in words', () => {
    expect(
      firingMessage({ symbol: 'AAPL', kind: 'above', threshold: 200 }, { price: 200.37, changePercent: 1.2149 }),
    ).toBe('AAPL rose above 200.00: last 200.37 (+1.21%)');
    expect(firingMessage({ symbol: 'XYZ', kind: 'move', threshold: 5 }, { price: 0.5, changePercent: -6.5 })).toBe(
      'XYZ is down -6.50% today (alert at 5%): last 0.5000',
    );
  });
});

describe('alerts in the engine', () => {
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
  });

  const setup = (dataDir = tempDir()) => {
    const clock = createManualClock(T0);
    const e = createTestEngine({ dataDir, clock });
    const events: AlertEvent[] = [];
    const notifications: DesktopNotification[] = [];
    e.events.on('alert', (data) => events.push(data));
    e.events.on('notification', (n) => notifications.push(n));
    engine = e;
    return { e, clock, events, notifications, dataDir };
  };

  it('fires once when the price crosses, records it, pushes it and switches a one-shot alert off', async () => {
    const { e, events, notifications } = setup();
    const a = await e.api.createAlert({ symbol: 'AAPL', kind: 'above', threshold: 200, repeat: false });
    expect(a).toMatchObject({ symbol: 'AAPL', enabled: true, armed: true, fireCount: 0 });

    e.events.emit('quote', [quote('AAPL', 199.5, T0), quote('MSFT', 500, T0)]);
    expect(events).toEqual([]);
    e.events.emit('quote', [quote('AAPL', 200.37, T0)]);
    e.events.emit('quote', [quote('AAPL', 201, T0)]);
    expect(events).toHaveLength(1);
    expect(events[0]?.recent).toHaveLength(1);
    expect(events[0]?.recent[0]).toMatchObject({
      alertId: a.id,
      symbol: 'AAPL',
      price: 200.37,
      message: 'AAPL rose above 200.00: last 200.37 (+100.37%)',
    });
    const [after] = await e.api.listAlerts({});
    expect(after).toMatchObject({ enabled: false, armed: false, fireCount: 1 });
    expect(after?.lastFiredAt).toBe(new Date(T0).toISOString());
    const history = await e.api.listAlertHistory({ limit: 10 });
    expect(history.map((h) => h.price)).toEqual([200.37]);
    expect(e.recentAlerts().recent.map((f) => f.id)).toEqual(history.map((h) => h.id));
    // One desktop notification per firing; a click opens the symbol.
    expect(notifications).toEqual([
      { title: 'AAPL above 200.00', body: 'AAPL rose above 200.00: last 200.37 (+100.37%)', symbol: 'AAPL' },
    ]);
  });

  it('a repeating alert fires once per crossing and re-arms past the band', async () => {
    const { e, events, clock } = setup();
    await e.api.createAlert({ symbol: 'NVDA', kind: 'below', threshold: 100, repeat: true });
    const tick = async (price: number) => {
      await clock.advance(1000);
      e.events.emit('quote', [quote('NVDA', price, clock.now())]);
    };
    for (const p of [101, 99.9, 99, 100.05, 99.8, 100.2, 99.95]) await tick(p);
    // 99.9 fires; 100.05 is inside the band (no re-arm); 100.2 re-arms; 99.95 fires again.
    expect(events.map((ev) => ev.recent[0]?.price)).toEqual([99.9, 99.95]);
    expect(events[1]?.recent).toHaveLength(2);
    const [after] = await e.api.listAlerts({});
    expect(after).toMatchObject({ enabled: true, armed: false, fireCount: 2 });
  });

  it('never fires on stale data', async () => {
    const { e, events, notifications } = setup();
    await e.api.createAlert({ symbol: 'AMZN', kind: 'move', threshold: 5, repeat: false });
    e.events.emit('quote', [quote('AMZN', 120, T0, { stale: true })]);
    e.events.emit('quote', [quote('AMZN', 120, T0 - 3_600_000)]);
    expect(events).toEqual([]);
    e.events.emit('quote', [quote('AMZN', 94, T0)]);
    expect(events[0]?.recent[0]?.message).toBe('AMZN is down -6.00% today (alert at 5%): last 94.00');
    expect(notifications.map((n) => n.title)).toEqual(['AMZN down -6.00% today']);
  });

  it('keeps its state across a restart: a fired alert does not fire again', async () => {
    const first = setup();
    await first.e.api.createAlert({ symbol: 'QQQ', kind: 'above', threshold: 500, repeat: true });
    first.e.events.emit('quote', [quote('QQQ', 510, T0)]);
    expect(first.events).toHaveLength(1);
    await first.e.stop();
    engine = undefined;

    const second = setup(first.dataDir);
    second.e.events.emit('quote', [quote('QQQ', 511, T0)]);
    expect(second.events).toEqual([]);
    const [a] = await second.e.api.listAlerts({});
    expect(a).toMatchObject({ armed: false, fireCount: 1 });
    // Re-enabling or moving the level starts a new crossing.
    const moved = await second.e.api.updateAlert({ id: a?.id ?? 0, threshold: 505 });
    expect(moved.armed).toBe(true);
    second.e.events.emit('quote', [quote('QQQ', 512, T0)]);
    expect(second.events).toHaveLength(1);
  });

  it('refuses unknown symbols and silly thresholds with a clear error', async () => {
    const { e } = setup();
    await expect(
      Promise.resolve().then(() => e.api.createAlert({ symbol: 'ZZZZZZ', kind: 'above', threshold: 1, repeat: false })),
    ).rejects.toThrow(/not in the symbol universe/);
    await expect(
      Promise.resolve().then(() => e.api.createAlert({ symbol: 'AAPL', kind: 'move', threshold: 5000, repeat: false })),
    ).rejects.toBeInstanceOf(ApiError);
    await expect(Promise.resolve().then(() => e.api.deleteAlert({ id: 999 }))).rejects.toThrow(/no alert 999/);
    const a = await e.api.createAlert({ symbol: 'AAPL', kind: 'below', threshold: 1, repeat: false });
    expect(await e.api.deleteAlert({ id: a.id })).toBeNull();
    expect(await e.api.listAlerts({})).toEqual([]);
  });
});
