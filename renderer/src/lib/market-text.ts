// The market clock in words for the badge: session, what comes next and when, holiday or early close.
import type { MarketSession, MarketStatus } from '../../../shared/contract';
import { formatCountdown } from './format';

const SESSION: Record<MarketSession, string> = {
  pre: 'Pre-market',
  regular: 'Market open',
  post: 'After hours',
  closed: 'Market closed',
};

const NEXT_VERB: Record<MarketSession, string> = {
  pre: 'opens',
  regular: 'closes',
  post: 'ends',
  closed: 'opens',
};

const DETAIL_NEXT: Record<MarketSession, string> = {
  pre: 'opens at',
  regular: 'closes at',
  post: 'after hours end at',
  closed: 'pre-market from',
};

const dayTime = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const time = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const nyTime = new Intl.DateTimeFormat('en-US', {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'America/New_York',
});

export type MarketText = {
  session: MarketSession;
  label: string;
  /** "closes in 2:05:09", "opens Mon 09:30" (local time). */
  next: string;
  /** Holiday or early-close name, when the day has one. */
  note: string | null;
  /** Everything, in New York time, for the tooltip. */
  detail: string;
};

/** A countdown while the next change is within a day; a day and time beyond. */
export function marketText(m: MarketStatus, now: number): MarketText {
  const next = Date.parse(m.nextChange);
  const left = next - now;
  // After a close the next change is the post-market end, but what a trader waits for is the open.
  const verb = m.session === 'closed' && m.nextSession === 'pre' ? 'pre-market' : NEXT_VERB[m.session];
  const when = left <= 0 ? 'now' : left < 24 * 3_600_000 ? `in ${formatCountdown(left)}` : dayTime.format(next);
  const note = m.holiday ?? (m.earlyClose ? `${m.earlyClose}: closes 13:00 ET` : null);
  const open = Date.parse(m.nextOpen);
  const detail =
    `${SESSION[m.session]} since ${nyTime.format(Date.parse(m.since))} ET; ` +
    `${DETAIL_NEXT[m.session]} ${nyTime.format(next)} ET` +
    (m.session !== 'regular' ? `; next open ${nyTime.format(open)} ET (${time.format(open)} your time)` : '') +
    (note ? `. ${note}` : '');
  return { session: m.session, label: SESSION[m.session], next: `${verb} ${when}`, note, detail };
}
