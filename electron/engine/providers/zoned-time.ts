// Calendar arithmetic in a named time zone (provider days, New York trading dates), DST-correct.
import { TZDate } from '@date-fns/tz';
// Subpaths, not the package root: the root's ESM index loads ~250 modules (about a second of start-up).
import { addDays } from 'date-fns/addDays';
import { startOfDay } from 'date-fns/startOfDay';

export const NEW_YORK = 'America/New_York';

/** Epoch ms of the midnight that starts the day containing `t` in `zone`. */
export function dayStartIn(t: number, zone: string): number {
  return startOfDay(new TZDate(t, zone)).getTime();
}

/** Epoch ms of the next midnight after `t` in `zone`. */
export function nextDayStartIn(t: number, zone: string): number {
  return addDays(startOfDay(new TZDate(t, zone)), 1).getTime();
}

/** Epoch ms of a wall time in `zone`, or NaN when the date is not a real date. */
export function zonedTime(date: string, hour: number, minute: number, zone: string, second = 0, ms = 0): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new TZDate(y, mo - 1, d, hour, minute, second, ms, zone);
  // Reject rollovers such as 2024-02-31 becoming March 2.
  if (t.getFullYear() !== y || t.getMonth() !== mo - 1 || t.getDate() !== d) return NaN;
  return t.getTime();
}

/** `YYYY-MM-DD` of `t` in `zone`. */
export function dateIn(t: number, zone: string): string {
  const d = new TZDate(t, zone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
