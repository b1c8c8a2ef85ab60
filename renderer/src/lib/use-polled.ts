// Loads a screen's figures now and again every interval while it is open; a failure keeps the last figures.
import { useEffect, useState } from 'react';
import type { MarketApi } from '../../../shared/contract';
import { useApi } from '../api/context';
import { errorText } from './errors';

/**
 * `load` runs at once and then `intervalMs` after each answer (never two at a time, so a slow
 * engine is not asked again before it answered). `failText` is shown when a load fails.
 */
export function usePolled<T>(
  load: (api: MarketApi) => Promise<T>,
  intervalMs: number,
  failText: string,
): { data: T | null; error: string | null } {
  const api = useApi();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await load(api);
        if (cancelled) return;
        setData(next);
        setError(null);
      } catch (err) {
        if (!cancelled) setError(errorText(err, failText));
      } finally {
        if (!cancelled) timer = setTimeout(() => void tick(), intervalMs);
      }
    };
    void tick();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // Callers pass module-level functions and constants, so only a new API object starts over.
  }, [api, load, intervalMs, failText]);
  return { data, error };
}
