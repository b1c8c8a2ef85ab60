import { afterEach, describe, expect, it } from 'vitest';
import { startFakeFinnhub, type FakeFinnhub } from '../../../../test-support/fake-finnhub/index';
import { waitFor } from '../../../../test-support/wait';
import { createManualClock, type ManualClock } from '../../clock';
import { parseLimits } from '../limits';
import { ProviderError } from '../types';
import { createFinnhubProvider } from './finnhub-provider';

const T0 = Date.parse('2025-07-21T15:00:00Z');
let fake: FakeFinnhub | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function setup(
  key = 'good',
): Promise<{ clock: ManualClock; fake: FakeFinnhub; client: ReturnType<typeof createFinnhubProvider> }> {
  const clock = createManualClock(T0);
  fake = await startFakeFinnhub({ clock, keys: ['good'] });
  const client = createFinnhubProvider({
    key,
    url: fake.url,
    limits: parseLimits('30/s,60/min'),
    clock,
    fetch,
    timeoutMs: 5000,
  });
  return { clock, fake, client };
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected a ProviderError');
}

describe('Finnhub client against the fake', () => {
  it('fetches a quote, a profile, market status and holidays with the key in a header', async () => {
    const { client } = await setup();
    const batch = await client.fetchQuotes(['AAPL']);
    expect(batch.quotes[0]).toMatchObject({ symbol: 'AAPL', volume: null, asOf: T0 });
    expect(batch.quotes[0]!.price).toBeGreaterThan(0);
    expect(await client.fetchQuotes(['NOPE'])).toEqual({ quotes: [], unknown: ['NOPE'] });
    expect((await client.fetchProfile('AAPL'))?.sharesOutstanding).toBeGreaterThan(1e9);
    expect(await client.fetchProfile('NOPE')).toBeNull();
    expect((await client.marketStatus()).session).toBe('regular');
    expect((await client.marketHolidays()).length).toBeGreaterThan(3);
    expect((await client.search('APPLE'))[0]?.symbol).toBe('AAPL');
  });

  it('says "this key is invalid" on 401 and never puts the key in the message', async () => {
    const { client } = await setup('wrong-key-123');
    const err = await failure(client.fetchQuotes(['AAPL']));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('this key is invalid');
    expect(err.message).not.toContain('wrong-key-123');
  });

  it('maps 5xx, 429 with Retry-After, 403, truncated and wrong-schema bodies to typed errors', async () => {
    const { client, fake } = await setup();
    fake.setScenario({ kind: 'status', status: 502 }, { times: 1 });
    expect((await failure(client.fetchQuotes(['AAPL']))).kind).toBe('server');
    fake.setScenario({ kind: 'rate-limit', retryAfterSeconds: 9 }, { times: 1 });
    const limited = await failure(client.fetchQuotes(['AAPL']));
    expect([limited.kind, limited.retryAt]).toEqual(['rate_limited', T0 + 9000]);
    fake.setScenario({ kind: 'premium' }, { times: 1 });
    expect((await failure(client.fetchProfile('AAPL'))).kind).toBe('premium');
    fake.setScenario({ kind: 'truncated' }, { times: 1 });
    expect((await failure(client.fetchQuotes(['AAPL']))).kind).toBe('malformed');
    fake.setScenario({ kind: 'wrong-schema' }, { times: 1 });
    expect((await failure(client.fetchQuotes(['AAPL']))).kind).toBe('malformed');
  });

  it('times out on the injected clock when the server hangs or the body stalls', async () => {
    const { client, fake, clock } = await setup();
    fake.setScenario({ kind: 'hang' }, { times: 1 });
    const hung = failure(client.fetchQuotes(['AAPL']));
    await waitFor(() => fake.inFlight() === 1, 5000, 'the request to arrive');
    await clock.advance(5001);
    expect((await hung).kind).toBe('timeout');
    fake.setScenario({ kind: 'slow-body', delayMs: 60_000 }, { times: 1 });
    const slow = failure(client.fetchQuotes(['AAPL']));
    await waitFor(() => fake.inFlight() === 1, 5000, 'the slow body to start');
    await clock.advance(5001);
    expect((await slow).kind).toBe('timeout');
  });

  it('rethrows the caller abort as is, and a closed port as a network error', async () => {
    const { client, fake } = await setup();
    fake.setScenario({ kind: 'hang' }, { times: 1 });
    const controller = new AbortController();
    const pending = client.fetchQuotes(['AAPL'], { signal: controller.signal });
    await waitFor(() => fake.inFlight() === 1);
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await fake.stop();
    expect((await failure(client.fetchQuotes(['AAPL']))).kind).toBe('network');
  });
});
