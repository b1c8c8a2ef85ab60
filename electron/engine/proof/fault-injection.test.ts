// Fault injection: the real engine (clients, provider manager, scheduler, store) against the fake
// providers misbehaving on purpose. For every fault: no unhandled rejection, every request ends within
// its timeout on the engine's clock, the last good quote is kept and marked stale by the staleness
// rule, and nothing wrong reaches SQLite (read back from the file).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../clock';
import { createEngine, type Engine } from '../index';
import { createMemorySettingsStore } from '../settings-store';
import { tempDir, UNIVERSE_FILES } from '../../../test-support/engine';
import { startFakeAlphaVantage, type FakeAlphaVantage } from '../../../test-support/fake-alphavantage/index';
import { fakeQuote, loadFakeUniverse, type Scenario } from '../../../test-support/fake-common/index';
import { startFakeFinnhub, type FakeFinnhub } from '../../../test-support/fake-finnhub/index';
import { waitFor } from '../../../test-support/wait';

// Monday 2026-11-23, 10:00 New York: the regular session, when every tier is polled.
const T0 = Date.parse('2026-11-23T15:00:00Z');
const KEY = 'FAULTKEY00000001';
const TIMEOUT_MS = 5_000;
/** Simulated time per step; real socket I/O runs between steps, so a request ends at most a step late. */
const STEP_MS = 250;
/** A watchlist symbol: pinned to tier 1 (5 min on Finnhub free, stale after 2 × 5 min of polling + 1 min). */
const WATCHED = 'NVDA';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Fake = FakeFinnhub | FakeAlphaVantage;
type StoredRow = { symbol: string; price: number; fetched_at: number; as_of: number; source: string };
type UsageRow = { started_at: number; finished_at: number | null; status: string; error_kind: string | null };

type World = {
  clock: ManualClock;
  engine: Engine;
  fake: Fake;
  /** Moves simulated time on, letting real I/O (the fake's sockets) run between steps. */
  drive(ms: number): Promise<void>;
  quotes(): Map<string, StoredRow>;
  usageSince(t: number): UsageRow[];
  historySince(t: number): number;
};

async function world(provider: 'finnhub' | 'alphavantage', options: { stream?: number } = {}): Promise<World> {
  const clock = createManualClock(T0);
  const fake: Fake =
    provider === 'finnhub'
      ? await startFakeFinnhub({ clock, keys: [KEY], pingIntervalMs: 15_000 })
      : await startFakeAlphaVantage({ clock, keys: [KEY] });
  cleanups.push(() => fake.stop());
  const env =
    provider === 'finnhub'
      ? {
          QUOTEDESK_PROVIDERS: 'finnhub',
          QUOTEDESK_FINNHUB_KEY: KEY,
          QUOTEDESK_FINNHUB_URL: fake.url,
          QUOTEDESK_FINNHUB_WS_URL: (fake as FakeFinnhub).wsUrl,
          QUOTEDESK_FINNHUB_WS_SYMBOLS: String(options.stream ?? 0),
        }
      : { QUOTEDESK_PROVIDERS: 'alphavantage', QUOTEDESK_ALPHAVANTAGE_KEY: KEY, QUOTEDESK_ALPHAVANTAGE_URL: fake.url };
  const engine = createEngine({
    dataDir: tempDir('quotedesk-fault-'),
    universeFiles: UNIVERSE_FILES,
    settings: createMemorySettingsStore(),
    env: { QUOTEDESK_API_TOKEN: 'fault-admin-token-0123456789', ...env },
    clock,
    providerTimeoutMs: TIMEOUT_MS,
  });
  cleanups.push(() => engine.stop());
  const busy = () => fake.inFlight() > 0 || engine.gateway.inFlight() > 0;
  const drive = async (ms: number) => {
    const until = clock.now() + ms;
    while (clock.now() < until) {
      // Bounded: a hanging request stays in flight until its timeout fires on this clock.
      for (let spins = 0; busy() && spins < 60; spins++) await new Promise((r) => setImmediate(r));
      await clock.advance(Math.min(STEP_MS, until - clock.now()));
    }
  };
  return {
    clock,
    engine,
    fake,
    drive,
    quotes: () =>
      new Map(
        (engine.db.prepare('SELECT symbol, price, fetched_at, as_of, source FROM quotes').all() as StoredRow[]).map(
          (r) => [r.symbol, r],
        ),
      ),
    usageSince: (t) =>
      engine.db
        .prepare('SELECT started_at, finished_at, status, error_kind FROM api_usage WHERE started_at >= ?')
        .all(t) as UsageRow[],
    historySince: (t) =>
      (engine.db.prepare('SELECT COUNT(*) AS n FROM quote_history WHERE ts >= ?').get(t) as { n: number }).n,
  };
}

