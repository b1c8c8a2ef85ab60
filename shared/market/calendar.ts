// NYSE holidays and early closes by rule (2000-2100), plus the closures no rule makes.
import { addDays, formatDate, weekday } from './ny-time';

/** Years the clock answers for. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
/** The rules also run one year either side, so sessions next to the range's edges resolve. */
const RULE_FIRST_YEAR = FIRST_YEAR - 1;
const RULE_LAST_YEAR = LAST_YEAR + 1;

/** Regular close and the early close, minutes after midnight New York time. */
export const REGULAR_CLOSE_MIN = 16 * 60;
export const EARLY_CLOSE_MIN = 13 * 60;

/**
 * Closures no rule makes: national days of mourning, the attacks of 2001, Hurricane Sandy.
 * NYSE's own closings history; 2001-09-15/16 were a weekend.
 */
export const SPECIAL_CLOSURES: Readonly<Record<string, string>> = {
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National Day of Mourning for President Ronald Reagan',
  '2007-01-02': 'National Day of Mourning for President Gerald Ford',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National Day of Mourning for President George H. W. Bush',
  '2025-01-09': 'National Day of Mourning for President Jimmy Carter',
};

/** Early closes no rule makes (NYSE closed at 13:00 on these). */
export const SPECIAL_EARLY_CLOSES: Readonly<Record<string, string>> = {
  '1999-12-31': "New Year's Eve 1999",
  '2003-12-26': 'Day after Christmas',
};

/** Easter Sunday (Gregorian) by the anonymous computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatDate(year, month, day);
}

/** The n-th (1-based) given weekday of a month; n = -1 for the last one. */
export function nthWeekday(year: number, month: number, dow: number, n: number): string {
  if (n > 0) {
    const first = formatDate(year, month, 1);
    const shift = (dow - weekday(first) + 7) % 7;
    return addDays(first, shift + 7 * (n - 1));
  }
  const nextFirst = month === 12 ? formatDate(year + 1, 1, 1) : formatDate(year, month + 1, 1);
  const last = addDays(nextFirst, -1);
  return addDays(last, -((weekday(last) - dow + 7) % 7));
}

/**
 * Where a fixed-date holiday is observed: Sunday moves to Monday, Saturday to the Friday before.
 * NYSE Rule 7.2 skips the Friday when it ends an accounting period (a Saturday New Year's Day),
 * so that case returns null.
 */
export function observed(date: string, isNewYear = false): string | null {
  const dow = weekday(date);
  if (dow === 0) return addDays(date, 1);
  if (dow === 6) return isNewYear ? null : addDays(date, -1);
  return date;
}

export type CalendarEntry = { date: string; name: string };

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < RULE_FIRST_YEAR || year > RULE_LAST_YEAR) {
    throw new RangeError(`the NYSE calendar covers ${FIRST_YEAR}-${LAST_YEAR}; ${year} is outside it`);
  }
}

/** Full-day closures made by rule in a year, with their names (observed dates). */
export function isRuleYear(year: number): boolean {
  return Number.isInteger(year) && year >= RULE_FIRST_YEAR && year <= RULE_LAST_YEAR;
}

export function ruleHolidays(year: number): CalendarEntry[] {
  checkYear(year);
  const out: CalendarEntry[] = [];
  const fixed = (month: number, day: number, name: string, isNewYear = false) => {
    const actual = formatDate(year, month, day);
    const obs = observed(actual, isNewYear);
    if (obs) out.push({ date: obs, name: obs === actual ? name : `${name} (observed)` });
  };
  fixed(1, 1, "New Year's Day", true);
  out.push({ date: nthWeekday(year, 1, 1, 3), name: 'Martin Luther King Jr. Day' });
  out.push({ date: nthWeekday(year, 2, 1, 3), name: "Washington's Birthday" });
  out.push({ date: addDays(easterSunday(year), -2), name: 'Good Friday' });
  out.push({ date: nthWeekday(year, 5, 1, -1), name: 'Memorial Day' });
  if (year >= 2022) fixed(6, 19, 'Juneteenth National Independence Day');
  fixed(7, 4, 'Independence Day');
  out.push({ date: nthWeekday(year, 9, 1, 1), name: 'Labor Day' });
  out.push({ date: nthWeekday(year, 11, 4, 4), name: 'Thanksgiving Day' });
  fixed(12, 25, 'Christmas Day');
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** Days the rules close at 13:00 in a year (post-market then runs 13:00-17:00). */
export function ruleEarlyCloses(year: number): CalendarEntry[] {
  checkYear(year);
  const out: CalendarEntry[] = [];
  const holidays = new Set(ruleHolidays(year).map((h) => h.date));
  const weekdayOpen = (date: string) => {
    const dow = weekday(date);
    return dow >= 1 && dow <= 5 && !holidays.has(date);
  };
  const july3 = formatDate(year, 7, 3);
  if (year >= 2013) {
    if (weekdayOpen(july3)) out.push({ date: july3, name: 'Independence Day eve' });
  } else {
    // Before 2013 a Wednesday July 3 was a full day, and a Friday July 5 closed early instead.
    const dow = weekday(july3);
    if ((dow === 1 || dow === 2 || dow === 4) && weekdayOpen(july3)) {
      out.push({ date: july3, name: 'Independence Day eve' });
    }
    const july5 = formatDate(year, 7, 5);
    if (weekday(july5) === 5 && weekdayOpen(july5)) out.push({ date: july5, name: 'Day after Independence Day' });
  }
  out.push({ date: addDays(nthWeekday(year, 11, 4, 4), 1), name: 'Day after Thanksgiving' });
  const christmasEve = formatDate(year, 12, 24);
  if (weekdayOpen(christmasEve)) out.push({ date: christmasEve, name: 'Christmas Eve' });
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}
