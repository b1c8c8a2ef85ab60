// The US equity market clock: sessions of any instant, holidays, early closes, provider merges.
import type { MarketSession, MarketStatus } from '../contract/market';
import {
  EARLY_CLOSE_MIN,
  FIRST_YEAR,
  isRuleYear,
  LAST_YEAR,
  REGULAR_CLOSE_MIN,
  ruleEarlyCloses,
  ruleHolidays,
  SPECIAL_CLOSURES,
  SPECIAL_EARLY_CLOSES,
} from './calendar';
import { addDays, isDate, MARKET_TIME_ZONE, nyDate, nyTime, parseDate, weekday } from './ny-time';

export const PRE_OPEN_MIN = 4 * 60;
export const REGULAR_OPEN_MIN = 9 * 60 + 30;
/** Post-market lasts four hours after the close (20:00, or 17:00 after an early close). */
export const POST_LENGTH_MIN = 4 * 60;

export type TradingSession = Exclude<MarketSession, 'closed'>;

/** One session window in epoch ms: start inclusive, end exclusive. */
export type SessionWindow = { session: TradingSession; start: number; end: number };

export type MarketDay = {
  date: string;
  /** A trading day (a weekday that is no holiday or closure). */
  open: boolean;
  holiday?: string;
  earlyClose?: string;
  /** Regular close, minutes after New York midnight. */
  closeMinutes: number;
  /** pre, regular, post in order; empty when closed. */
  sessions: SessionWindow[];
};

/** A segment of the timeline: a session, or a closure between sessions. */
export type Segment = { session: MarketSession; start: number; end: number };

/** One entry of a provider's holiday list (Finnhub /stock/market-holiday). */
export type ProviderHoliday = { eventName: string; atDate: string; tradingHour: string };

export type HolidayMergeReport = {
  /** Closures or early closes the rules did not know, now applied. */
  added: { date: string; name: string; kind: 'closed' | 'early-close' }[];
  /** Entries the rules already had. */
  agreed: number;
  /** Entries that disagree with the rules: the rules' answer is kept. */
  disagreements: { date: string; ours: string; theirs: string }[];
  /** Entries that could not be read. */
  ignored: number;
};

export type MarketClock = {
  day(date: string): MarketDay;
  /** The segment (session or closure) containing `at`. */
  segmentAt(at: number): Segment;
  /** The session at `at` (fast path of segmentAt). */
  sessionAt(at: number): MarketSession;
  /** Session windows overlapping [from, to), in order. */
  sessionsBetween(from: number, to: number): SessionWindow[];
  /** The first regular-session open strictly after `at`. */
  nextOpen(at: number): number;
  /** The first regular close strictly after `at`. */
  nextClose(at: number): { at: number; date: string };
  /** The latest regular close at or before `at`. */
  previousClose(at: number): { at: number; date: string };
  status(at: number): MarketStatus;
  /** Applies a provider's holiday list on top of the rules; returns what changed. */
  mergeProviderHolidays(entries: readonly ProviderHoliday[]): HolidayMergeReport;
  /** Closures and early closes merged from providers so far (to persist them). */
  providerEntries(): ProviderHoliday[];
};

/** How far the clock searches for the next or previous session (9/11 closed four weekdays). */
const SEARCH_DAYS = 30;

/** Earliest and latest instants `status` answers for (the rules' years). */
export const CLOCK_RANGE = {
  from: Date.UTC(FIRST_YEAR, 0, 1, 5),
  to: Date.UTC(LAST_YEAR, 11, 31, 23, 59, 59),
};

function parseTradingHour(text: string): { closeMinutes: number } | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const close = Number(m[3]) * 60 + Number(m[4]);
  return close > REGULAR_OPEN_MIN && close <= 24 * 60 ? { closeMinutes: close } : null;
}

