import { describe, expect, it } from 'vitest';
import { providerProblem } from './Banners';

const base = { breaker: 'closed' as const, limits: [], pausedUntil: null, reason: null };

describe('provider state in words', () => {
  it('says nothing about a healthy provider', () => {
    expect(providerProblem({ ...base, id: 'finnhub', state: 'ok' })).toBeNull();
  });

  it('says why and until when a provider is paused', () => {
    const text = providerProblem({
      ...base,
      id: 'finnhub',
      state: 'paused',
      pausedUntil: '2026-03-10T15:45:00.000Z',
      reason: 'rate limit reached',
    });
    expect(text).toMatch(/^Finnhub is paused until \d\d:\d\d:\d\d \(rate limit reached\)\. /);
  });

  it('says what happens when a provider is down', () => {
    expect(providerProblem({ ...base, id: 'alphavantage', state: 'down', breaker: 'open' })).toBe(
      'Alpha Vantage is not answering; Quotedesk retries on its own and uses the next provider meanwhile.',
    );
  });
});