/** Every request that started more than a timeout ago has ended, none later than its timeout. */
function expectEndedWithinTimeout(w: World, since: number): UsageRow[] {
  const rows = w.usageSince(since).filter((r) => r.started_at <= w.clock.now() - TIMEOUT_MS - STEP_MS);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.status, `call started at ${r.started_at}`).not.toBe('pending');
    expect(r.finished_at).not.toBeNull();
    expect((r.finished_at ?? Infinity) - r.started_at).toBeLessThanOrEqual(TIMEOUT_MS + STEP_MS);
  }
  return rows;
}

/** The staleness rule in force, asked of the engine for this quote's tier and age. */
async function quoteAndRule(w: World, symbol: string) {
  const q = await w.engine.api.getQuote({ symbol });
  const limit = w.engine.refresh.staleness(q.tier, w.clock.now());
  const fetchedAt = w.quotes().get(symbol)?.fetched_at ?? NaN;
  return { q, staleByRule: w.clock.now() - fetchedAt > limit };
}

/** Starts the engine and lets it store good quotes for tier 1 (the watchlist among them). */
async function goodStart(w: World): Promise<Map<string, StoredRow>> {
  await w.engine.start();
  await w.drive(4 * 60_000);
  const good = w.quotes();
  expect(good.get(WATCHED)?.source).toBe('finnhub');
  const { q } = await quoteAndRule(w, WATCHED);
  expect(q.stale).toBe(false);
  return good;
}

type TotalFault = { name: string; scenario: Scenario; kinds: string[] };

const TOTAL_FAULTS: TotalFault[] = [
  { name: '5xx (503)', scenario: { kind: 'status', status: 503 }, kinds: ['server'] },
  { name: 'hang (no answer at all)', scenario: { kind: 'hang' }, kinds: ['timeout'] },
  {
    name: 'slow body (half now, the rest after 30 s)',
    scenario: { kind: 'slow-body', delayMs: 30_000 },
    kinds: ['timeout'],
  },
  { name: 'truncated JSON', scenario: { kind: 'truncated' }, kinds: ['malformed'] },
  {
    name: 'wrong schema: another JSON shape',
    scenario: { kind: 'wrong-schema', variant: 'envelope' },
    kinds: ['malformed'],
  },
  {
    name: 'wrong schema: /quote numbers as text ("n/a")',
    scenario: { kind: 'wrong-schema', variant: 'garbage-strings' },
    kinds: ['malformed'],
  },
];