export function createMarketClock(options: { providerHolidays?: readonly ProviderHoliday[] } = {}): MarketClock {
  const yearHolidays = new Map<number, Map<string, string>>();
  const yearEarly = new Map<number, Map<string, string>>();
  const extraClosed = new Map<string, string>();
  const extraEarly = new Map<string, { name: string; closeMinutes: number }>();
  const merged: ProviderHoliday[] = [];
  let days = new Map<string, MarketDay>();

  const holidaysOf = (year: number) => {
    let m = yearHolidays.get(year);
    if (!m) {
      // One year of margin on each side so the first and last years have neighbours.
      m = new Map(isRuleYear(year) ? ruleHolidays(year).map((h) => [h.date, h.name]) : []);
      yearHolidays.set(year, m);
    }
    return m;
  };
  const earlyOf = (year: number) => {
    let m = yearEarly.get(year);
    if (!m) {
      m = new Map(isRuleYear(year) ? ruleEarlyCloses(year).map((h) => [h.date, h.name]) : []);
      yearEarly.set(year, m);
    }
    return m;
  };

  const day = (date: string): MarketDay => {
    const cached = days.get(date);
    if (cached) return cached;
    const { year } = parseDate(date);
    const dow = weekday(date);
    const holiday = SPECIAL_CLOSURES[date] ?? extraClosed.get(date) ?? holidaysOf(year).get(date);
    let result: MarketDay;
    if (dow === 0 || dow === 6 || holiday !== undefined) {
      result = { date, open: false, closeMinutes: REGULAR_CLOSE_MIN, sessions: [] };
      if (holiday !== undefined && dow !== 0 && dow !== 6) result.holiday = holiday;
    } else {
      const extra = extraEarly.get(date);
      const earlyName = SPECIAL_EARLY_CLOSES[date] ?? earlyOf(year).get(date);
      const earlyClose = earlyName ?? extra?.name;
      const closeMinutes = earlyName ? EARLY_CLOSE_MIN : (extra?.closeMinutes ?? REGULAR_CLOSE_MIN);
      const at = (min: number) => nyTime(date, min);
      result = {
        date,
        open: true,
        closeMinutes,
        sessions: [
          { session: 'pre', start: at(PRE_OPEN_MIN), end: at(REGULAR_OPEN_MIN) },
          { session: 'regular', start: at(REGULAR_OPEN_MIN), end: at(closeMinutes) },
          { session: 'post', start: at(closeMinutes), end: at(closeMinutes + POST_LENGTH_MIN) },
        ],
      };
      if (earlyClose !== undefined) result.earlyClose = earlyClose;
    }
    // Bounded: a long-running app asks about a sliding handful of days.
    if (days.size > 5000) days = new Map();
    days.set(date, result);
    return result;
  };

  /** Sessions of the days around `at`, enough to find the segment containing it. */
  const windowsNear = (date: string, before: number, after: number): SessionWindow[] => {
    const out: SessionWindow[] = [];
    for (let i = -before; i <= after; i++) out.push(...day(addDays(date, i)).sessions);
    return out;
  };

  const segmentAt = (at: number): Segment => {
    const date = nyDate(at);
    for (const w of day(date).sessions) {
      if (at >= w.start && at < w.end) return { session: w.session, start: w.start, end: w.end };
    }
    // Closed: find the last session ending at or before `at` and the next one starting after it.
    let prevEnd = -Infinity;
    for (let i = 0; i <= SEARCH_DAYS && prevEnd === -Infinity; i++) {
      const ws = day(addDays(date, -i)).sessions;
      for (let j = ws.length - 1; j >= 0; j--) {
        const w = ws[j];
        if (w && w.end <= at) {
          prevEnd = w.end;
          break;
        }
      }
    }
    let nextStart = Infinity;
    for (let i = 0; i <= SEARCH_DAYS && nextStart === Infinity; i++) {
      for (const w of day(addDays(date, i)).sessions) {
        if (w.start > at) {
          nextStart = w.start;
          break;
        }
      }
    }
    return { session: 'closed', start: prevEnd, end: nextStart };
  };

  const nextOpen = (at: number): number => {
    const date = nyDate(at);
    for (let i = 0; i <= SEARCH_DAYS; i++) {
      for (const w of day(addDays(date, i)).sessions) {
        if (w.session === 'regular' && w.start > at) return w.start;
      }
    }
    throw new RangeError('no market open within 30 days');
  };

  const nextClose = (at: number) => {
    const date = nyDate(at);
    for (let i = 0; i <= SEARCH_DAYS; i++) {
      const d = addDays(date, i);
      for (const w of day(d).sessions) {
        if (w.session === 'regular' && w.end > at) return { at: w.end, date: d };
      }
    }
    throw new RangeError('no market close within 30 days');
  };

  const previousClose = (at: number) => {
    const date = nyDate(at);
    for (let i = 0; i <= SEARCH_DAYS; i++) {
      const d = addDays(date, -i);
      for (const w of day(d).sessions) {
        if (w.session === 'regular' && w.end <= at) return { at: w.end, date: d };
      }
    }
    throw new RangeError('no market close within the previous 30 days');
  };

  const iso = (ms: number) => new Date(ms).toISOString();

  const clock: MarketClock = {
    day,
    segmentAt,
    sessionAt(at) {
      for (const w of day(nyDate(at)).sessions) if (at >= w.start && at < w.end) return w.session;
      return 'closed';
    },
    sessionsBetween(from, to) {
      if (!(to > from)) return [];
      const first = addDays(nyDate(from), -1);
      const out: SessionWindow[] = [];
      for (let d = first; ; d = addDays(d, 1)) {
        const start = nyTime(d, 0);
        if (start >= to) break;
        for (const w of day(d).sessions) if (w.end > from && w.start < to) out.push(w);
      }
      return out;
    },
    nextOpen,
    nextClose,
    previousClose,
    status(at) {
      if (!(at >= CLOCK_RANGE.from && at <= CLOCK_RANGE.to)) {
        throw new RangeError(`the market clock answers for ${FIRST_YEAR}-${LAST_YEAR} only`);
      }
      const seg = segmentAt(at);
      const date = nyDate(at);
      const today = day(date);
      const near = windowsNear(date, 0, SEARCH_DAYS);
      const following = near.find((w) => w.start === seg.end);
      const status: MarketStatus = {
        at: iso(at),
        session: seg.session,
        since: iso(seg.start),
        nextChange: iso(seg.end),
        nextSession: following ? following.session : 'closed',
        nextOpen: iso(nextOpen(at)),
        timeZone: MARKET_TIME_ZONE,
      };
      if (today.holiday !== undefined) status.holiday = today.holiday;
      if (today.earlyClose !== undefined) status.earlyClose = today.earlyClose;
      return status;
    },
    mergeProviderHolidays(entries) {
      const report: HolidayMergeReport = { added: [], agreed: 0, disagreements: [], ignored: 0 };
      for (const e of entries) {
        const date = typeof e.atDate === 'string' ? e.atDate.trim() : '';
        const name = typeof e.eventName === 'string' && e.eventName.trim() ? e.eventName.trim() : 'Market holiday';
        if (!isDate(date)) {
          report.ignored++;
          continue;
        }
        const { year } = parseDate(date);
        const dow = weekday(date);
        if (year < FIRST_YEAR || year > LAST_YEAR || dow === 0 || dow === 6) {
          report.ignored++;
          continue;
        }
        const hours = typeof e.tradingHour === 'string' ? e.tradingHour.trim() : '';
        const ours = day(date);
        if (hours === '') {
          if (!ours.open) report.agreed++;
          else {
            if (ours.earlyClose) {
              report.disagreements.push({ date, ours: `early close (${ours.earlyClose})`, theirs: `closed (${name})` });
            }
            // An unscheduled closure (a day of mourning) is exactly what the provider knows first.
            extraClosed.set(date, name);
            merged.push({ eventName: name, atDate: date, tradingHour: '' });
            report.added.push({ date, name, kind: 'closed' });
          }
          continue;
        }
        const parsed = parseTradingHour(hours);
        if (!parsed) {
          report.ignored++;
          continue;
        }
        if (!ours.open) {
          report.disagreements.push({ date, ours: `closed (${ours.holiday ?? 'holiday'})`, theirs: `open ${hours}` });
        } else if (ours.closeMinutes === parsed.closeMinutes) {
          report.agreed++;
        } else if (ours.earlyClose) {
          report.disagreements.push({ date, ours: `early close (${ours.earlyClose})`, theirs: `open ${hours}` });
        } else if (parsed.closeMinutes < REGULAR_CLOSE_MIN) {
          extraEarly.set(date, { name, closeMinutes: parsed.closeMinutes });
          merged.push({ eventName: name, atDate: date, tradingHour: hours });
          report.added.push({ date, name, kind: 'early-close' });
        } else {
          report.ignored++;
        }
      }
      if (report.added.length > 0) days = new Map();
      return report;
    },
    providerEntries: () => [...merged],
  };
  if (options.providerHolidays) clock.mergeProviderHolidays(options.providerHolidays);
  return clock;
}
