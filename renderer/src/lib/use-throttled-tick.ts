// A counter that follows the quotes at most once per interval (for live re-sorting), without
// re-rendering its component on every batch in between.
import { useEffect, useState } from 'react';
import { useAppStore } from '../store';

/**
 * Bumps at most every `ms` after the quotes change, while `enabled`; rows never jump per tick.
 * It listens to the store outside React, so a full-universe batch does not re-render the whole
 * view just to learn that a re-sort is due.
 */
export function useQuotesTick(enabled: boolean, ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = useAppStore.subscribe((s, prev) => {
      if (s.quotesVersion === prev.quotesVersion || timer) return;
      timer = setTimeout(() => {
        timer = null;
        setTick((n) => n + 1);
      }, ms);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [enabled, ms]);
  return tick;
}
