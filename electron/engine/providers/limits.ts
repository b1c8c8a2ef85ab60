// Plan limits as users write them ("30/s,60/min", "1/s,25/day", "75/min").
import type { RateWindow } from '../../../shared/contract';

const UNIT_MS: Record<RateWindow['unit'], number> = {
  s: 1_000,
  min: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};

const ALIASES: Record<string, RateWindow['unit']> = {
  s: 's',
  sec: 's',
  second: 's',
  m: 'min',
  min: 'min',
  minute: 'min',
  h: 'hour',
  hr: 'hour',
  hour: 'hour',
  d: 'day',
  day: 'day',
};

/** Parses a limits string; throws an Error whose message says what is wrong. */
export function parseLimits(text: string): RateWindow[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new Error('no limits given (write them like "30/s,60/min")');
  const windows = parts.map((part) => {
    const m = /^(\d+)\s*\/\s*([a-z]+)$/i.exec(part);
    const unit = m ? ALIASES[(m[2] ?? '').toLowerCase()] : undefined;
    const limit = m ? Number(m[1]) : NaN;
    if (!m || !unit || !Number.isSafeInteger(limit) || limit <= 0) {
      throw new Error(`"${part}" is not a limit (write it like 30/s, 60/min, 500/hour or 25/day)`);
    }
    return { limit, windowMs: UNIT_MS[unit], unit };
  });
  return windows.sort((a, b) => a.windowMs - b.windowMs);
}

export function formatLimits(windows: RateWindow[]): string {
  return windows.map((w) => `${w.limit}/${w.unit}`).join(',');
}

/** The steady rate a set of windows allows, in calls per minute (the tightest window wins). */
export function callsPerMinute(windows: RateWindow[]): number {
  if (windows.length === 0) return Infinity;
  return Math.min(...windows.map((w) => (w.limit * 60_000) / w.windowMs));
}