describe('fault injection against the fake Finnhub, through the engine', () => {
  for (const fault of TOTAL_FAULTS) {
    it(`${fault.name}: the last good quote is kept and goes stale, nothing wrong is stored, every call ends in time`, async () => {
      const w = await world('finnhub');
      const good = await goodStart(w);
      const faultAt = w.clock.now();
      w.fake.setScenario(fault.scenario);
      // Past the staleness of tier 1 (2 × 5 min of polling + 1 min of grace).
      await w.drive(14 * 60_000);

      const rows = expectEndedWithinTimeout(w, faultAt);
      expect(rows.every((r) => r.status === 'error')).toBe(true);
      expect(new Set(rows.map((r) => r.error_kind))).toEqual(new Set(fault.kinds));
      // Nothing was written: every stored quote is the one stored before the fault, no history point is new.
      const after = w.quotes();
      expect(after.size).toBe(good.size);
      for (const [symbol, row] of good) expect(after.get(symbol), symbol).toEqual(row);
      expect(w.historySince(faultAt)).toBe(0);
      // Kept and marked stale by the engine's own rule.
      const { q, staleByRule } = await quoteAndRule(w, WATCHED);
      expect(q.price).toBe(good.get(WATCHED)?.price);
      expect(staleByRule).toBe(true);
      expect(q.stale).toBe(true);
      expect(w.fake.counters().violations).toBe(0);
      expect(unhandled).toEqual([]);
    }, 60_000);
  }

  it('wrong schema: /quote numbers as decimal strings are read as those numbers, never as something else', async () => {
    const w = await world('finnhub');
    await goodStart(w);
    const faultAt = w.clock.now();
    w.fake.setScenario({ kind: 'wrong-schema', variant: 'numeric-strings' });
    await w.drive(6 * 60_000);
    expectEndedWithinTimeout(w, faultAt);
    const universe = loadFakeUniverse();
    const fresh = [...w.quotes().values()].filter((r) => r.fetched_at > faultAt);
    expect(fresh.length).toBeGreaterThan(100);
    for (const r of fresh) {
      // The fake priced the answer at the request's time; `t` (as_of) is that time in whole seconds.
      const served = fakeQuote(universe.get(r.symbol)!, r.as_of).price;
      expect(Math.abs(r.price - served), r.symbol).toBeLessThanOrEqual(0.011);
    }
    const { q } = await quoteAndRule(w, WATCHED);
    expect(q.stale).toBe(false);
    expect(unhandled).toEqual([]);
  }, 60_000);

  it('429 with Retry-After: no call before the provider said, then refreshing resumes', async () => {
    const w = await world('finnhub');
    await goodStart(w);
    const faultAt = w.clock.now();
    // Longer than Finnhub's own minute window, so only honouring the header explains the wait.
    w.fake.setScenario({ kind: 'rate-limit', retryAfterSeconds: 150 }, { times: 1 });
    await w.drive(10 * 60_000);
    const times = (w.fake as FakeFinnhub).requestTimes(KEY).filter((t) => t >= faultAt);
    const refusedAt = times[0]!;
    expect(w.usageSince(faultAt).some((r) => r.error_kind === 'rate_limited')).toBe(true);
    // Calls already in flight when the 429 came back may land; none leaves afterwards before Retry-After.
    const answeredAt = Math.max(
      ...w
        .usageSince(faultAt)
        .filter((r) => r.error_kind === 'rate_limited')
        .map((r) => r.finished_at ?? Infinity),
    );
    const early = times.filter((t) => t > answeredAt && t < refusedAt + 150_000);
    expect(early).toEqual([]);
    expect(times.some((t) => t >= refusedAt + 150_000)).toBe(true);
    expectEndedWithinTimeout(w, faultAt);
    // Refreshing resumed: the watched quote is fresh again, and the fake counted no violation.
    const { q, staleByRule } = await quoteAndRule(w, WATCHED);
    expect(q.stale).toBe(staleByRule);
    expect([...w.quotes().values()].some((r) => r.fetched_at > refusedAt + 150_000)).toBe(true);
    expect(w.fake.counters().violations).toBe(0);
    expect(unhandled).toEqual([]);
  }, 60_000);

  it('401 (key revoked): the key is paused until it changes, no more calls, the last good quote stays and goes stale', async () => {
    const w = await world('finnhub');
    const good = await goodStart(w);
    const faultAt = w.clock.now();
    w.fake.setScenario({ kind: 'unauthorized' });
    await w.drive(14 * 60_000);
    const rows = expectEndedWithinTimeout(w, faultAt);
    expect(rows.some((r) => r.error_kind === 'auth')).toBe(true);
    // Only the calls already in flight with the first refusal (at most 4 at once) reached the provider.
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(w.engine.gateway.providers()[0]).toMatchObject({ id: 'finnhub', state: 'down' });
    const after = w.quotes();
    for (const [symbol, row] of good) expect(after.get(symbol), symbol).toEqual(row);
    const { q } = await quoteAndRule(w, WATCHED);
    expect(q.price).toBe(good.get(WATCHED)?.price);
    expect(q.stale).toBe(true);
    expect(unhandled).toEqual([]);
  }, 60_000);

  it('WebSocket drops: the trade stream reconnects and resubscribes every time, and trades flow again', async () => {
    const w = await world('finnhub', { stream: 20 });
    const fake = w.fake as FakeFinnhub;
    await w.engine.start();
    await w.drive(60_000);
    await waitFor(() => (fake.subscriptions()[0]?.length ?? 0) === 20, 5_000, 'subscriptions');
    const subscribed = fake.subscriptions()[0];
    for (let drop = 1; drop <= 3; drop++) {
      fake.dropWebSockets();
      const before = fake.counters().ws.opened;
      // Backoff is 1 s doubling (jittered); the handshake itself is real I/O.
      for (let i = 0; i < 200 && fake.counters().ws.opened === before; i++) await w.drive(1_000);
      await waitFor(() => (fake.subscriptions()[0]?.length ?? 0) === 20, 5_000, `resubscribed after drop ${drop}`);
      expect(fake.subscriptions()[0]).toEqual(subscribed);
    }
    expect(fake.counters().ws.opened).toBe(4);
    expect(fake.counters().ws.capViolations).toBe(0);
    // Trades after the last reconnect reach the store (folded once a second).
    const last = w.clock.now();
    await w.drive(10_000);
    const streamed = subscribed!.filter((s) => (w.quotes().get(s)?.fetched_at ?? 0) > last);
    expect(streamed.length).toBeGreaterThan(0);
    expect(w.engine.providerSetup.info('finnhub').stream?.state).toBe('open');
    expect(unhandled).toEqual([]);
  }, 60_000);
});

