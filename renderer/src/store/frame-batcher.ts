// Coalesces pushed quote batches so the store is updated at most once per animation frame.
import type { Quote } from '../../../shared/quote';

/**
 * Collects pushed quote batches and applies them at most once per animation frame, so a burst of
 * events costs one store update and one render. A later quote for a symbol replaces an earlier one.
 */
export function createFrameBatcher(apply: (batch: Quote[]) => void, schedule: (fn: () => void) => void) {
  let pending = new Map<string, Quote>();
  let scheduled = false;
  return (batch: readonly Quote[]) => {
    for (const q of batch) pending.set(q.symbol, q);
    if (scheduled) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      const out = [...pending.values()];
      pending = new Map();
      apply(out);
    });
  };
}
