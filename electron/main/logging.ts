// The shell's log file: <data dir>/logs/quotedesk.log, rotated at start, keys and tokens redacted.
import nodeFs from 'node:fs';
import path from 'node:path';

export const LOG_FILE = 'quotedesk.log';

/** Where pino must never write a value: tokens and keys, wherever they sit in a log object. */
export const LOG_REDACT = {
  paths: ['token', 'key', 'apiKey', 'apikey', '*.token', '*.key', '*.apiKey', '*.apikey', 'headers.authorization'],
  censor: '[redacted]',
};

/**
 * Makes the logs folder and, when the current log has grown past `maxBytes`, shifts it to
 * quotedesk.1.log (quotedesk.1.log to .2, …), keeping `keep` old files. Returns the log file.
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
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const keep = options.keep ?? 3;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOG_FILE);
  const old = (n: number) => path.join(dir, `quotedesk.${n}.log`);
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    return file;
  }
  if (size <= maxBytes) return file;
  fs.rmSync(old(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    try {
      fs.renameSync(old(n), old(n + 1));
    } catch {
      // That generation does not exist yet.
    }
  }
  fs.renameSync(file, old(1));
  return file;
}
