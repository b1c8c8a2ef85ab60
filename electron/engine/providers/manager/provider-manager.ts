// The provider manager: every call to every provider passes here, inside its plan, in priority order.
import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import type { RateWindow } from '../../../../shared/contract';
import type { ProviderId } from '../../../../shared/quote';
import { sleep, type Clock, type TimerHandle } from '../../clock';
import type { Logger } from '../../logger';
import { rejectReason } from '../../quote-service';
import type { FetchPriority, GatewayQuote, GatewayResult, ProviderCapacity, QuoteGateway } from '../gateway';
import type { ProviderHoliday, ProviderMarketStatus, ProviderProfile, QuoteProvider } from '../types';
import { ProviderError } from '../types';
import { nextDayStartIn } from '../zoned-time';
import { createBreaker, type Breaker, type BreakerOptions, type BreakerState } from './breaker';
import type { UsageRepo } from './usage-repo';
import { createWindowGate, DEFAULT_DAY_RULE, type DayRule, type WindowGate, type WindowUse } from './window-gate';

/** A provider client as the manager drives it: the interface plus optional naming for usage rows. */
export type ManagedProvider = QuoteProvider & {
  endpointFor?(op: string, symbolCount?: number): string;
};

export type ProviderEntry = {
  provider: ManagedProvider;
  /** keyIdOf(key): limits and pauses belong to a key. Empty for the simulated feed. */
  keyId: string;
  /** Symbols the provider's stream can carry (0 without a stream). */
  streamSymbolCap?: number;
  /** Record calls in SQLite (real providers); the simulated feed keeps them in memory only. */
  persist?: boolean;
};

export type ManagerOptions = {
  clock: Clock;
  logger: Logger;
  /** Where calls and pauses are kept; null keeps everything in memory (tests of pure logic). */
  usage: UsageRepo | null;
  /** Calls one provider may have in flight at once. */
  maxConcurrent?: number;
  /** Retries after a timeout, a 5xx or a network error (never after an answer). */
  maxRetries?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  breaker?: Omit<BreakerOptions, 'clock'>;
  /** How long a crashed call is assumed to have lasted (it counts against the windows). */
  requestTimeoutMs?: number;
  dayRule?: DayRule;
  /** A wait for a window longer than this is not worth it: fall back (default 1 hour). */
  maxWindowWaitMs?: number;
  /** Told of every call that ended (metrics and the health screen). */
  onCall?: (call: CallRecord) => void;
};

export type CallRecord = {
  provider: ProviderId;
  endpoint: string;
  outcome: 'ok' | 'error' | 'aborted';
  kind: ProviderError['kind'] | null;
  /** On the engine's clock, from leaving the queue to the answer. */
  durationMs: number;
};

export type ProviderState = {
  id: ProviderId;
  keyId: string;
  state: 'ok' | 'paused' | 'down';
  breaker: BreakerState;
  pausedUntil: number | null;
  reason: string | null;
  /** Why it is paused (`rate_limited`, `daily_limit`, `auth`, `spent`, `breaker`), or null. */
  pauseKind: string | null;
  limits: RateWindow[];
  usage: WindowUse[];
  inFlight: number;
  queued: number;
};

export type Sourced<T> = { value: T; source: ProviderId };

