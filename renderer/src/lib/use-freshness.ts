// Re-renders a quote's freshness exactly when it changes: at the moment it turns stale, then slowly.
import { useEffect, useState } from 'react';
import type { Quote } from '../../../shared/quote';
import { freshness, type Freshness } from './staleness';

/** How often a stale quote's "N min old" is redrawn. */
const STALE_REDRAW_MS = 30_000;

export function useFreshness(q: Pick<Quote, 'stale' | 'fetchedAt' | 'tier'> | undefined): Freshness & { now: number } {
  const [now, setNow] = useState(() => Date.now());
  const f = q ? freshness(q, now) : { stale: false, ageMs: 0, staleAt: null };
  const delay = f.stale ? STALE_REDRAW_MS : f.staleAt === null ? null : f.staleAt - now + 50;
  useEffect(() => {
    if (!q || delay === null) return;
    const t = setTimeout(() => setNow(Date.now()), Math.max(0, delay));
    return () => clearTimeout(t);
  }, [q, delay]);
  return { ...f, now };
}
