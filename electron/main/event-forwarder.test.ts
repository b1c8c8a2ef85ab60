import { describe, expect, it } from 'vitest';
import { ipcEventChannel, type MarketDataStatus } from '../../shared/contract';
import { makeQuote } from '../../test-support/quotes';
import { createManualClock } from '../engine/clock';
import { createEventHub } from '../engine/events';
import { createEventForwarder, QUOTE_INTERVAL_MS, type EventTarget } from './event-forwarder';

const status = (quoted: number): MarketDataStatus => ({
  feed: 'simulated',
  providers: [],
  cache: { size: 0, hits: 0, misses: 0, hitRatio: 0 },
  symbols: 10,
  quoted,
  startedAt: '2026-03-10T15:00:00.000Z',
});

/** A window's webContents as the forwarder sees it: what was sent, and when. */
function fakeWebContents(clock: { now(): number }) {
  const sent: { at: number; channel: string; data: unknown }[] = [];
  let destroyed = false;
  const target: EventTarget = {
    send: (channel, data) => {
      if (destroyed) throw new Error('sent to a destroyed webContents');
      sent.push({ at: clock.now(), channel, data });
    },
    isDestroyed: () => destroyed,
  };
  return {
    target,
    sent,
    destroy: () => (destroyed = true),
    quoteSends: () => sent.filter((s) => s.channel === ipcEventChannel('quote')),
    prices: (i: number) =>
      (sent.filter((s) => s.channel === ipcEventChannel('quote'))[i]?.data as { symbol: string; price: number }[]).map(
        (q) => [q.symbol, q.price],
      ),
  };
}

function setup() {
  const clock = createManualClock(0);
  const events = createEventHub((err) => {
    throw err;
  });
  const forwarder = createEventForwarder(events, clock);
  return { clock, events, forwarder };
}

describe('event forwarder', () => {
  it('sends a window its first quotes at once, then the latest quote per symbol at most every 16 ms', async () => {
    const { clock, events, forwarder } = setup();
    const win = fakeWebContents(clock);
    forwarder.attach(win.target);
    events.emit('quote', [makeQuote('SPY', 500, 0.1), makeQuote('QQQ', 400, 0.2)]);
    expect(win.prices(0)).toEqual([
      ['SPY', 500],
      ['QQQ', 400],
    ]);
    // Within the next 16 ms everything waits, and a newer quote of a symbol replaces the older one.
    await clock.advance(5);
    events.emit('quote', [makeQuote('SPY', 501, 0.3)]);
    events.emit('quote', [makeQuote('SPY', 502, 0.4), makeQuote('DIA', 300, 0.1)]);
    await clock.advance(10);
    expect(win.quoteSends()).toHaveLength(1);
    await clock.advance(1);
    expect(win.quoteSends().map((s) => s.at)).toEqual([0, QUOTE_INTERVAL_MS]);
    expect(win.prices(1)).toEqual([
      ['SPY', 502],
      ['DIA', 300],
    ]);
    // A steady stream (a batch every 4 ms for a second) is sent once per interval, never closer.
    for (let t = 0; t < 1000; t += 4) {
      events.emit('quote', [makeQuote('SPY', 600 + t, 0.1)]);
      await clock.advance(4);
    }
    await clock.advance(QUOTE_INTERVAL_MS);
    const times = win.quoteSends().map((s) => s.at);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(QUOTE_INTERVAL_MS);
    expect(times.length).toBeGreaterThan(55);
    // Nothing is lost: the last quote sent is the last one emitted.
    expect(win.prices(times.length - 1)).toEqual([['SPY', 600 + 996]]);
  });

  it('sends every other event at once and in order, quotes still pending or not', async () => {
    const { clock, events, forwarder } = setup();
    const win = fakeWebContents(clock);
    forwarder.attach(win.target);
    events.emit('quote', [makeQuote('SPY', 500, 0.1)]);
    events.emit('quote', [makeQuote('QQQ', 400, 0.2)]);
    events.emit('notification', { title: 'NVDA above 900', body: 'NVDA 901.20 (+3.1%)' });
    events.emit('notification', { title: 'AAPL below 150', body: 'AAPL 149.90 (-2.0%)' });
    events.emit('portfolio', []);
    expect(win.sent.map((s) => [s.at, s.channel])).toEqual([
      [0, ipcEventChannel('quote')],
      [0, ipcEventChannel('notification')],
      [0, ipcEventChannel('notification')],
      [0, ipcEventChannel('portfolio')],
    ]);
    expect(win.sent[1]?.data).toEqual({ title: 'NVDA above 900', body: 'NVDA 901.20 (+3.1%)' });
    await clock.advance(QUOTE_INTERVAL_MS);
    expect(win.prices(1)).toEqual([['QQQ', 400]]);
  });

  it('sends the quotes emitted before a status ahead of it (a live feed drops simulated quotes)', async () => {
    const { clock, events, forwarder } = setup();
    const win = fakeWebContents(clock);
    forwarder.attach(win.target);
    events.emit('quote', [makeQuote('SPY', 500, 0.1)]);
    events.emit('quote', [makeQuote('QQQ', 400, 0.2)]);
    events.emit('status', status(2));
    expect(win.sent.map((s) => s.channel)).toEqual([
      ipcEventChannel('quote'),
      ipcEventChannel('quote'),
      ipcEventChannel('status'),
    ]);
    expect(win.sent[2]?.data).toMatchObject({ quoted: 2 });
    // The pace starts again from that send.
    events.emit('quote', [makeQuote('SPY', 501, 0.1)]);
    await clock.advance(QUOTE_INTERVAL_MS - 1);
    expect(win.quoteSends()).toHaveLength(2);
    await clock.advance(1);
    expect(win.quoteSends()).toHaveLength(3);
  });

  it('paces each window on its own and stops at a destroyed window or on stop', async () => {
    const { clock, events, forwarder } = setup();
    const a = fakeWebContents(clock);
    const b = fakeWebContents(clock);
    forwarder.attach(a.target);
    events.emit('quote', [makeQuote('SPY', 500, 0.1)]);
    await clock.advance(8);
    // A window attached later gets its first batch at once, whatever the other's pace.
    forwarder.attach(b.target);
    events.emit('quote', [makeQuote('SPY', 501, 0.1)]);
    expect(b.quoteSends().map((s) => s.at)).toEqual([8]);
    await clock.advance(8);
    expect(a.quoteSends().map((s) => s.at)).toEqual([0, 16]);
    // A destroyed window is never sent anything again, and its pending quotes go.
    events.emit('quote', [makeQuote('SPY', 502, 0.1)]);
    b.destroy();
    await clock.advance(100);
    events.emit('notification', { title: 'x', body: 'y' });
    expect(b.sent).toHaveLength(1);
    expect(a.quoteSends().map((s) => s.at)).toEqual([0, 16, 32]);
    // Detached or stopped: nothing more, and no timer left behind.
    forwarder.stop();
    events.emit('quote', [makeQuote('SPY', 503, 0.1)]);
    events.emit('notification', { title: 'x', body: 'y' });
    await clock.advance(1000);
    expect(a.sent.filter((s) => s.at > 32)).toEqual([
      expect.objectContaining({ channel: ipcEventChannel('notification') }),
    ]);
    expect(clock.pending()).toBe(0);
  });
});
