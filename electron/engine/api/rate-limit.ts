// Per-token request rate limit of the local API: one token bucket per token, answered with 429.

export type RateLimit = {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests a token may spend at once (a spreadsheet recalculating hundreds of cells). */
  burst: number;
};

/**
 * Generous by default: a sheet with a thousand WEBSERVICE cells (each fetched twice by LibreOffice)
 * recalculates without a 429, while a runaway script cannot take the engine for itself.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 200, burst: 5000 };

/** `200/s`, `200/s,5000` (burst) or `off`, as in QUOTEDESK_API_RATE_LIMIT. */
export function parseRateLimit(text: string): RateLimit | null {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === '0') return null;
  const m = /^(\d+(?:\.\d+)?)\s*\/\s*s(?:\s*,\s*(\d+))?$/.exec(t);
  if (!m) throw new Error(`"${text}" is not a rate limit: write it like 200/s or 200/s,5000 (burst), or off`);
  const perSecond = Number(m[1]);
  if (!(perSecond > 0)) throw new Error(`"${text}": the rate must be more than 0 per second (or off)`);
  const burst = m[2] === undefined ? Math.max(1, Math.ceil(perSecond * 25)) : Number(m[2]);
  if (burst < 1) throw new Error(`"${text}": the burst must be at least 1`);
  return { perSecond, burst };
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export type RateLimiter = {
  readonly limit: RateLimit;
  take(key: string, now: number): RateDecision;
};

export function createRateLimiter(limit: RateLimit): RateLimiter {
  // Keyed by token identity, so the map holds at most one entry per configured token.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    limit,
    take(key, now) {
      const b = buckets.get(key) ?? { tokens: limit.burst, at: now };
      const refilled = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
      if (refilled >= 1) {
        buckets.set(key, { tokens: refilled - 1, at: now });
        return { ok: true };
      }
      buckets.set(key, { tokens: refilled, at: now });
      return { ok: false, retryAfterMs: Math.ceil(((1 - refilled) / limit.perSecond) * 1000) };
    },
  };
}
