// New York wall time through the IANA zone (Intl), and civil-date arithmetic on YYYY-MM-DD strings.

export const MARKET_TIME_ZONE = 'America/New_York';

const DAY_MS = 86_400_000;

const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: MARKET_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallTimeByIntl(ms: number): WallTime {
  const p: Record<string, string> = {};
  for (const part of PARTS.formatToParts(ms)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    // Some engines print midnight as 24 even with h23.
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

const HOUR_MS = 3_600_000;
// New York's offset changes only on a whole UTC hour, so one zone lookup per hour is exact.
const offsetByHour = new Map<number, number>();

/** Offset of New York from UTC at an instant, in ms (-4 h in summer, -5 h in winter). */
export function nyOffsetMs(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const at = hour * HOUR_MS;
    const w = wallTimeByIntl(at);
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - at;
    if (offsetByHour.size > 20_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The New York wall clock at an instant. */
export function nyWallTime(ms: number): WallTime {
  const local = new Date(ms + nyOffsetMs(ms));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** The New York calendar date (YYYY-MM-DD) at an instant. */
export function nyDate(ms: number): string {
  const w = nyWallTime(ms);
  return formatDate(w.year, w.month, w.day);
}

/**
 * The instant at which New York's wall clock reads `minutes` after midnight on `date`.
 * Minutes may exceed 24 h (they roll into the next day). Times inside the spring-forward gap
 * resolve to the instant after the gap; the market's boundaries never fall there.
 */
export function nyTime(date: string, minutes: number): number {
  const { year, month, day } = parseDate(date);
  const wallAsUtc = Date.UTC(year, month - 1, day) + minutes * 60_000;
  const first = wallAsUtc - nyOffsetMs(wallAsUtc);
  const offset = nyOffsetMs(first);
  const second = wallAsUtc - offset;
  // Near a change the first guess can land on the other side of it: one more pass settles it.
  return nyOffsetMs(second) === offset ? second : wallAsUtc - nyOffsetMs(second);
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function parseDate(date: string): { year: number; month: number; day: number } {
  const m = DATE_PATTERN.exec(date);
  if (!m) throw new Error(`"${date}" is not a date (YYYY-MM-DD)`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Days since 1970-01-01 of a civil date. */
export function dayNumber(date: string): number {
  const { year, month, day } = parseDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function dateOfDayNumber(n: number): string {
  const t = new Date(n * DAY_MS);
  return formatDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}
