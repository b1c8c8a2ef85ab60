import { describe, expect, it } from 'vitest';
import { ipcEventChannel, type MarketDataStatus } from '../../shared/contract';
import { makeQuote } from '../../test-support/quotes';
import { createManualClock } from '../engine/clock';
import { createEventHub } from '../engine/events';
import { forwardEvents } from './event-forwarder';

const status = (quoted: number): MarketDataStatus => ({
  feed: 'simulated',
  providers: [],
  cache: { size: 0, hits: 0, misses: 0, hitRatio: 0 },
  symbols: 10,
  quoted,
  startedAt: '2026-03-10T15:00:00.000Z',
});

describe('event forwarder', () => {
  it('coalesces quotes per symbol and status to its latest value, one send per interval', async () => {
    const clock = createManualClock(0);
    const events = createEventHub((err) => {
      throw err;
    });
    const sent: [string, unknown][] = [];
    const stop = forwardEvents(events, (channel, data) => sent.push([channel, data]), clock, 100);
    events.emit('quote', [makeQuote('SPY', 500, 0.1), makeQuote('QQQ', 400, 0.2)]);
    events.emit('quote', [makeQuote('SPY', 501, 0.3)]);
    events.emit('status', status(1));
    events.emit('status', status(2));
    expect(sent).toEqual([]);
    await clock.advance(100);
    expect(sent.map(([c]) => c)).toEqual([ipcEventChannel('quote'), ipcEventChannel('status')]);
    const quotes = sent[0]?.[1] as { symbol: string; price: number }[];
    expect(quotes.map((q) => [q.symbol, q.price])).toEqual([
      ['SPY', 501],
      ['QQQ', 400],
    ]);
    expect(sent[1]?.[1]).toMatchObject({ quoted: 2 });
    stop();
    events.emit('quote', [makeQuote('SPY', 502, 0.4)]);
    await clock.advance(1000);
    expect(sent).toHaveLength(2);
  });

  it('passes every notification at once and in order', () => {
    const clock = createManualClock(0);
    const events = createEventHub((err) => {
      throw err;
    });
    const sent: [string, unknown][] = [];
    forwardEvents(events, (channel, data) => sent.push([channel, data]), clock, 100);
    events.emit('notification', { title: 'NVDA above 900', body: 'NVDA 901.20 (+3.1%)' });
    events.emit('notification', { title: 'AAPL below 150', body: 'AAPL 149.90 (-2.0%)' });
    expect(sent).toEqual([
      [ipcEventChannel('notification'), { title: 'NVDA above 900', body: 'NVDA 901.20 (+3.1%)' }],
      [ipcEventChannel('notification'), { title: 'AAPL below 150', body: 'AAPL 149.90 (-2.0%)' }],
    ]);
  });
});