export type ProviderManager = QuoteGateway & {
  /** The providers in preference order; keeps each key's windows, breaker and pause across calls. */
  setProviders(entries: ProviderEntry[]): void;
  providers(): ProviderState[];
  /** A profile from the first provider that has one (skips daily-capped plans unless told). */
  fetchProfile(
    symbol: string,
    priority: FetchPriority,
    options?: { spendDaily?: boolean; signal?: AbortSignal },
  ): Promise<Sourced<ProviderProfile | null> | null>;
  marketStatus(signal?: AbortSignal): Promise<Sourced<ProviderMarketStatus> | null>;
  marketHolidays(signal?: AbortSignal): Promise<Sourced<ProviderHoliday[]> | null>;
  /**
   * One call through a key's limits, for a key that may not be configured yet (key validation).
   * Throws ProviderUnavailable when the key's plan cannot take a call within `maxWaitMs`.
   */
  probe<T>(
    entry: ProviderEntry,
    op: string,
    call: (provider: ManagedProvider, signal: AbortSignal) => Promise<T>,
    options?: { maxWaitMs?: number },
  ): Promise<{ ok: true; value: T } | { ok: false; error: ProviderError }>;
  /** HTTP calls in flight right now (for simulations that wait for real I/O between clock steps). */
  inFlight(): number;
  /** Called when a provider is paused, resumed, or its breaker changes state. */
  onChange(listener: () => void): () => void;
  /** Refuses new calls, drops queued ones and aborts those in flight. */
  close(): void;
  /** Resolves once no call is in flight (their usage rows are written). */
  drained(): Promise<void>;
};

/** Thrown to a waiter when a provider cannot take its call now; the caller falls back. */
export class ProviderUnavailable extends Error {
  readonly provider: ProviderId;
  /** When it may serve again (epoch ms), or null when that is not known. */
  readonly until: number | null;
  /** Why: a pause's kind (`rate_limited`, `daily_limit`, `auth`), `breaker`, `spent`, `busy`, `stopped`, `removed`. */
  readonly kind: string;
  constructor(provider: ProviderId, reason: string, until: number | null, kind: string) {
    super(reason);
    this.name = 'ProviderUnavailable';
    this.provider = provider;
    this.until = until;
    this.kind = kind;
  }
}

const RANK: Record<FetchPriority, number> = { 'on-demand': 0, tier1: 1, tier2: 2, tier3: 3 };
/** An auth failure pauses a key until it is replaced. */
const UNTIL_KEY_CHANGES = 8.64e15;

type Pause = { until: number; kind: string; reason: string };

type Waiter = {
  rank: number;
  seq: number;
  resolve: (ticket: number) => void;
  reject: (err: unknown) => void;
  cleanup: () => void;
};

type Slot = {
  key: string;
  entry: ProviderEntry;
  gate: WindowGate;
  breaker: Breaker;
  breakerSeen: BreakerState;
  pause: Pause | null;
  queue: Waiter[];
  running: number;
  timer: TimerHandle | undefined;
};

type Outcome<T> = { ok: true; value: T } | { ok: false; error: ProviderError };

/**
 * One signal that aborts when either does, detached again by `release()`. Not AbortSignal.any:
 * on Node 22 every signal it makes stays registered with the manager's long-lived stop signal,
 * so a day of calls grew the heap and slowed each new call (measured in provider-manager.heap.test.ts).
 */
function linkSignals(a: AbortSignal, b: AbortSignal): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onA = () => controller.abort(a.reason);
  const onB = () => controller.abort(b.reason);
  if (a.aborted) onA();
  else if (b.aborted) onB();
  a.addEventListener('abort', onA, { once: true });
  b.addEventListener('abort', onB, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      a.removeEventListener('abort', onA);
      b.removeEventListener('abort', onB);
    },
  };
}

function iso(t: number): string {
  return new Date(t).toISOString();
}

