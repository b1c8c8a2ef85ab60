// The app's logger (shell and headless alike): pino JSON, redacted once, to the file, stdout and the ring.
import pino from 'pino';
import type { Logger } from '../logger';
import { openRotatingFile, type RotatingFile, type RotatingFileOptions } from './log-file';
import { createLogRing, createRingStream, type LogRing } from './log-ring';
import { createLogRedactor, LOG_REDACT, type LogRedactor } from './redact';

export type AppLoggerOptions = RotatingFileOptions & {
  /** <data dir>/logs; no file when absent or when it cannot be opened (stdout only). */
  logsDir?: string;
  level?: string;
  /** `pretty`: one readable line per entry (a terminal); `json`: the file's lines; `none`. */
  stdout?: 'pretty' | 'json' | 'none';
  ringCapacity?: number;
  /** Where stdout lines go (tests capture them). */
  out?: { write(text: string): unknown };
};

export type AppLogger = {
  readonly logger: Logger;
  /** The same logger with pino's own API (flush, level) for hosts that need it. */
  readonly pino: pino.Logger;
  /** Warnings and errors, newest first: give it to the engine (`logRing`). */
  readonly ring: LogRing;
  readonly redact: LogRedactor;
  /** The log file, or null when logging to stdout only. */
  readonly file: RotatingFile | null;
  close(): void;
};

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component']);

/** One JSON line as a person reads it: `14:03:07 WARN  [providers] provider call failed kind=timeout`. */
export function prettyLine(line: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 19) : '--:--:--';
  const level = (LEVEL_NAMES[typeof o.level === 'number' ? o.level : 30] ?? 'INFO').padEnd(5);
  const component = typeof o.component === 'string' ? `[${o.component}] ` : '';
  const fields = Object.entries(o)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? (/[\s"=]/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${level} ${component}${typeof o.msg === 'string' ? o.msg : ''}${fields ? ` ${fields}` : ''}\n`;
}

const LEVEL_RE = /"level":(\d+)/;

export function createAppLogger(options: AppLoggerOptions = {}): AppLogger {
  const redact = createLogRedactor();
  const ring = createLogRing(options.ringCapacity);
  const ringStream = createRingStream(ring);
  let file: RotatingFile | null = null;
  if (options.logsDir) {
    try {
      file = openRotatingFile(options.logsDir, options);
    } catch (err) {
      process.stderr.write(`Quotedesk: no log file (${String(err)}); logging to stdout\n`);
    }
  }
  const stdout = options.stdout ?? 'none';
  const out = options.out ?? process.stdout;
  // One destination: each line is redacted once, then fanned out.
  const destination = {
    write(line: string) {
      const safe = redact(line);
      file?.write(safe);
      if (Number(LEVEL_RE.exec(safe)?.[1] ?? 0) >= 40) ringStream.write(safe);
      if (stdout === 'json') out.write(safe);
      else if (stdout === 'pretty') out.write(prettyLine(safe));
      return true;
    },
  };
  const logger = pino({ level: options.level ?? 'info', redact: LOG_REDACT }, destination);
  return {
    logger,
    pino: logger,
    ring,
    redact,
    file,
    close() {
      file?.end();
    },
  };
}
