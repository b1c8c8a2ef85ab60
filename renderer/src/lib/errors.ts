// Error text for people: what went wrong and what to do about it.
import { ApiError } from '../../../shared/errors';

const ISO = /\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}):\d{2}(?:\.\d+)?Z\b/g;

/** Engine messages carry ISO instants ("resets at 2026-03-11T04:01:00.000Z"): say them in local time. */
export function humanizeTimes(text: string, now = new Date()): string {
  return text.replace(ISO, (iso) => {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    const time = d.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const sameDay = d.toDateString() === now.toDateString();
    return sameDay
      ? time
      : `${d.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' })} ${time}`;
  });
}

export function errorText(err: unknown, fallback: string): string {
  if (err instanceof ApiError) {
    if (err.code === 'unavailable' && err.retryAfter !== undefined) {
      return `${humanizeTimes(err.message)} (try again in ${Math.ceil(err.retryAfter)} s)`;
    }
    return humanizeTimes(err.message);
  }
  return fallback;
}