export function createProviderManager(options: ManagerOptions): ProviderManager {
  const { clock, logger, usage } = options;
  const maxConcurrent = options.maxConcurrent ?? 4;
  const maxRetries = options.maxRetries ?? 2;
  const dayRule = options.dayRule ?? DEFAULT_DAY_RULE;
  const maxWindowWaitMs = options.maxWindowWaitMs ?? 3_600_000;
  const retryFactory = new ExponentialBackoff({
    initialDelay: options.retryInitialMs ?? 500,
    maxDelay: options.retryMaxMs ?? 8_000,
  });
  const slots = new Map<string, Slot>();
  let active: Slot[] = [];
  let seq = 0;
  let inFlightTotal = 0;
  let closed = false;
  const stop = new AbortController();
  const listeners = new Set<() => void>();
  let idle: (() => void)[] = [];
  if (usage) {
    const abandoned = usage.abandonPending(options.requestTimeoutMs ?? 10_000);
    if (abandoned > 0) logger.warn({ abandoned }, 'provider calls left pending by a previous run count as spent');
  }

  const changed = () => {
    for (const l of listeners) {
      try {
        l();
      } catch (err) {
        logger.error({ err: String(err) }, 'provider change listener failed');
      }
    }
  };

  const persistOf = (s: Slot) => usage !== null && s.entry.persist !== false;
  const idOf = (s: Slot) => s.entry.provider.id;
  const redact = (s: Slot, text: string) => {
    const r = (s.entry.provider as { redact?: (t: string) => string }).redact;
    return r ? r(text) : text;
  };

  const createSlot = (entry: ProviderEntry): Slot => {
    const id = entry.provider.id;
    const key = `${id}:${entry.keyId}`;
    const now = clock.now();
    const persisted = usage !== null && entry.persist !== false;
    const history = persisted ? usage.history(id, entry.keyId, now - 2 * 86_400_000 - dayRule.marginMs) : [];
    const stored = persisted ? usage.pause(id, entry.keyId) : undefined;
    const slot: Slot = {
      key,
      entry,
      gate: createWindowGate(entry.provider.limits, { dayRule, history }),
      breaker: createBreaker({ clock, ...options.breaker }),
      breakerSeen: 'closed',
      pause: stored && stored.until > now ? stored : null,
      queue: [],
      running: 0,
      timer: undefined,
    };
    if (slot.pause)
      logger.info({ provider: id, until: iso(slot.pause.until), reason: slot.pause.reason }, 'provider still paused');
    slots.set(key, slot);
    return slot;
  };

  const slotFor = (entry: ProviderEntry): Slot => slots.get(`${entry.provider.id}:${entry.keyId}`) ?? createSlot(entry);

  const longestSliding = (limits: RateWindow[]) =>
    Math.max(1_000, ...limits.filter((w) => w.unit !== 'day').map((w) => w.windowMs));

  /** The later of the provider's possible midnights: after it, a new day has started for sure. */
  const dayReset = (now: number) =>
    Math.max(...dayRule.zones.map((z) => nextDayStartIn(now - dayRule.marginMs, z) + dayRule.marginMs));

  const setPause = (slot: Slot, pause: Pause) => {
    slot.pause = pause;
    if (persistOf(slot)) usage?.setPause(idOf(slot), slot.entry.keyId, pause);
    logger.warn(
      { provider: idOf(slot), until: iso(pause.until), kind: pause.kind, reason: pause.reason },
      'provider paused',
    );
    changed();
  };

  /** Why the slot takes no call now (pause, open breaker), or null. */
  const blocked = (slot: Slot, now: number): { reason: string; until: number | null; kind: string } | null => {
    if (slot.pause) {
      if (slot.pause.until > now) return { reason: slot.pause.reason, until: slot.pause.until, kind: slot.pause.kind };
      slot.pause = null;
      if (persistOf(slot)) usage?.clearPause(idOf(slot), slot.entry.keyId);
      logger.info({ provider: idOf(slot) }, 'provider resumed');
      changed();
    }
    const b = slot.breaker.state();
    if (b !== slot.breakerSeen) {
      slot.breakerSeen = b;
      changed();
    }
    if (b === 'open') {
      return {
        reason: 'too many failed calls in a row: waiting before a probe',
        until: slot.breaker.openUntil(),
        kind: 'breaker',
      };
    }
    return null;
  };

  /** A window that would hold a call too long (a spent day): the slot is out until it resets. */
  const exhausted = (slot: Slot, now: number): { reason: string; until: number; kind: string } | null => {
    const c = slot.gate.check(now);
    if (c.canStart || c.waitMs === 0) return null;
    if (c.blockedBy?.unit !== 'day' && c.waitMs <= maxWindowWaitMs) return null;
    const until = now + c.waitMs;
    const w = c.blockedBy;
    const what = w ? `${w.limit}/${w.unit}` : 'plan';
    return { reason: `the ${what} allowance is spent; resets at ${iso(until)}`, until, kind: 'spent' };
  };

  const rejectAll = (slot: Slot, err: Error) => {
    const waiters = slot.queue;
    slot.queue = [];
    for (const w of waiters) {
      w.cleanup();
      w.reject(err);
    }
  };

  const pump = (slot: Slot): void => {
    clock.clearTimeout(slot.timer);
    slot.timer = undefined;
    while (slot.queue.length > 0) {
      const now = clock.now();
      const why = blocked(slot, now) ?? exhausted(slot, now);
      if (why) {
        rejectAll(slot, new ProviderUnavailable(idOf(slot), why.reason, why.until, why.kind));
        return;
      }
      if (slot.running >= maxConcurrent || !slot.breaker.canPass()) return;
      const c = slot.gate.check(now);
      if (!c.canStart) {
        // Calls in flight re-pump when they finish; a finished call's window is a timer.
        if (c.waitMs > 0) slot.timer = clock.setTimeout(() => pump(slot), c.waitMs);
        return;
      }
      const w = slot.queue.shift();
      if (!w) return;
      w.cleanup();
      slot.breaker.onStart();
      slot.running++;
      w.resolve(slot.gate.start(now));
    }
  };

  /** Waits for the slot to take one call of this priority; resolves with the gate ticket. */
  const acquire = (slot: Slot, priority: FetchPriority, signal?: AbortSignal): Promise<number> => {
    if (closed) return Promise.reject(new ProviderUnavailable(idOf(slot), 'stopped', null, 'stopped'));
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    const now = clock.now();
    const why = blocked(slot, now) ?? exhausted(slot, now);
    if (why) return Promise.reject(new ProviderUnavailable(idOf(slot), why.reason, why.until, why.kind));
    return new Promise<number>((resolve, reject) => {
      const rank = RANK[priority];
      const onAbort = () => {
        const i = slot.queue.indexOf(waiter);
        if (i >= 0) slot.queue.splice(i, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      const waiter: Waiter = {
        rank,
        seq: seq++,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Higher priority first; first come, first served within a priority.
      let i = slot.queue.length;
      while (i > 0 && slot.queue[i - 1]!.rank > rank) i--;
      slot.queue.splice(i, 0, waiter);
      pump(slot);
    });
  };

  const toProviderError = (slot: Slot, err: unknown): ProviderError => {
    if (err instanceof ProviderError) return err;
    const message = redact(slot, err instanceof Error ? err.message : String(err));
    return new ProviderError(idOf(slot), 'malformed', `unexpected failure: ${message}`, { cause: err });
  };

  const onFailure = (slot: Slot, err: ProviderError) => {
    const now = clock.now();
    const message = redact(slot, err.message);
    switch (err.kind) {
      case 'rate_limited': {
        // Wait out the longest short window from now: the next call cannot be refused again.
        const until = Math.max(err.retryAt ?? 0, now + longestSliding(slot.gate.limits()));
        setPause(slot, { until, kind: err.kind, reason: `limit reached, resumes at ${iso(until)}: ${message}` });
        break;
      }
      case 'daily_limit': {
        const until = Math.max(err.retryAt ?? 0, dayReset(now));
        setPause(slot, { until, kind: err.kind, reason: `daily limit reached, resets at ${iso(until)}` });
        break;
      }
      case 'auth':
        setPause(slot, { until: UNTIL_KEY_CHANGES, kind: err.kind, reason: message });
        break;
      case 'server':
      case 'timeout':
      case 'network':
      case 'malformed': {
        const before = slot.breaker.state();
        slot.breaker.failure();
        const after = slot.breaker.state();
        if (after === 'open' && before !== 'open') {
          logger.warn(
            { provider: idOf(slot), until: iso(slot.breaker.openUntil() ?? now), kind: err.kind },
            'circuit opened after repeated failures',
          );
          slot.breakerSeen = after;
          changed();
        }
        return;
      }
      default:
        break;
    }
    // An answer, even a refusal, shows the provider is reachable.
    slot.breaker.success();
  };

  /** Runs one admitted call: records it, classifies its outcome, frees the window slot. */
  const execute = async <T>(
    slot: Slot,
    ticket: number,
    op: string,
    symbols: string[],
    priority: FetchPriority | null,
    fn: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<Outcome<T>> => {
    const provider = slot.entry.provider;
    const startedAt = clock.now();
    const endpoint = provider.endpointFor?.(op, symbols.length) ?? op;
    const rowId = persistOf(slot)
      ? usage!.begin({
          provider: provider.id,
          keyId: slot.entry.keyId,
          endpoint,
          symbols,
          priority,
          cost: 1,
          startedAt,
        })
      : null;
    const finish = (
      status: 'ok' | 'error',
      kind: ProviderError['kind'] | 'aborted' | null,
      httpStatus: number | null,
    ) => {
      const finishedAt = clock.now();
      if (rowId !== null) usage!.finish(rowId, { status, errorKind: kind, httpStatus, finishedAt });
      options.onCall?.({
        provider: provider.id,
        endpoint,
        outcome: kind === 'aborted' ? 'aborted' : status,
        kind: kind === 'aborted' ? null : kind,
        durationMs: finishedAt - startedAt,
      });
    };
    inFlightTotal++;
    const link = signal ? linkSignals(signal, stop.signal) : null;
    const combined = link?.signal ?? stop.signal;
    const wasState = slot.breaker.state();
    try {
      const value = await fn(combined);
      slot.breaker.success();
      if (wasState !== 'closed' && slot.breaker.state() === 'closed') {
        logger.info({ provider: provider.id }, 'circuit closed: the probe succeeded');
        slot.breakerSeen = 'closed';
        changed();
      }
      finish('ok', null, null);
      return { ok: true, value };
    } catch (err) {
      if (combined.aborted) {
        finish('error', 'aborted', null);
        throw err;
      }
      const pe = toProviderError(slot, err);
      finish('error', pe.kind, pe.status ?? null);
      logger.warn(
        { provider: provider.id, endpoint, kind: pe.kind, err: redact(slot, pe.message) },
        'provider call failed',
      );
      onFailure(slot, pe);
      return { ok: false, error: pe };
    } finally {
      link?.release();
      slot.gate.finish(ticket, clock.now());
      slot.running--;
      inFlightTotal--;
      if (inFlightTotal === 0) {
        const waiting = idle;
        idle = [];
        for (const w of waiting) w();
      }
      pump(slot);
    }
  };

  /** Acquire + execute with retries (timeouts, 5xx, network only) and jittered backoff. */
  const callWithRetry = async <T>(
    slot: Slot,
    op: string,
    symbols: string[],
    priority: FetchPriority,
    fn: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<Outcome<T> | ProviderUnavailable> => {
    let backoff: IBackoff<unknown> | undefined;
    for (let attempt = 0; ; attempt++) {
      let ticket: number;
      try {
        ticket = await acquire(slot, priority, signal);
      } catch (err) {
        if (err instanceof ProviderUnavailable) return err;
        throw err;
      }
      const r = await execute(slot, ticket, op, symbols, priority, fn, signal);
      if (r.ok || !r.error.transient || attempt >= maxRetries || slot.breaker.state() !== 'closed') return r;
      backoff = backoff ? backoff.next(undefined) : retryFactory.next();
      await sleep(clock, Math.round(backoff.duration), signal);
    }
  };

  const quotesFrom = async (
    slot: Slot,
    chunk: string[],
    priority: FetchPriority,
    signal?: AbortSignal,
  ): Promise<{ quotes: GatewayQuote[]; unknown: string[]; failed: string[] }> => {
    const provider = slot.entry.provider;
    const r = await callWithRetry(
      slot,
      'quotes',
      chunk,
      priority,
      (s) => provider.fetchQuotes(chunk, { signal: s }),
      signal,
    );
    if (r instanceof ProviderUnavailable || !r.ok) return { quotes: [], unknown: [], failed: chunk };
    const asked = new Set(chunk);
    const quotes: GatewayQuote[] = [];
    for (const q of r.value.quotes) {
      // Defence in depth: the parsers promise sound quotes; nothing else reaches the store.
      const why = asked.has(q.symbol) ? rejectReason(q) : 'not asked for';
      if (why === null) quotes.push({ ...q, source: provider.id });
      else logger.warn({ provider: provider.id, symbol: q.symbol, reason: why }, 'provider quote dropped');
    }
    const got = new Set(quotes.map((q) => q.symbol));
    const unknown = r.value.unknown.filter((s) => asked.has(s) && !got.has(s));
    const known = new Set(unknown);
    return { quotes, unknown, failed: chunk.filter((s) => !got.has(s) && !known.has(s)) };
  };

  const usable = (slot: Slot, now: number) => !blocked(slot, now) && !exhausted(slot, now);

  const fetchQuotes = async (
    symbols: string[],
    priority: FetchPriority,
    signal?: AbortSignal,
  ): Promise<GatewayResult> => {
    const wanted = [...new Set(symbols)];
    const quotes: GatewayQuote[] = [];
    const got = new Set<string>();
    const saidUnknown = new Set<string>();
    let remaining = wanted;
    for (const slot of [...active]) {
      if (remaining.length === 0) break;
      if (!usable(slot, clock.now())) continue;
      const size = Math.max(1, slot.entry.provider.capabilities.bulkSize);
      const chunks: string[][] = [];
      for (let i = 0; i < remaining.length; i += size) chunks.push(remaining.slice(i, i + size));
      const results = await Promise.all(chunks.map((c) => quotesFrom(slot, c, priority, signal)));
      for (const r of results) {
        for (const q of r.quotes) {
          if (got.has(q.symbol)) continue;
          got.add(q.symbol);
          quotes.push(q);
        }
        for (const s of r.unknown) saidUnknown.add(s);
      }
      // Unknown here may be known to the next provider; failed here may succeed there.
      remaining = remaining.filter((s) => !got.has(s));
    }
    return {
      quotes,
      unknown: remaining.filter((s) => saidUnknown.has(s)),
      failed: remaining.filter((s) => !saidUnknown.has(s)),
    };
  };

  const firstAnswer = async <T>(
    op: string,
    supports: (p: ManagedProvider) => boolean,
    call: (p: ManagedProvider, signal: AbortSignal) => Promise<T>,
    priority: FetchPriority,
    signal?: AbortSignal,
    skip: (slot: Slot) => boolean = () => false,
  ): Promise<Sourced<T> | null> => {
    for (const slot of [...active]) {
      const p = slot.entry.provider;
      if (!supports(p) || skip(slot) || !usable(slot, clock.now())) continue;
      const r = await callWithRetry(slot, op, [], priority, (s) => call(p, s), signal);
      if (!(r instanceof ProviderUnavailable) && r.ok) return { value: r.value, source: p.id };
    }
    return null;
  };

  const stateOf = (slot: Slot, now: number): ProviderState => {
    const why = blocked(slot, now) ?? exhausted(slot, now);
    const b = slot.breaker.state();
    const down = slot.pause?.kind === 'auth' || b === 'open';
    return {
      id: idOf(slot),
      keyId: slot.entry.keyId,
      state: down ? 'down' : why ? 'paused' : 'ok',
      breaker: b,
      pausedUntil: why?.until !== undefined && why.until !== null && why.until < UNTIL_KEY_CHANGES ? why.until : null,
      reason: why?.reason ?? null,
      pauseKind: why?.kind ?? null,
      limits: slot.gate.limits(),
      usage: slot.gate.use(now),
      inFlight: slot.running,
      queued: slot.queue.length,
    };
  };

  return {
    fetchQuotes,
    capacity(): ProviderCapacity[] {
      const now = clock.now();
      return active
        .filter((s) => s.pause?.kind !== 'auth')
        .map((s) => {
          const st = stateOf(s, now);
          const caps = s.entry.provider.capabilities;
          return {
            id: st.id,
            limits: st.limits,
            bulkSize: caps.bulkSize,
            streaming: caps.streaming,
            streamSymbolCap: caps.streaming ? (s.entry.streamSymbolCap ?? 0) : 0,
            pausedUntil: st.pausedUntil,
            used: st.usage.map((u) => u.used),
          };
        });
    },
    nextSlotIn(priority) {
      const now = clock.now();
      const rank = RANK[priority];
      let best = Infinity;
      for (const slot of active) {
        const why = blocked(slot, now) ?? exhausted(slot, now);
        if (why) {
          if (why.until !== null && why.until < UNTIL_KEY_CHANGES) best = Math.min(best, why.until - now);
          continue;
        }
        const ahead = slot.queue.filter((w) => w.rank <= rank).length + Math.max(0, slot.running - maxConcurrent + 1);
        best = Math.min(best, slot.gate.timeForCalls(now, ahead) - now);
      }
      return Number.isFinite(best) ? Math.max(0, best) : 86_400_000;
    },
    setProviders(entries) {
      const next = entries.map((e) => {
        const slot = slotFor(e);
        slot.entry = e;
        slot.gate.setLimits(e.provider.limits);
        return slot;
      });
      for (const old of active) {
        if (!next.includes(old))
          rejectAll(old, new ProviderUnavailable(idOf(old), 'provider removed', null, 'removed'));
      }
      active = next;
      for (const s of active) pump(s);
      changed();
    },
    providers() {
      const now = clock.now();
      return active.map((s) => stateOf(s, now));
    },
    fetchProfile(symbol, priority, opts = {}) {
      return firstAnswer(
        'profile',
        () => true,
        (p, s) => p.fetchProfile(symbol, { signal: s }),
        priority,
        opts.signal,
        (slot) => !opts.spendDaily && slot.gate.limits().some((w) => w.unit === 'day'),
      );
    },
    marketStatus(signal) {
      return firstAnswer(
        'market-status',
        (p) => typeof p.marketStatus === 'function',
        (p, s) => (p.marketStatus as NonNullable<QuoteProvider['marketStatus']>)({ signal: s }),
        'tier1',
        signal,
      );
    },
    marketHolidays(signal) {
      return firstAnswer(
        'market-holiday',
        (p) => typeof p.marketHolidays === 'function',
        (p, s) => (p.marketHolidays as NonNullable<QuoteProvider['marketHolidays']>)({ signal: s }),
        'tier1',
        signal,
      );
    },
    async probe(entry, op, call, probeOptions = {}) {
      const slot = slotFor(entry);
      const now = clock.now();
      const why = blocked(slot, now) ?? exhausted(slot, now);
      if (why) throw new ProviderUnavailable(entry.provider.id, why.reason, why.until, why.kind);
      const at = slot.gate.timeForCalls(now, slot.queue.length + slot.running);
      const maxWait = probeOptions.maxWaitMs ?? 30_000;
      if (at - now > maxWait) {
        throw new ProviderUnavailable(entry.provider.id, `busy: the next free call is at ${iso(at)}`, at, 'busy');
      }
      const r = await callWithRetry(slot, op, [], 'on-demand', (s) => call(entry.provider, s));
      if (r instanceof ProviderUnavailable) throw r;
      return r;
    },
    inFlight: () => inFlightTotal,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drained() {
      return inFlightTotal === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
    },
    close() {
      closed = true;
      stop.abort(new ProviderUnavailable('simulated', 'stopped', null, 'stopped'));
      for (const s of slots.values()) {
        clock.clearTimeout(s.timer);
        rejectAll(s, new ProviderUnavailable(idOf(s), 'stopped', null, 'stopped'));
      }
    },
  };
}
