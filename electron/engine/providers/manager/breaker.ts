// A circuit breaker per provider on the injected clock: cockatiel's counting and backoff, our time.
import { ConsecutiveBreaker, ExponentialBackoff, type IBackoff } from 'cockatiel';
import type { Clock } from '../../clock';

export type BreakerState = 'closed' | 'open' | 'half-open';

export type BreakerOptions = {
  clock: Clock;
  /** Consecutive failures (timeouts, 5xx, network, unreadable bodies) that open the circuit. */
  threshold?: number;
  /** First wait before a half-open probe; each failed probe doubles it (with jitter) up to `maxOpenMs`. */
  openMs?: number;
  maxOpenMs?: number;
};

export type Breaker = {
  state(): BreakerState;
  /** May a call leave now? In half-open, exactly one probe at a time. */
  canPass(): boolean;
  /** A call left (in half-open it is the probe). */
  onStart(): void;
  success(): void;
  failure(): void;
  /** When an open circuit lets a probe through (epoch ms), or null when not open. */
  openUntil(): number | null;
  lastFailureAt(): number | null;
};

/**
 * cockatiel's CircuitBreakerPolicy reads Date.now() and its retries use real timers, so it cannot
 * run on a simulated clock; its ConsecutiveBreaker (when to open) and ExponentialBackoff with
 * decorrelated jitter (how long to stay open) are pure, and are used here with the injected clock.
 */
export function createBreaker(options: BreakerOptions): Breaker {
  const { clock } = options;
  const counter = new ConsecutiveBreaker(options.threshold ?? 5);
  const factory = new ExponentialBackoff({
    initialDelay: options.openMs ?? 10_000,
    maxDelay: options.maxOpenMs ?? 300_000,
  });
  let backoff: IBackoff<unknown> | undefined;
  let openedUntil: number | null = null;
  let probing = false;
  let lastFailure: number | null = null;

  const state = (): BreakerState => {
    if (openedUntil === null) return 'closed';
    return clock.now() >= openedUntil ? 'half-open' : 'open';
  };

  const open = () => {
    backoff = backoff ? backoff.next(undefined) : factory.next();
    openedUntil = clock.now() + Math.max(1000, Math.round(backoff.duration));
    probing = false;
  };

  return {
    state,
    canPass() {
      const s = state();
      return s === 'closed' || (s === 'half-open' && !probing);
    },
    onStart() {
      if (state() === 'half-open') probing = true;
    },
    success() {
      counter.success();
      if (openedUntil !== null && state() === 'half-open') {
        openedUntil = null;
        backoff = undefined;
        probing = false;
      }
    },
    failure() {
      lastFailure = clock.now();
      const s = state();
      if (s === 'half-open') return open();
      if (s === 'closed' && counter.failure()) open();
    },
    openUntil: () => (state() === 'closed' ? null : openedUntil),
    lastFailureAt: () => lastFailure,
  };
}
