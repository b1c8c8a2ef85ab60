// Owns usage-alert state: evaluates the rules on the clock, dedupes, cools down flaps, stores and delivers.
import type { DesktopNotification, UsageAlert, UsageAlertEvent } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import type { Clock, TimerHandle } from '../clock';
import type { EventHub } from '../events';
import type { Logger } from '../logger';
import {
  downCandidate,
  PACE_SPAN_MS,
  predictionCandidates,
  staleCandidate,
  windowCandidates,
  type ActiveTime,
  type Candidate,
  type ProviderView,
  type StaleTier1,
} from './rules';
import type { UsageAlertsRepo } from './usage-alerts-repo';

/** Evaluations run this often, and soon after usage changes (at most every `MIN_GAP_MS`). */
export const EVALUATE_EVERY_MS = 30_000;
export const POKE_DELAY_MS = 1_000;
export const MIN_GAP_MS = 5_000;
/** A key that resolved comes back into the same row, silently, within this; a key is notified at most once per it. */
export const COOLDOWN_MS = 10 * 60_000;
/** All usage alerts together: at most this many notifications per `BUDGET_WINDOW_MS`. */
export const BUDGET = 6;
export const BUDGET_WINDOW_MS = 10 * 60_000;
/** Stale tier 1 is judged only after the engine has had time to refresh it, and must hold this long. */
export const STALE_START_GRACE_MS = 10 * 60_000;
export const STALE_SUSTAIN_MS = 2 * 60_000;
/** The event repeats alerts fired or resolved this recently (toasts, the list's "recent"). */
export const RECENT_MS = 5 * 60_000;
/** Resolved alerts are kept this long. */
export const KEEP_MS = 90 * 86_400_000;

export type MonitorDeps = {
  clock: Clock;
  logger: Logger;
  events: EventHub;
  repo: UsageAlertsRepo;
  providers: () => ProviderView[];
  /** Calls a provider made since `from` (its recorded calls). */
  callsSince: (provider: ProviderId, from: number) => number;
  /** Whether the scheduler polls now (regular session, extended hours if on, the simulated feed). */
  polling: (now: number) => boolean;
  activeTime: ActiveTime;
  staleTier1: (now: number) => StaleTier1;
  /** Where warnings and outages go besides the app (the webhook), never awaited. */
  deliver?: (text: string) => void;
};

