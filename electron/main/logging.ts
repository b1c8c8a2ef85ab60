// The shell's log: <data dir>/logs/quotedesk.log through the app logger shared with `serve`.
import { createAppLogger, type AppLogger } from '../engine/observability/app-logger';

/**
 * The shell's logger. A second launch only hands over to the first and quits: it gets no file
 * (it must not touch or rotate the first one's log). A packaged app with a file prints nothing.
 */
export function openShellLogger(options: { logsDir: string; primary: boolean; packaged: boolean }): AppLogger {
  const file = options.primary;
  return createAppLogger({
    ...(file ? { logsDir: options.logsDir } : {}),
    level: process.env.QUOTEDESK_LOG_LEVEL ?? 'info',
    stdout: options.packaged && file ? 'none' : 'pretty',
  });
}
