// Owns price-alert evaluation: checks every pushed quote against the enabled alerts, fires once per crossing.
import type { Alert, AlertEvent, AlertFiring, DesktopNotification } from '../../shared/contract';
import type { Quote } from '../../shared/quote';
import type { Clock } from './clock';
import type { EventHub } from './events';
import type { Logger } from './logger';
import type { AlertsRepo, NewFiring } from './store/alerts-repo';

/**
 * Re-arm bands, so a price hovering at the level does not fire on every tick: a price alert re-arms
 * once the price is back beyond the level by 0.1% of it, a move alert once the move is back under
 * the threshold by 0.1 percentage point (or half the threshold, for tiny thresholds).
 */
export const PRICE_REARM_FRACTION = 0.001;
export const MOVE_REARM_POINTS = 0.1;

/** A quote older than this (provider time) says nothing about the price now: alerts ignore it. */
export const DEFAULT_MAX_QUOTE_AGE_MS = 15 * 60_000;

/** How far back the `alert` event repeats firings, and how many at most. */
export const RECENT_WINDOW_MS = 5 * 60_000;
export const RECENT_MAX = 20;

export type Decision = 'fire' | 'rearm' | null;

function conditionHolds(a: Pick<Alert, 'kind' | 'threshold'>, q: Pick<Quote, 'price' | 'changePercent'>): boolean {
  if (a.kind === 'above') return q.price >= a.threshold;
  if (a.kind === 'below') return q.price <= a.threshold;
  return Math.abs(q.changePercent) >= a.threshold;
}

function conditionCleared(a: Pick<Alert, 'kind' | 'threshold'>, q: Pick<Quote, 'price' | 'changePercent'>): boolean {
  if (a.kind === 'above') return q.price < a.threshold * (1 - PRICE_REARM_FRACTION);
  if (a.kind === 'below') return q.price > a.threshold * (1 + PRICE_REARM_FRACTION);
  return Math.abs(q.changePercent) < a.threshold - Math.min(MOVE_REARM_POINTS, a.threshold / 2);
}

/** What one fresh quote does to one alert: fire it, re-arm it, or nothing. */
export function decide(
  a: Pick<Alert, 'kind' | 'threshold' | 'enabled' | 'armed'>,
  q: Pick<Quote, 'price' | 'changePercent'>,
): Decision {
  if (!a.enabled) return null;
  if (a.armed) return conditionHolds(a, q) ? 'fire' : null;
  return conditionCleared(a, q) ? 'rearm' : null;
}

/** Fresh enough to act on: not flagged stale, and the provider's quote time is recent. */
export function isFreshForAlerts(q: Pick<Quote, 'stale' | 'asOf'>, now: number, maxAgeMs: number): boolean {
  if (q.stale) return false;
  const asOf = Date.parse(q.asOf);
  return Number.isFinite(asOf) && now - asOf <= maxAgeMs;
}

function price(n: number): string {
  return n.toFixed(n < 1 ? 4 : 2);
}

function signedPercent(n: number): string {
  const text = `${Math.abs(n).toFixed(2)}%`;
  return n > 0 ? `+${text}` : n < 0 ? `-${text}` : text;
}

export function firingMessage(
  a: Pick<Alert, 'symbol' | 'kind' | 'threshold'>,
  q: Pick<Quote, 'price' | 'changePercent'>,
) {
  if (a.kind === 'above') {
    return `${a.symbol} rose above ${price(a.threshold)}: last ${price(q.price)} (${signedPercent(q.changePercent)})`;
  }
  if (a.kind === 'below') {
    return `${a.symbol} fell below ${price(a.threshold)}: last ${price(q.price)} (${signedPercent(q.changePercent)})`;
  }
  const way = q.changePercent >= 0 ? 'up' : 'down';
  return `${a.symbol} is ${way} ${signedPercent(q.changePercent)} today (alert at ${a.threshold}%): last ${price(q.price)}`;
}

/** The `notification` event for a firing: the desktop shell shows it as a system notification. */
export function firingNotification(
  f: Pick<AlertFiring, 'symbol' | 'kind' | 'threshold' | 'changePercent' | 'message'>,
): DesktopNotification {
  const title =
    f.kind === 'above'
      ? `${f.symbol} above ${price(f.threshold)}`
      : f.kind === 'below'
        ? `${f.symbol} below ${price(f.threshold)}`
        : `${f.symbol} ${f.changePercent >= 0 ? 'up' : 'down'} ${signedPercent(f.changePercent)} today`;
  return { title, body: f.message, symbol: f.symbol };
}

export type AlertEvaluatorDeps = {
  clock: Clock;
  logger: Logger;
  events: EventHub;
  repo: AlertsRepo;
  maxQuoteAgeMs?: number;
};

export type AlertEvaluator = {
  /** Re-reads the alerts after a change through the API. */
  reload(): void;
  /** The payload of the `alert` event now: recent firings, newest first. */
  recent(): AlertEvent;
  stop(): void;
};

export function createAlertEvaluator(deps: AlertEvaluatorDeps): AlertEvaluator {
  const { clock, logger, events, repo } = deps;
  const maxAge = deps.maxQuoteAgeMs ?? DEFAULT_MAX_QUOTE_AGE_MS;
  let bySymbol = new Map<string, Alert[]>();

  const reload = () => {
    const next = new Map<string, Alert[]>();
    for (const a of repo.list()) {
      if (!a.enabled) continue;
      const list = next.get(a.symbol) ?? [];
      list.push(a);
      next.set(a.symbol, list);
    }
    bySymbol = next;
  };

  const recent = (): AlertEvent => ({ recent: repo.since(clock.now() - RECENT_WINDOW_MS, RECENT_MAX) });

  const onQuotes = (quotes: Quote[]) => {
    if (bySymbol.size === 0) return;
    const now = clock.now();
    const firings: { firing: NewFiring; keepEnabled: boolean }[] = [];
    const rearmed: number[] = [];
    for (const q of quotes) {
      const list = bySymbol.get(q.symbol);
      if (!list || !isFreshForAlerts(q, now, maxAge)) continue;
      for (const a of list) {
        const d = decide(a, q);
        if (d === 'fire') {
          a.armed = false;
          if (!a.repeat) a.enabled = false;
          firings.push({
            keepEnabled: a.repeat,
            firing: {
              alertId: a.id,
              symbol: a.symbol,
              kind: a.kind,
              threshold: a.threshold,
              price: q.price,
              changePercent: q.changePercent,
              source: q.source,
              asOf: Date.parse(q.asOf),
              firedAt: now,
              message: firingMessage(a, q),
            },
          });
        } else if (d === 'rearm') {
          a.armed = true;
          rearmed.push(a.id);
        }
      }
    }
    if (firings.length === 0 && rearmed.length === 0) return;
    try {
      const stored = repo.recordFirings(firings, rearmed);
      if (stored.length === 0) return;
      for (const f of stored) logger.info({ alert: f.alertId, symbol: f.symbol, price: f.price }, 'alert fired');
      reload();
      events.emit('alert', recent());
      // The same firings for the desktop shell's system notifications (every one, in order). The
      // renderer toasts from the `alert` event only, so the user is not told twice in the window.
      for (const f of stored) events.emit('notification', firingNotification(f));
    } catch (err) {
      // The in-memory states moved ahead of the database: take the stored truth again.
      logger.error({ err: String(err) }, 'could not record alert firings');
      reload();
    }
  };

  reload();
  const off = events.on('quote', onQuotes);
  return { reload, recent, stop: off };
}
