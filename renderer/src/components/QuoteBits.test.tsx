import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../../../shared/quote';
import { STALE_AFTER_MS } from '../lib/staleness';
import { ChangeText, DayRangeBar, FreshnessTag } from './QuoteBits';

const T = Date.parse('2026-03-10T15:00:00.000Z');
const quote = {
  stale: false,
  fetchedAt: new Date(T).toISOString(),
  asOf: new Date(T).toISOString(),
  tier: 1,
  source: 'finnhub',
} satisfies Partial<Quote>;

describe('quote components', () => {
  it('shows a fresh quote by its time and a stale one in amber with its age', () => {
    const fresh = renderToStaticMarkup(<FreshnessTag quote={quote} now={T + 5000} />);
    expect(fresh).toMatch(/^<time class="asof" dateTime="2026-03-10T15:00:00.000Z"[^>]*>\d\d:\d\d:\d\d<\/time>$/);
    const stale = renderToStaticMarkup(<FreshnessTag quote={quote} now={T + STALE_AFTER_MS[1] + 120_000} />);
    expect(stale).toContain('class="stale-tag"');
    expect(stale).toContain('stale · 12 min old');
    const flagged = renderToStaticMarkup(<FreshnessTag quote={{ ...quote, stale: true }} now={T} />);
    expect(flagged).toContain('stale · just now');
  });

  it('colours and signs changes; the arrow is hidden from screen readers', () => {
    const up = renderToStaticMarkup(<ChangeText change={1.234} price={200} />);
    expect(up).toBe('<span class="chg up"><span class="arrow" aria-hidden="true">▲</span>+1.23</span>');
    const down = renderToStaticMarkup(<ChangeText change={-0.6412} percent />);
    expect(down).toBe('<span class="chg down">−0.64%</span>');
    const flat = renderToStaticMarkup(<ChangeText change={0} percent />);
    expect(flat).toBe('<span class="chg flat">0.00%</span>');
  });

  it('draws the day range with the last price inside it', () => {
    const html = renderToStaticMarkup(<DayRangeBar quote={{ low: 90, high: 110, price: 105, open: 100 }} wide />);
    expect(html).toContain('aria-label="Day range 90.00 to 110.00, last 105.00"');
    expect(html).toContain('left:75%');
    expect(html).toContain('left:50%');
    expect(renderToStaticMarkup(<DayRangeBar quote={{ low: null, high: null, price: 1, open: null }} />)).toContain(
      '—',
    );
  });
});
