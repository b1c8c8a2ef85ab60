// The shell's log: <data dir>/logs/quotedesk.log through the app logger shared with `serve`.
import nodeFs from 'node:fs';
import path from 'node:path';
import { createAppLogger, type AppLogger } from '../engine/observability/app-logger';
import { DEFAULT_LOG_KEEP, DEFAULT_LOG_MAX_BYTES, LOG_FILE, rotateLogFiles } from '../engine/observability/log-file';

export { LOG_FILE } from '../engine/observability/log-file';
export { LOG_REDACT } from '../engine/observability/redact';

/**
 * Makes the logs folder and, when the current log has grown past `maxBytes`, shifts it to
 * quotedesk.1.log (quotedesk.1.log to .2, …), keeping `keep` old files. Returns the log file.
 * (The app logger also rotates while running; this is the start-up half on its own.)
 */
export function prepareLogFile(
  dir: string,
  options: {
    maxBytes?: number;
    keep?: number;
    fs?: Pick<typeof nodeFs, 'mkdirSync' | 'statSync' | 'renameSync' | 'rmSync'>;
  } = {},
): string {
  const fs = options.fs ?? nodeFs;
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOG_FILE);
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    return file;
  }
  if (size > maxBytes) rotateLogFiles(dir, options.keep ?? DEFAULT_LOG_KEEP, fs);
  return file;
}

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
