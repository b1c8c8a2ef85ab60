import { describe, expect, it } from 'vitest';
import type { MarketApi } from '../../../shared/contract';
import type { Quote } from '../../../shared/quote';
import { useAppStore } from '../store';
import { askForMissing, MAX_ASKS_IN_FLIGHT } from './use-ensure-quotes';

const makeQuote = (symbol: string, price: number): Quote =>
  ({ symbol, price, asOf: '2026-01-01T10:00:00.000Z', fetchedAt: '2026-01-01T10:00:00.000Z' }) as Quote;

/** An API whose quote calls wait until the test answers them, as they do when providers hang. */
function hangingApi() {
  const waiting: { symbol: string; answer: () => void; fail: () => void }[] = [];
  const api = {
    call: (_name: string, input: { symbol: string }) =>
      new Promise((resolve, reject) => {
        waiting.push({
          symbol: input.symbol,
          answer: () => resolve(makeQuote(input.symbol, 100)),
          fail: () => reject(new Error('unavailable')),
        });
      }),
  } as unknown as MarketApi;
  return { api, waiting };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('asking for missing quotes', () => {
  it('keeps at most a few asks in flight, so waiting asks cannot take every connection', async () => {
    const { api, waiting } = hangingApi();
    const symbols = ['QA1', 'QA2', 'QA3', 'QA4', 'QA5'];
    askForMissing(api, symbols, 1_000);
    expect(waiting.map((w) => w.symbol)).toEqual(symbols.slice(0, MAX_ASKS_IN_FLIGHT));

    // A failed ask frees its place for the next symbol; an answered one lands in the store.
    waiting[0]?.fail();
    waiting[1]?.answer();
    await settle();
    expect(useAppStore.getState().quotes.QA2?.price).toBe(100);
    expect(waiting.map((w) => w.symbol)).toEqual(symbols.slice(0, 2 + MAX_ASKS_IN_FLIGHT));

    // A quote pushed by the stream while QA5 waited in line: it is not asked for.
    useAppStore.getState().applyQuotes([makeQuote('QA5', 50)]);
    waiting[2]?.answer();
    waiting[3]?.answer();
    await settle();
    expect(waiting).toHaveLength(4);
  });

  it('asks for a symbol again only after a minute', async () => {
    const { api, waiting } = hangingApi();
    askForMissing(api, ['QB1'], 10_000);
    waiting[0]?.fail();
    await settle();
    askForMissing(api, ['QB1'], 30_000);
    expect(waiting).toHaveLength(1);
    askForMissing(api, ['QB1'], 71_000);
    expect(waiting).toHaveLength(2);
    waiting[1]?.fail();
    await settle();
  });
});