export type UsageAlertMonitor = {
  start(): void;
  stop(): void;
  /** Evaluate soon (usage or provider state changed). */
  poke(): void;
  /** Evaluate now (tests). */
  evaluate(): void;
  event(): UsageAlertEvent;
};

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function createUsageAlertMonitor(deps: MonitorDeps): UsageAlertMonitor {
  const { clock, logger, events, repo } = deps;
  let startedAt = clock.now();
  const active = new Map<string, UsageAlert>(repo.active().map((a) => [a.key, a]));
  /** The last candidate seen per key: its resolved message is what the resolution says. */
  const lastSeen = new Map<string, Candidate>();
  /** Keys whose firing the user was told about: their recovery is told too. */
  const told = new Set<string>();
  /** Keys active without a notification yet (cool-down or budget): told once allowed. */
  const owed = new Set<string>();
  const lastNotified = new Map<string, number>();
  const sent: number[] = [];
  let staleSince: number | null = null;
  let timer: TimerHandle | undefined;
  let pokeTimer: TimerHandle | undefined;
  let lastRun = -Infinity;
  let running = false;

  for (const a of active.values()) if (a.notified) told.add(a.key);

  const budgetLeft = (now: number) => {
    while (sent.length > 0 && sent[0]! <= now - BUDGET_WINDOW_MS) sent.shift();
    return sent.length < BUDGET;
  };

  const notify = (n: DesktopNotification, text: string, now: number) => {
    sent.push(now);
    events.emit('notification', { title: clip(n.title, 120), body: clip(n.body, 500) });
    deps.deliver?.(text);
  };

  /** Tells the user about an active alert if its severity, its key's cool-down and the budget allow. */
  const tryTell = (a: UsageAlert, now: number): boolean => {
    if (a.severity === 'info') return false;
    const last = lastNotified.get(a.key);
    if ((last !== undefined && now - last < COOLDOWN_MS) || !budgetLeft(now)) {
      owed.add(a.key);
      return false;
    }
    owed.delete(a.key);
    lastNotified.set(a.key, now);
    told.add(a.key);
    notify(
      { title: a.title, body: a.message },
      `[Quotedesk] ${a.severity === 'critical' ? 'CRITICAL' : 'Warning'}: ${a.message}`,
      now,
    );
    return true;
  };

  const candidates = (now: number): Map<string, Candidate> => {
    const out = new Map<string, Candidate>();
    const polling = deps.polling(now);
    for (const p of deps.providers()) {
      for (const c of windowCandidates(p)) out.set(c.key, c);
      if (p.id !== 'simulated') {
        const pace = { calls: deps.callsSince(p.id, now - PACE_SPAN_MS), spanMs: PACE_SPAN_MS };
        for (const c of predictionCandidates(p, pace, now, polling, deps.activeTime)) out.set(c.key, c);
      }
      const down = downCandidate(p);
      if (down) out.set(down.key, down);
    }
    if (polling) {
      const s = deps.staleTier1(now);
      const holds = staleCandidate(s, false) !== null;
      staleSince = holds ? (staleSince ?? now) : null;
      const fire =
        holds && staleSince !== null && now - staleSince >= STALE_SUSTAIN_MS && now - startedAt >= STALE_START_GRACE_MS;
      const c = staleCandidate(s, fire);
      if (c) out.set(c.key, c);
    } else {
      staleSince = null;
    }
    return out;
  };

  const event = (): UsageAlertEvent => ({
    active: [...active.values()].sort((a, b) => b.firedAt.localeCompare(a.firedAt) || b.id - a.id),
    recent: repo.changedSince(clock.now() - RECENT_MS, 50),
  });

  const evaluate = () => {
    if (running) return;
    running = true;
    let changed = false;
    const now = clock.now();
    lastRun = now;
    try {
      const found = candidates(now);
      for (const [key, c] of found) {
        lastSeen.set(key, c);
        if (active.has(key) || !c.fire) continue;
        const prev = repo.last(key);
        const recentEnough = prev?.resolvedAt ? now - Date.parse(prev.resolvedAt) < COOLDOWN_MS : false;
        let a: UsageAlert | undefined;
        if (prev && recentEnough) {
          // A flap: the same row comes back; it is told only once the key's cool-down allows.
          a = repo.reopen(prev.id, c.message);
        } else {
          a = repo.fire({
            key,
            kind: c.kind,
            severity: c.severity,
            provider: c.provider,
            title: c.title,
            message: c.message,
            firedAt: now,
            notified: false,
          });
        }
        if (!a) continue;
        active.set(key, a);
        changed = true;
        logger.info({ alert: key, severity: a.severity, message: a.message }, 'usage alert fired');
        if (tryTell(a, now) && !a.notified) active.set(key, repo.markNotified(a.id) ?? a);
      }
      for (const [key, a] of [...active]) {
        if (found.has(key)) {
          if (owed.has(key) && tryTell(a, now) && !a.notified) active.set(key, repo.markNotified(a.id) ?? a);
          continue;
        }
        // Stale tier 1 is judged only while polled: the close ends it without an all-clear.
        const unjudged = a.kind === 'stale-tier1' && !deps.polling(now);
        const message = unjudged
          ? 'Polling stopped (the session ended); tier 1 is checked again at the next session'
          : (lastSeen.get(key)?.resolvedMessage ?? `${a.title}: no longer the case`);
        repo.resolve(a.id, now, message);
        active.delete(key);
        owed.delete(key);
        changed = true;
        logger.info({ alert: key, message }, 'usage alert resolved');
        // Outages and stale quotes the user was told about get their all-clear (once per firing).
        if (
          told.delete(key) &&
          !unjudged &&
          (a.kind === 'provider-down' || a.kind === 'stale-tier1') &&
          budgetLeft(now)
        ) {
          lastNotified.set(key, now);
          notify({ title: `Resolved: ${a.title}`, body: message }, `[Quotedesk] Resolved: ${message}`, now);
        }
      }
    } catch (err) {
      logger.error({ err: String(err) }, 'usage alert evaluation failed');
    } finally {
      running = false;
    }
    if (changed) events.emit('usageAlert', event());
  };

  const schedule = () => {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      evaluate();
      pruneIfDue();
      schedule();
    }, EVALUATE_EVERY_MS);
  };

  let lastPrune = -Infinity;
  const pruneIfDue = () => {
    const now = clock.now();
    if (now - lastPrune < 3_600_000) return;
    lastPrune = now;
    const removed = repo.prune(now - KEEP_MS);
    if (removed > 0) logger.info({ removed }, 'pruned old usage alerts');
  };

  return {
    start() {
      // Tier 1 gets time to refresh after a start or a wake before it is judged stale.
      startedAt = clock.now();
      evaluate();
      pruneIfDue();
      schedule();
    },
    stop() {
      clock.clearTimeout(timer);
      clock.clearTimeout(pokeTimer);
      timer = undefined;
      pokeTimer = undefined;
    },
    poke() {
      if (pokeTimer || timer === undefined) return;
      const wait = Math.max(POKE_DELAY_MS, lastRun + MIN_GAP_MS - clock.now());
      pokeTimer = clock.setTimeout(() => {
        pokeTimer = undefined;
        evaluate();
      }, wait);
    },
    evaluate,
    event,
  };
}
