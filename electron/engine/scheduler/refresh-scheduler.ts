// Owns what is refreshed when: tier jobs, the after-close snapshot, spare calls, on-demand, persisted cursors.
import type { JobName, JobStatus, MarketSession, RefreshPlan, SchedulerStatus } from '../../../shared/contract/market';
import { ApiError } from '../../../shared/errors';
import { addDays, nyDate, nyTime, weekday, type MarketClock } from '../../../shared/market';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { FetchPriority, GatewayQuote, QuoteGateway } from '../providers/gateway';
import type { ProviderProfile } from '../providers/types';
import { createPacer, type Pacer } from './pacer';
import { DAY_MS, DEFAULT_SAFETY_MARGIN, planRefresh, type PlanAsks } from './planner';
import type { JobRow, JobRunKind, SchedulerRepo } from './scheduler-repo';
import type { TierService } from './tiers';
import type { Scheduler, ScheduledTask } from './timer';

export const JOB_NAMES: JobName[] = ['tier1', 'tier2', 'tier3', 'spare', 'reclassify', 'profiles'];

/** Order in which queued work is dispatched (on-demand always first). */
const DISPATCH_ORDER: JobName[] = ['tier1', 'tier2', 'tier3', 'profiles', 'spare'];
const PRIORITY: Record<JobName, FetchPriority> = {
  tier1: 'tier1',
  tier2: 'tier2',
  tier3: 'tier3',
  spare: 'tier3',
  profiles: 'tier3',
  reclassify: 'tier3',
};

/** A job that started this late after it was due is a catch-up (at most one per tier). */
const CATCH_UP_AFTER_MS = 60 * 60_000;
/** The weekly profile refresh: Saturday 06:00 New York, when nothing else needs the calls. */
const PROFILE_DAY = 6;
const PROFILE_MINUTES = 6 * 60;
/** Re-plan and re-check at least this often. */
const HEARTBEAT_MS = 60_000;

export type ProfileSink = {
  /** A profile, or null when no provider could give one now (it is tried once more at the end). */
  fetch(symbol: string, priority: FetchPriority, signal?: AbortSignal): Promise<ProviderProfile | null>;
  apply(profile: ProviderProfile): void;
  /** False when no configured provider gives profiles without spending a daily allowance. */
  available?: () => boolean;
  /** When each symbol's profile was last refreshed: a run skips those younger than six days. */
  refreshedAt?: () => ReadonlyMap<string, number>;
};

/** A profile refreshed this recently (a catch-up run on Monday, say) waits for next week's run. */
const PROFILE_FRESH_MS = 6 * 86_400_000;

export type RefreshSchedulerDeps = {
  clock: Clock;
  timer: Scheduler;
  logger: Logger;
  gateway: QuoteGateway;
  market: MarketClock;
  repo: SchedulerRepo;
  tiers: TierService;
  /** Stores a batch (grouped by source by the caller here). */
  ingest: (quotes: GatewayQuote[], fetchedAt: number) => void;
  /** When the stored quote of a symbol was fetched, if there is one. */
  fetchedAt: (symbol: string) => number | undefined;
  universeSize: () => number;
  extendedHours: () => boolean;
  /** The simulated feed: its market never closes. */
  alwaysOpen: () => boolean;
  asks: () => PlanAsks;
  profiles?: ProfileSink;
  safetyMargin?: number;
  maxInFlight?: number;
  onPlan?: (plan: RefreshPlan) => void;
  onProgress?: () => void;
  onSessionChange?: (session: MarketSession) => void;
};

export type RefreshAccepted = {
  symbols: string[];
  calls: number;
  estimatedDoneAt: number;
  queuedAhead: number;
};

type Job = JobRow & { list: string[]; inFlight: number };

type Work = { job: Job | null; symbols: string[]; priority: FetchPriority; profile: boolean };

type OnDemandWaiter = { pending: Set<string>; resolve: () => void };

export type RefreshScheduler = ReturnType<typeof createRefreshScheduler>;

