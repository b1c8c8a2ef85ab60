import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../electron/engine/clock';
import { startFakeAlphaVantage, type FakeAlphaVantage } from './index';

// Thursday 2025-11-06 10:00 New York.
const T0 = Date.parse('2025-11-06T15:00:00Z');
let fake: FakeAlphaVantage | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('fake Alpha Vantage', () => {
  it('answers GLOBAL_QUOTE as AV does: 4-space JSON, 4-decimal strings, % sign, last close on a free key', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeAlphaVantage({ clock });
    const text = await (await fetch(`${fake.url}?function=GLOBAL_QUOTE&symbol=IBM&apikey=k`)).text();
    expect(text.startsWith('{\n    "Global Quote": {\n        "01. symbol": "IBM",')).toBe(true);
    const body = JSON.parse(text) as { 'Global Quote': Record<string, string> };
    expect(body['Global Quote']['05. price']).toMatch(/^\d+\.\d{4}$/);
    expect(body['Global Quote']['10. change percent']).toMatch(/^-?\d+\.\d{4}%$/);
    expect(body['Global Quote']['07. latest trading day']).toBe('2025-11-05');
    await clock.advance(1001);
    expect(await (await fetch(`${fake.url}?function=GLOBAL_QUOTE&symbol=NOPE&apikey=k`)).text()).toBe(
      '{\n    "Global Quote": {}\n}',
    );
    await clock.advance(2000);
    const csv = await (await fetch(`${fake.url}?function=LISTING_STATUS&apikey=k`)).text();
    expect(csv.startsWith('symbol,name,exchange,assetType,ipoDate,delistingDate,status\r\n')).toBe(true);
    expect(csv.split('\r\n').length).toBeGreaterThan(5500);
  });

  it('counts bursts over 1/s and the 26th call of its New York day, and answers them as AV does', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeAlphaVantage({ clock });
    const get = () => fetch(`${fake!.url}?function=GLOBAL_QUOTE&symbol=IBM&apikey=SECRETKEY`).then((r) => r.json());
    await get();
    expect(await get()).toEqual({ Information: expect.stringContaining('spreading out') as unknown });
    for (let i = 0; i < 23; i++) {
      await clock.advance(1001);
      expect(await get()).toHaveProperty('Global Quote');
    }
    await clock.advance(1001);
    expect(await get()).toEqual({
      Information: expect.stringContaining('detected your API key as SECRETKEY') as unknown,
    });
    expect(fake.counters()).toMatchObject({ violations: 2, violationsByWindow: { '1s': 1, day: 1 } });
    // A new New York day starts at midnight there (05:00 UTC in November).
    await clock.advance(Date.parse('2025-11-07T05:00:00Z') - clock.now());
    expect(await get()).toHaveProperty('Global Quote');
  });

  it('refuses bulk quotes on a free key with artificial sample data, and serves them on premium', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeAlphaVantage({ clock });
    const free = (await (
      await fetch(`${fake.url}?function=REALTIME_BULK_QUOTES&symbol=MSFT,AAPL&apikey=k`)
    ).json()) as {
      message: string;
      data: { symbol: string }[];
    };
    expect(free.message).toMatch(/^This is a premium endpoint/);
    expect(free.data[0]?.symbol).toBe('XXYYZZ');
    await fake.stop();
    fake = await startFakeAlphaVantage({ clock, plan: 'premium' });
    const paid = (await (
      await fetch(`${fake.url}?function=REALTIME_BULK_QUOTES&symbol=MSFT,AAPL,NOPE&apikey=k`)
    ).json()) as {
      message: string;
      data: { symbol: string }[];
    };
    expect(paid.message).toBe('success');
    expect(paid.data.map((d) => d.symbol)).toEqual(['MSFT', 'AAPL']);
  });
});
