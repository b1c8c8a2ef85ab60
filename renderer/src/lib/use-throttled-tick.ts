// A counter that follows a fast-changing version at most once per interval (for live re-sorting).
import { useEffect, useRef, useState } from 'react';

/** Bumps at most every `ms` after `version` changes, while `enabled`; rows never jump per tick. */
export function useThrottledTick(enabled: boolean, version: number, ms: number): number {
  const [tick, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!enabled || timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setTick((n) => n + 1);
    }, ms);
  }, [enabled, version, ms]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  return tick;
}
