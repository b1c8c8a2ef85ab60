// The logging surface the engine needs; pino satisfies it, tests pass a silent or recording one.

export type LogFn = {
  (obj: object, msg?: string): void;
  (msg: string): void;
};

export type Logger = {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
};

export function createSilentLogger(): Logger {
  const noop: LogFn = () => undefined;
  const logger: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => logger };
  return logger;
}

export type RecordedLog = { level: 'debug' | 'info' | 'warn' | 'error'; msg: string; obj?: object };

/** A logger that keeps what it was told, for tests that assert on warnings. */
export function createRecordingLogger(records: RecordedLog[] = []): Logger & { records: RecordedLog[] } {
  const make =
    (level: RecordedLog['level']): LogFn =>
    (a: object | string, b?: string) => {
      if (typeof a === 'string') records.push({ level, msg: a });
      else records.push({ level, msg: b ?? '', obj: a });
    };
  const logger = {
    records,
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    child: () => logger,
  };
  return logger;
}
