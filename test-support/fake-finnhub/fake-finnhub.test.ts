import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../electron/engine/clock';
import { startFakeFinnhub, type FakeFinnhub } from './index';

const T0 = Date.parse('2025-07-21T15:00:00Z');
let fake: FakeFinnhub | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('fake Finnhub', () => {
  it('speaks the wire format: JSON numbers, token by query or header, all-zero unknowns, 401s', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeFinnhub({ clock, keys: ['good'] });
    const byQuery = await fetch(`${fake.url}/quote?symbol=AAPL&token=good`);
    const q = (await byQuery.json()) as Record<string, unknown>;
    expect(Object.keys(q)).toEqual(['c', 'd', 'dp', 'h', 'l', 'o', 'pc', 't']);
    expect(typeof q.c).toBe('number');
    expect(q.t).toBe(T0 / 1000);
    const byHeader = await fetch(`${fake.url}/quote?symbol=NOPE`, { headers: { 'X-Finnhub-Token': 'good' } });
    expect(await byHeader.text()).toBe('{"c":0,"d":null,"dp":null,"h":0,"l":0,"o":0,"pc":0,"t":0}');
    const none = await fetch(`${fake.url}/quote?symbol=AAPL`);
    expect([none.status, await none.text()]).toEqual([401, '{"error":"Please use an API key."}']);
    const bad = await fetch(`${fake.url}/quote?symbol=AAPL&token=bad`);
    expect([bad.status, await bad.text()]).toEqual([401, '{"error":"Invalid API key."}']);
    const profile = (await (await fetch(`${fake.url}/stock/profile2?symbol=AAPL&token=good`)).json()) as Record<
      string,
      number
    >;
    expect(profile.shareOutstanding).toBeGreaterThan(1000);
    expect(await (await fetch(`${fake.url}/stock/profile2?symbol=NOPE&token=good`)).text()).toBe('{}');
    const symbols = (await (await fetch(`${fake.url}/stock/symbol?exchange=US&token=good`)).json()) as unknown[];
    expect(symbols.length).toBeGreaterThan(5500);
  });

  it('counts every request over 30/s or 60 in any 60 s of its clock, and answers them 429', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeFinnhub({ clock });
    const get = () => fetch(`${fake!.url}/quote?symbol=AAPL&token=k`).then((r) => r.status);
    const first = await Promise.all(Array.from({ length: 31 }, get));
    expect(first.filter((s) => s === 429)).toHaveLength(1);
    await clock.advance(1000);
    for (let i = 0; i < 29; i++) expect(await get()).toBe(200);
    // 60 counted in the last minute (the refused one too): the next is over the minute window.
    expect(await get()).toBe(429);
    await clock.advance(59_001);
    expect(await get()).toBe(200);
    expect(fake.counters()).toMatchObject({ violations: 2, violationsByWindow: { '1s': 1, '60s': 1 }, refusals: 2 });
  });

  it('misbehaves on demand, for a number of requests', async () => {
    const clock = createManualClock(T0);
    fake = await startFakeFinnhub({ clock });
    fake.setScenario({ kind: 'status', status: 503 }, { times: 1 });
    expect((await fetch(`${fake.url}/quote?symbol=AAPL&token=k`)).status).toBe(503);
    expect((await fetch(`${fake.url}/quote?symbol=AAPL&token=k`)).status).toBe(200);
    fake.setScenario({ kind: 'rate-limit', retryAfterSeconds: 7 }, { times: 1 });
    const limited = await fetch(`${fake.url}/quote?symbol=AAPL&token=k`);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    fake.setScenario({ kind: 'truncated' }, { times: 1 });
    const cut = await (await fetch(`${fake.url}/quote?symbol=AAPL&token=k`)).text();
    expect(() => JSON.parse(cut) as unknown).toThrow();
    fake.setScenario({ kind: 'premium' }, { times: 1 });
    expect((await fetch(`${fake.url}/quote?symbol=AAPL&token=k`)).status).toBe(403);
  });
});
