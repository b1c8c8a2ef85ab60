// The last warnings and errors in memory (bounded), for the health screen's log viewer.
import type { LogFn, Logger } from '../logger';

export type RingLevel = 'warn' | 'error';

export type RingEntry = {
  /** Epoch ms. */
  time: number;
  level: RingLevel;
  msg: string;
  /** The logger's `component` binding (providers, api, scheduler…), when it has one. */
  component: string | null;
  /** The other fields, as redacted JSON, cut to DETAILS_MAX characters. */
  details: string | null;
};

export type LogRing = {
  readonly capacity: number;
  push(entry: RingEntry): void;
  /** Newest first. */
  entries(): RingEntry[];
  /** Entries pushed since start, by level (the ring forgets, these do not). */
  counts(): Record<RingLevel, number>;
};

export const DEFAULT_RING_CAPACITY = 200;
export const DETAILS_MAX = 600;
const MSG_MAX = 400;

export function createLogRing(capacity = DEFAULT_RING_CAPACITY): LogRing {
  const slots: (RingEntry | undefined)[] = new Array<RingEntry | undefined>(capacity);
  let next = 0;
  let size = 0;
  const counts: Record<RingLevel, number> = { warn: 0, error: 0 };
  return {
    capacity,
    push(entry) {
      counts[entry.level]++;
      slots[next] = entry;
      next = (next + 1) % capacity;
      size = Math.min(capacity, size + 1);
    },
    entries() {
      const out: RingEntry[] = [];
      for (let i = 1; i <= size; i++) {
        const e = slots[(next - i + capacity) % capacity];
        if (e) out.push(e);
      }
      return out;
    },
    counts: () => ({ ...counts }),
  };
}

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The fields of a log call (bindings and object) as one bounded, redacted line. */
function detailsOf(fields: Record<string, unknown>, redact: (s: string) => string): string | null {
  const keys = Object.keys(fields);
  if (keys.length === 0) return null;
  let text: string;
  try {
    text = JSON.stringify(fields, (_k, v: unknown) =>
      v instanceof Error ? { type: v.name, message: v.message } : typeof v === 'bigint' ? String(v) : v,
    );
  } catch {
    text = `{${keys.join(',')}}`;
  }
  return cut(redact(text), DETAILS_MAX);
}

export type RingLoggerOptions = {
  ring: LogRing;
  now: () => number;
  /** Applied to messages and details before they enter the ring. */
  redact?: (text: string) => string;
};

/**
 * Wraps a logger so its warnings and errors (and its children's) also land in the ring. Used when
 * the logger itself does not feed a ring (tests, a logger passed in by a host without one).
 */
export function withLogRing(
  logger: Logger,
  options: RingLoggerOptions,
  bindings: Record<string, unknown> = {},
): Logger {
  const redact = options.redact ?? ((s: string) => s);
  const record =
    (level: RingLevel, inner: LogFn): LogFn =>
    (a: object | string, b?: string) => {
      const obj = typeof a === 'string' ? {} : (a as Record<string, unknown>);
      const msg = typeof a === 'string' ? a : (b ?? '');
      const { component, ...rest } = { ...bindings, ...obj };
      options.ring.push({
        time: options.now(),
        level,
        msg: cut(redact(msg), MSG_MAX),
        component: typeof component === 'string' ? component : null,
        details: detailsOf(rest, redact),
      });
      if (typeof a === 'string') inner(a);
      else inner(a, b);
    };
  return {
    debug: logger.debug.bind(logger),
    info: logger.info.bind(logger),
    warn: record('warn', logger.warn.bind(logger)),
    error: record('error', logger.error.bind(logger)),
    child: (b) => withLogRing(logger.child(b), options, { ...bindings, ...b }),
  };
}

/** pino levels: 40 warn, 50 error, 60 fatal. */
const PINO_LEVELS: Record<number, RingLevel> = { 40: 'warn', 50: 'error', 60: 'error' };
const PINO_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component', 'v']);

/**
 * A pino destination that keeps warn and error lines in the ring. The line it gets is already
 * redacted (the app logger redacts before any destination); add it with `level: 'warn'`.
 */
export function createRingStream(ring: LogRing): { write(line: string): boolean } {
  return {
    write(line) {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return true;
      }
      const level = PINO_LEVELS[typeof parsed.level === 'number' ? parsed.level : 0];
      if (!level) return true;
      const rest: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(parsed)) if (!PINO_FIELDS.has(k)) rest[k] = v;
      ring.push({
        time: typeof parsed.time === 'number' ? parsed.time : Date.now(),
        level,
        msg: cut(typeof parsed.msg === 'string' ? parsed.msg : '', MSG_MAX),
        component: typeof parsed.component === 'string' ? parsed.component : null,
        details: detailsOf(rest, (s) => s),
      });
      return true;
    },
  };
}