export function createRefreshScheduler(deps: RefreshSchedulerDeps) {
  const { clock, timer, logger, gateway, market, repo, tiers } = deps;
  const margin = deps.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
  const maxInFlight = deps.maxInFlight ?? 4;

  const jobs = new Map<JobName, Job>();
  for (const name of JOB_NAMES) {
    const row: JobRow = repo.job(name) ?? {
      name,
      runId: null,
      state: 'idle',
      runKey: null,
      cursor: 0,
      total: 0,
      done: 0,
      failures: 0,
      nextRunAt: null,
      lastRunAt: null,
      lastFinishedAt: null,
      lastKey: null,
    };
    const list = row.state === 'running' ? repo.queue(name) : [];
    // Progress lives in the run record (one write per answered call); read it back on resume.
    const run = row.state === 'running' && row.runId !== null ? repo.run(row.runId) : undefined;
    jobs.set(name, {
      ...row,
      total: row.state === 'running' ? list.length : row.total,
      done: run?.refreshed ?? row.done,
      failures: run?.failed ?? row.failures,
      list,
      inFlight: 0,
    });
  }
  const job = (name: JobName): Job => {
    const j = jobs.get(name);
    if (!j) throw new Error(`no job ${name}`);
    return j;
  };

  let plan: RefreshPlan | undefined;
  let appliedSizes = { 1: -1, 2: -1 };
  let pacer: Pacer | undefined;
  let lastSession: MarketSession | undefined;
  let lastReplan = -Infinity;
  let wake: ScheduledTask | undefined;
  let wakeAt = Infinity;
  let running = false;
  let abandoned = false;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();
  const onDemand = new Set<string>();
  /** Symbols already given their second try in the current once-a-day runs. */
  const retried = new Set<string>();
  const onDemandWaiters: OnDemandWaiter[] = [];
  let bucket = { tokens: 0, at: -Infinity };

  timer.onWake((ms) => {
    logger.info({ sleptMinutes: Math.round(ms / 60_000) }, 'woke after a sleep: each job catches up at most once');
  });

  const sessionAt = (now: number): MarketSession => (deps.alwaysOpen() ? 'regular' : market.sessionAt(now));
  const polling = (session: MarketSession) =>
    deps.alwaysOpen() || session === 'regular' || (deps.extendedHours() && session !== 'closed');
  const bulk = () => Math.max(1, gateway.capacity()[0]?.bulkSize ?? 1);

  const replan = (now: number) => {
    const caps = gateway.capacity();
    const next = planRefresh({
      capacities: caps,
      universe: deps.universeSize(),
      pinned: tiers.pinnedCounts(),
      asks: deps.asks(),
      session: sessionAt(now),
      alwaysOpen: deps.alwaysOpen(),
      extendedHours: deps.extendedHours(),
      safetyMargin: margin,
    });
    plan = next;
    lastReplan = now;
    const sizes = { 1: next.tiers[0]?.symbols ?? 0, 2: next.tiers[1]?.symbols ?? 0 };
    if (sizes[1] !== appliedSizes[1] || sizes[2] !== appliedSizes[2]) {
      const changed = tiers.resize(sizes, now);
      appliedSizes = sizes;
      if (changed > 0) logger.info({ changed, sizes }, 'tiers resized to the plan');
    }
    const limits = caps[0]?.limits ?? [];
    const config = { limits, safetyMargin: margin, pacePerMinute: next.pacePerMinute };
    if (pacer) pacer.configure(config);
    else {
      pacer = createPacer(config);
      // Calls sent before a restart still count in their windows.
      for (const ts of repo.dispatchesSince(now - pacer.longestWindowMs())) pacer.record(ts, true);
    }
    deps.onPlan?.(next);
    return next;
  };
  const currentPlan = (now: number) => plan ?? replan(now);

  // --- runs -------------------------------------------------------------------------------

  const startRun = (
    j: Job,
    kind: JobRunKind,
    symbols: string[],
    now: number,
    runKey: string | null,
    nextRunAt: number | null,
  ) => {
    const row = repo.startRun(
      {
        name: j.name,
        runKey,
        nextRunAt,
        lastRunAt: now,
        lastFinishedAt: j.lastFinishedAt,
        lastKey: j.lastKey,
      },
      kind,
      symbols,
      now,
    );
    Object.assign(j, row, { list: symbols, inFlight: 0 });
    if (j.name === 'tier3' || j.name === 'profiles') for (const s of symbols) retried.delete(s);
    if (kind === 'catch-up') logger.info({ job: j.name, symbols: symbols.length }, 'catching up once');
    deps.onProgress?.();
  };

  const finishRun = (j: Job, status: 'done' | 'superseded', now: number, note: string | null) => {
    const row = repo.finishRun(j, status, now, note);
    Object.assign(j, row, { list: [], inFlight: 0 });
    deps.onProgress?.();
  };

  const maybeFinish = (j: Job, now: number) => {
    if (j.state === 'running' && j.cursor >= j.total && j.inFlight === 0) {
      finishRun(j, 'done', now, null);
      // The next cycle may already be due (a long cycle) or comes at its time.
      if (j.nextRunAt !== null) armWake(Math.max(now, j.nextRunAt));
      else armWake(now);
    }
  };

  const setNextRun = (j: Job, at: number | null) => {
    if (j.nextRunAt === at) return;
    j.nextRunAt = at;
    repo.setNextRun(j.name, at);
  };

  /** The last trading day whose sessions are all over by `now`. */
  const lastCompletedDay = (now: number): { date: string; endedAt: number } => {
    let close = market.previousClose(now);
    for (let i = 0; i < 3; i++) {
      const end = market.day(close.date).sessions.at(-1)?.end ?? close.at;
      if (end <= now) return { date: close.date, endedAt: end };
      close = market.previousClose(close.at - 1);
    }
    return { date: close.date, endedAt: close.at };
  };

  /** A tier's members with its pinned symbols (what the user watches) first: the stream takes the head. */
  const streamOrder = (tier: 1 | 2): string[] => {
    const members = tiers.members(tier);
    const pinned = members.filter((s) => tiers.reason(s)?.reason === 'pinned');
    if (pinned.length === 0) return members;
    const set = new Set(pinned);
    return [...pinned, ...members.filter((s) => !set.has(s))];
  };

  const evaluate = (now: number) => {
    const p = currentPlan(now);
    const session = sessionAt(now);
    const polls = polling(session);

    // Tiers 1 and 2: fixed cadence while polling; a missed cycle is caught up once, then the
    // cadence restarts from now (never a burst of every missed cycle).
    for (const [name, idx] of [
      ['tier1', 0],
      ['tier2', 1],
    ] as const) {
      const j = job(name);
      const tp = p.tiers[idx];
      if (!tp || !polls || tp.symbols <= 0) {
        if (j.state === 'running')
          finishRun(j, 'superseded', now, polls ? 'tier is empty' : `not polled while ${session}`);
        setNextRun(j, null);
        continue;
      }
      if (j.state === 'running') continue;
      if (j.nextRunAt === null || now >= j.nextRunAt) {
        const late = j.nextRunAt !== null && now - j.nextRunAt >= tp.intervalMs;
        const next = j.nextRunAt === null || late ? now + tp.intervalMs : j.nextRunAt + tp.intervalMs;
        // Streamed symbols cost no calls while the stream keeps them fresh. One it did not (the
        // day's first quote, which a trade cannot start; a quiet symbol; a stream that is down)
        // is polled with the rest.
        const ordered = streamOrder(idx === 0 ? 1 : 2);
        const lapsed = ordered
          .slice(0, tp.streamed)
          .filter((s) => (deps.fetchedAt(s) ?? -Infinity) < now - tp.intervalMs);
        const members = [...lapsed, ...ordered.slice(tp.streamed)];
        if (members.length === 0) {
          setNextRun(j, next);
          continue;
        }
        startRun(j, late ? 'catch-up' : 'scheduled', members, now, null, next);
      }
    }

    // Tier 3: one snapshot after each close (tiers 1 and 2 too unless they poll the post session).
    const t3 = job('tier3');
    if (deps.alwaysOpen()) {
      if (t3.state === 'running') finishRun(t3, 'superseded', now, 'the simulated market never closes');
    } else {
      const close = market.previousClose(now);
      if (t3.state === 'running' && t3.runKey !== close.date) {
        finishRun(t3, 'superseded', now, `a newer close (${close.date}) needs its own snapshot`);
      }
      // A daily allowance left over after the close goes to the snapshot; once the tiers poll
      // again the day's calls are theirs.
      const dailyBound = (gateway.capacity()[0]?.limits ?? []).some((w) => w.windowMs >= DAY_MS);
      if (t3.state === 'running' && dailyBound && polls && now - close.at > 12 * 3_600_000) {
        finishRun(t3, 'superseded', now, 'the daily allowance is needed by the tiers again');
      }
      if (
        t3.state !== 'running' &&
        t3.lastKey !== close.date &&
        !(dailyBound && polls && now - close.at > 12 * 3_600_000)
      ) {
        const symbols = deps.extendedHours() ? tiers.members(3) : tiers.byTier();
        startRun(t3, now - close.at > CATCH_UP_AFTER_MS ? 'catch-up' : 'scheduled', symbols, now, close.date, null);
      }
      setNextRun(t3, t3.state === 'running' ? null : market.nextClose(now).at);
    }

    // Profiles: weekly, Saturday morning, when a provider can give them.
    const pr = job('profiles');
    const profilesOn = deps.profiles !== undefined && (deps.profiles.available?.() ?? true);
    if (!profilesOn) {
      if (pr.state === 'running') finishRun(pr, 'superseded', now, 'no provider gives profiles now');
      setNextRun(pr, null);
    } else {
      const today = nyDate(now);
      const saturday = addDays(today, -((weekday(today) - PROFILE_DAY + 7) % 7));
      const due = nyTime(saturday, PROFILE_MINUTES);
      const key = now >= due ? saturday : addDays(saturday, -7);
      if (pr.lastKey === null && pr.state !== 'running') {
        // First start: the universe file's share counts serve until the next Saturday.
        pr.lastKey = key;
        repo.saveJob(pr);
      } else if (pr.state !== 'running' && pr.lastKey !== key && !polls) {
        // Missed (the app was off on Saturday): caught up once, but only while nothing is polled,
        // so a Monday start does not take the session's spare calls.
        const kind = now - nyTime(key, PROFILE_MINUTES) > CATCH_UP_AFTER_MS ? 'catch-up' : 'scheduled';
        const seen = deps.profiles?.refreshedAt?.() ?? new Map<string, number>();
        const symbols = tiers.byTier().filter((s) => now - (seen.get(s) ?? -Infinity) >= PROFILE_FRESH_MS);
        startRun(pr, kind, symbols, now, key, null);
        maybeFinish(pr, now);
      }
      setNextRun(pr, pr.state === 'running' ? null : nyTime(addDays(saturday, 7), PROFILE_MINUTES));
    }

    // Spare calls go to the stalest symbols outside tier 1, never refreshing one more often than
    // tier 1 is (the simulated feed: tier 3 at its own interval). Off while a snapshot runs (it
    // covers the same symbols) and when the plan has none to give.
    const sp = job('spare');
    const t3plan = p.tiers[2];
    const floor = deps.alwaysOpen() ? (t3plan?.intervalMs ?? 60_000) : (p.tiers[0]?.intervalMs ?? 5 * 60_000);
    const spareOn = polls && p.sparePerMinute > 0 && t3.state !== 'running' && (t3plan?.symbols ?? 0) > 0;
    if (!spareOn) {
      if (sp.state === 'running') finishRun(sp, 'superseded', now, 'no spare calls now');
      setNextRun(sp, null);
    } else if (sp.state !== 'running' && (sp.nextRunAt === null || now >= sp.nextRunAt)) {
      // A pass starts once a worthwhile batch is due (a full call, or a tenth of tier 3), so
      // symbols coming due one by one do not make one run each.
      const members = deps.alwaysOpen() ? tiers.members(3) : [...tiers.members(2), ...tiers.members(3)];
      const times = members.map((s) => ({ s, t: deps.fetchedAt(s) ?? -Infinity }));
      times.sort((a, b) => a.t - b.t || (a.s < b.s ? -1 : 1));
      const threshold = Math.min(members.length, Math.max(bulk(), Math.ceil(members.length / 10)));
      const due = times.filter((x) => x.t <= now - floor);
      const oldest = times[0];
      if (due.length >= threshold || (oldest !== undefined && oldest.t <= now - 2 * floor)) {
        startRun(
          sp,
          'scheduled',
          due.map((d) => d.s),
          now,
          null,
          null,
        );
        setNextRun(sp, null);
      } else {
        const at = times[threshold - 1]?.t;
        setNextRun(sp, at === undefined || !Number.isFinite(at) ? null : Math.max(now + 1000, at + floor));
      }
    }

    // Daily reclassification after each trading day (also the first classification).
    const rc = job('reclassify');
    const day = lastCompletedDay(now);
    if (rc.lastKey !== day.date || tiers.needsRanking()) {
      const kind: JobRunKind = rc.lastKey !== null && now - day.endedAt > CATCH_UP_AFTER_MS ? 'catch-up' : 'scheduled';
      startRun(rc, kind, [], now, day.date, null);
      const changed = tiers.reclassify(now);
      appliedSizes = { 1: -1, 2: -1 };
      replan(now);
      finishRun(rc, 'done', now, `${changed} symbols changed tier`);
    }
    const nextDay = market.nextClose(now);
    setNextRun(rc, market.day(nextDay.date).sessions.at(-1)?.end ?? nextDay.at);
  };

  // --- dispatch ---------------------------------------------------------------------------

  const pick = (): Work | null => {
    const size = bulk();
    if (onDemand.size > 0) {
      const symbols = [...onDemand].slice(0, size);
      return { job: null, symbols, priority: 'on-demand', profile: false };
    }
    for (const name of DISPATCH_ORDER) {
      const j = job(name);
      if (j.state !== 'running' || j.cursor >= j.total) continue;
      const n = name === 'profiles' ? 1 : size;
      return {
        job: j,
        symbols: j.list.slice(j.cursor, j.cursor + n),
        priority: PRIORITY[name],
        profile: name === 'profiles',
      };
    }
    return null;
  };

  const completeOnDemand = (symbols: string[]) => {
    for (let i = onDemandWaiters.length - 1; i >= 0; i--) {
      const w = onDemandWaiters[i];
      if (!w) continue;
      for (const s of symbols) w.pending.delete(s);
      if (w.pending.size === 0) {
        onDemandWaiters.splice(i, 1);
        w.resolve();
      }
    }
  };

  const dispatch = (work: Work, now: number) => {
    const j = work.job;
    const runId = j?.runId ?? null;
    pacer?.record(now, j === null);
    if (j) {
      j.cursor += work.symbols.length;
      j.inFlight++;
      // Write-ahead: after a crash these positions are never sent again.
      repo.advanceCursor(j.name, j.cursor, now, work.symbols.length);
    } else {
      for (const s of work.symbols) onDemand.delete(s);
      repo.recordDispatch('on-demand', now, work.symbols.length);
    }
    inFlight++;
    const controller = new AbortController();
    controllers.add(controller);
    const call = (async () => {
      let refreshed = 0;
      let failed = 0;
      let retry: string[] = [];
      try {
        if (work.profile) {
          const symbol = work.symbols[0] ?? '';
          const profile = await deps.profiles?.fetch(symbol, work.priority, controller.signal);
          if (abandoned) return;
          if (profile) {
            deps.profiles?.apply(profile);
            refreshed = 1;
          } else failed = 1;
        } else {
          const result = await gateway.fetchQuotes(work.symbols, work.priority, controller.signal);
          if (abandoned) return;
          if (result.quotes.length > 0) deps.ingest(result.quotes, clock.now());
          refreshed = result.quotes.length;
          failed = result.failed.length + result.unknown.length;
          retry = result.failed;
        }
      } catch (err) {
        if (abandoned) return;
        failed = work.symbols.length;
        retry = work.symbols;
        logger.warn({ job: j?.name ?? 'on-demand', err: String(err) }, 'refresh call failed');
      } finally {
        controllers.delete(controller);
      }
      if (j) {
        // A superseded run's late answers are stored but no longer counted against the new run.
        if (j.runId === runId) {
          j.inFlight--;
          j.done += refreshed;
          j.failures += failed;
          repo.progress(runId, { refreshed, failed });
          // Once-a-day work gets one more try at the end of its run (a blip must not cost a day).
          if ((j.name === 'tier3' || j.name === 'profiles') && retry.length > 0) {
            const again = retry.filter((s) => !retried.has(s));
            for (const s of again) retried.add(s);
            if (again.length > 0) {
              repo.appendQueue(j.name, j.total, again);
              j.list.push(...again);
              j.total += again.length;
            }
          }
          maybeFinish(j, clock.now());
        }
      } else completeOnDemand(work.symbols);
    })();
    const tracked = call.finally(() => {
      inFlight--;
      pending.delete(tracked);
      if (running && !abandoned) pump();
    });
    pending.add(tracked);
  };

  const pump = () => {
    if (!running || abandoned) return;
    const now = clock.now();
    while (inFlight < maxInFlight) {
      const work = pick();
      if (!work) return;
      const ours = pacer ? pacer.waitFor(work.job === null, now) : 0;
      const theirs = gateway.nextSlotIn(work.priority);
      const wait = Math.max(ours, theirs);
      if (wait > 0) {
        armWake(now + (Number.isFinite(wait) ? wait : HEARTBEAT_MS));
        return;
      }
      dispatch(work, now);
    }
  };

  const armWake = (at: number) => {
    if (!running || abandoned) return;
    if (wake && at >= wakeAt) return;
    timer.cancel(wake);
    wakeAt = at;
    wake = timer.at(at, () => {
      wake = undefined;
      wakeAt = Infinity;
      tick();
    });
  };

  const tick = () => {
    if (!running || abandoned) return;
    const now = clock.now();
    const session = sessionAt(now);
    if (session !== lastSession) {
      const first = lastSession === undefined;
      lastSession = session;
      replan(now);
      if (!first) logger.info({ session }, 'market session changed');
      deps.onSessionChange?.(session);
    } else if (now - lastReplan >= HEARTBEAT_MS) {
      replan(now);
    }
    evaluate(now);
    pump();
    let next = now + HEARTBEAT_MS;
    if (!deps.alwaysOpen()) next = Math.min(next, market.segmentAt(now).end);
    for (const j of jobs.values())
      if (j.nextRunAt !== null && j.state !== 'running') next = Math.min(next, j.nextRunAt);
    armWake(Math.max(now, next));
  };

  // --- on-demand --------------------------------------------------------------------------

  const bucketCapacity = () => Math.max(1, (plan?.reservePerMinute ?? 1) * 5);
  const refill = (now: number) => {
    const rate = (plan?.reservePerMinute ?? 0) / 60_000;
    const cap = bucketCapacity();
    bucket = {
      tokens: bucket.at === -Infinity ? cap : Math.min(cap, bucket.tokens + (now - bucket.at) * rate),
      at: now,
    };
  };

  const enqueue = (symbols: string[]): Promise<void> => {
    const fresh = symbols.filter((s) => !onDemand.has(s));
    for (const s of symbols) onDemand.add(s);
    const done = new Promise<void>((resolve) => {
      if (symbols.length === 0) resolve();
      else onDemandWaiters.push({ pending: new Set(symbols), resolve });
    });
    const now = clock.now();
    refill(now);
    bucket.tokens = Math.max(-bucketCapacity(), bucket.tokens - Math.ceil(fresh.length / bulk()));
    if (running) armWake(now);
    return done;
  };

  return {
    start() {
      if (running) return;
      running = true;
      abandoned = false;
      const resumed = [...jobs.values()].filter((j) => j.state === 'running');
      for (const j of resumed) {
        if (j.runId !== null) repo.markResumed(j.runId);
        logger.info({ job: j.name, cursor: j.cursor, total: j.total }, 'resuming a run where it stopped');
      }
      tick();
    },
    /** Stops timers and cancels calls; runs stay persisted and resume on the next start. */
    async stop() {
      running = false;
      timer.cancel(wake);
      wake = undefined;
      wakeAt = Infinity;
      for (const c of controllers) c.abort(new Error('stopping'));
      await Promise.allSettled([...pending]);
      for (const w of onDemandWaiters.splice(0)) w.resolve();
    },
    /** For crash tests: everything stops at once and nothing more is written. */
    abandon() {
      abandoned = true;
      running = false;
      timer.cancel(wake);
      wake = undefined;
      for (const c of controllers) c.abort(new Error('abandoned'));
    },
    /** Waits for every call in flight (simulations advance time only when nothing is in flight). */
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    inFlight: () => inFlight,
    /** Internal refreshes (a quote nobody had, a symbol just added): queued first, never refused. */
    refreshNow: (symbols: string[]) => enqueue(symbols),
    /** `POST /market-data/refresh`: accepted within the on-demand reserve, or 429 with when. */
    requestRefresh(symbols: string[]): RefreshAccepted {
      const now = clock.now();
      currentPlan(now);
      refill(now);
      const unique = [...new Set(symbols)];
      const size = bulk();
      const calls = Math.ceil(unique.length / size);
      const cap = bucketCapacity();
      const rate = (plan?.reservePerMinute ?? 0) / 60_000;
      if (calls > Math.floor(cap)) {
        throw new ApiError(
          'bad_request',
          `this plan refreshes at most ${Math.floor(cap) * size} symbols at once on demand; ask for fewer`,
        );
      }
      if (calls > bucket.tokens) {
        const retryAfter = rate > 0 ? Math.ceil((calls - bucket.tokens) / rate / 1000) : 60;
        throw new ApiError(
          'rate_limited',
          `the on-demand reserve is spent; ${unique.length} symbols can be refreshed in ${retryAfter} s`,
          retryAfter,
        );
      }
      const ahead = Math.ceil(onDemand.size / size);
      void enqueue(unique);
      const at = pacer ? pacer.estimate(ahead + calls, now) : now;
      return { symbols: unique, calls, estimatedDoneAt: at + 1000, queuedAhead: ahead };
    },
    /** Watchlists or portfolios changed: new pins reshape the tiers at once. */
    pinsChanged() {
      const now = clock.now();
      appliedSizes = { 1: -1, 2: -1 };
      replan(now);
      if (running) armWake(now);
    },
    /** Overrides or poll intervals changed. */
    replanNow() {
      const now = clock.now();
      appliedSizes = { 1: -1, 2: -1 };
      const p = replan(now);
      if (running) armWake(now);
      return p;
    },
    reclassify() {
      const now = clock.now();
      const rc = job('reclassify');
      startRun(rc, 'scheduled', [], now, rc.lastKey, rc.nextRunAt);
      const changed = tiers.reclassify(now);
      appliedSizes = { 1: -1, 2: -1 };
      replan(now);
      finishRun(rc, 'done', now, `${changed} symbols changed tier (asked by a user)`);
      return changed;
    },
    plan: (): RefreshPlan => currentPlan(clock.now()),
    peekPlan: () => plan,
    /** Symbols a stream should carry under the plan (most important first). */
    streamedSymbols(): string[] {
      const p = currentPlan(clock.now());
      return [
        ...streamOrder(1).slice(0, p.tiers[0]?.streamed ?? 0),
        ...streamOrder(2).slice(0, p.tiers[1]?.streamed ?? 0),
      ];
    },
    status(): SchedulerStatus {
      const now = clock.now();
      const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
      const profilesOn = deps.profiles !== undefined && (deps.profiles.available?.() ?? true);
      const list: JobStatus[] = JOB_NAMES.filter((n) => n !== 'profiles' || profilesOn).map((name) => {
        const j = job(name);
        return {
          name,
          state: j.state === 'running' ? 'running' : j.nextRunAt !== null ? 'waiting' : 'idle',
          done: j.state === 'running' ? j.done : 0,
          total: j.state === 'running' ? j.total : 0,
          lastRun: iso(j.lastRunAt),
          lastFinished: iso(j.lastFinishedAt),
          nextRun: iso(j.nextRunAt),
          failures: j.state === 'running' ? j.failures : 0,
          note: j.name === 'tier3' && j.runKey ? `snapshot after the close of ${j.runKey}` : null,
        };
      });
      const session = sessionAt(now);
      const busy = list.some((j) => j.state === 'running');
      let idleReason: string | null = null;
      if (!running) idleReason = 'stopped';
      else if (!polling(session) && !busy) {
        idleReason = `market ${session === 'closed' ? 'closed' : `in ${session}-market`}: nothing is polled until ${
          deps.extendedHours() ? 'the pre-market' : 'the open'
        }`;
      }
      return { running, idleReason, onDemandQueued: onDemand.size, callsInFlight: inFlight, jobs: list };
    },
    /** Runs recorded since `since` (for tests, simulations and the admin screen). */
    runs: (since?: number) => repo.runs(since),
  };
}

export { DAY_MS };