describe('fault injection against the fake Alpha Vantage (free: 1/s, 25/day), through the engine', () => {
  const AV_FAULTS: { name: string; scenario: Scenario; kind: string; paused: boolean }[] = [
    {
      name: 'burst "Information" (1 request per second)',
      scenario: { kind: 'rate-limit' },
      kind: 'rate_limited',
      paused: true,
    },
    { name: 'legacy "Note" throttle', scenario: { kind: 'throttle-note' }, kind: 'rate_limited', paused: true },
    { name: 'daily-limit "Information"', scenario: { kind: 'daily-limit' }, kind: 'daily_limit', paused: true },
    { name: 'invalid key "Error Message"', scenario: { kind: 'unauthorized' }, kind: 'auth', paused: true },
    { name: 'hang', scenario: { kind: 'hang' }, kind: 'timeout', paused: false },
    { name: 'truncated JSON', scenario: { kind: 'truncated' }, kind: 'malformed', paused: false },
    { name: 'wrong schema', scenario: { kind: 'wrong-schema' }, kind: 'malformed', paused: false },
  ];
  for (const fault of AV_FAULTS) {
    it(`${fault.name}: classified as ${fault.kind}, the last good quote is kept, nothing is stored`, async () => {
      const w = await world('alphavantage');
      await w.engine.start();
      await w.drive(5_000);
      const first = w.engine.refresh.scheduler.refreshNow(['IBM']);
      await w.drive(5_000);
      await first;
      const good = w.quotes();
      expect(good.get('IBM')?.source).toBe('alphavantage');
      const faultAt = w.clock.now();
      w.fake.setScenario(fault.scenario);
      const asked = w.engine.refresh.scheduler.refreshNow(['MSFT', 'IBM']);
      await w.drive(60_000);
      // A paused provider keeps the on-demand ask queued until it resumes (the API waits 10 s at most).
      await Promise.race([asked, Promise.resolve()]);
      const rows = expectEndedWithinTimeout(w, faultAt);
      expect(rows.some((r) => r.error_kind === fault.kind)).toBe(true);
      expect(rows.every((r) => r.status === 'error')).toBe(true);
      if (fault.paused) expect(w.engine.gateway.providers()[0]?.state).not.toBe('ok');
      const after = w.quotes();
      expect(after.size).toBe(good.size);
      for (const [symbol, row] of good) expect(after.get(symbol), symbol).toEqual(row);
      expect(w.historySince(faultAt)).toBe(0);
      const { q, staleByRule } = await quoteAndRule(w, 'IBM');
      expect(q.price).toBe(good.get('IBM')?.price);
      expect(q.stale).toBe(staleByRule);
      expect(w.fake.counters().violations).toBe(0);
      expect(unhandled).toEqual([]);
    }, 60_000);
  }
});
