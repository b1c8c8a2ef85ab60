// The log file: synchronous appends to <data dir>/logs/quotedesk.log, rotated by size while running.
import nodeFs from 'node:fs';
import path from 'node:path';

export const LOG_FILE = 'quotedesk.log';
export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_LOG_KEEP = 3;

export type LogFs = Pick<
  typeof nodeFs,
  'mkdirSync' | 'statSync' | 'renameSync' | 'rmSync' | 'openSync' | 'writeSync' | 'closeSync' | 'fsyncSync'
>;

export type RotatingFileOptions = {
  /** Rotate when the file would grow past this. */
  maxBytes?: number;
  /** Old generations kept: quotedesk.1.log (newest) … quotedesk.<keep>.log. */
  keep?: number;
  fs?: LogFs;
};

export type RotatingFile = {
  readonly file: string;
  /** Appends one chunk (a pino line); never throws: a full disk must not take the app down. */
  write(chunk: string): boolean;
  /** How many times the file was rotated by this writer. */
  rotations(): number;
  flushSync(): void;
  end(): void;
};

/** Shifts quotedesk.log to quotedesk.1.log (.1 to .2, …), dropping the generation past `keep`. */
export function rotateLogFiles(dir: string, keep: number, fs: Pick<LogFs, 'renameSync' | 'rmSync'>): void {
  const gen = (n: number) => path.join(dir, `quotedesk.${n}.log`);
  fs.rmSync(gen(keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    try {
      fs.renameSync(gen(n), gen(n + 1));
    } catch {
      // That generation does not exist yet.
    }
  }
  if (keep >= 1) fs.renameSync(path.join(dir, LOG_FILE), gen(1));
  else fs.rmSync(path.join(dir, LOG_FILE), { force: true });
}

/**
 * Synchronous on purpose: the engine logs a few lines a minute (a burst of failures, a few a
 * second), and the last lines before a crash are the ones that matter.
 */
export function openRotatingFile(dir: string, options: RotatingFileOptions = {}): RotatingFile {
  const fs = options.fs ?? nodeFs;
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_LOG_KEEP;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOG_FILE);
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    size = 0;
  }
  let rotated = 0;
  const rotate = () => {
    rotateLogFiles(dir, keep, fs);
    rotated++;
    size = 0;
  };
  if (size > maxBytes) rotate();
  let fd: number | null = fs.openSync(file, 'a', 0o600);
  let failedOnce = false;

  return {
    file,
    write(chunk) {
      if (fd === null) return false;
      try {
        const bytes = Buffer.byteLength(chunk);
        if (size > 0 && size + bytes > maxBytes) {
          fs.closeSync(fd);
          fd = null;
          rotate();
          fd = fs.openSync(file, 'a', 0o600);
        }
        fs.writeSync(fd, chunk);
        size += bytes;
      } catch (err) {
        if (!failedOnce) {
          failedOnce = true;
          process.stderr.write(`Quotedesk: could not write the log file (${String(err)})\n`);
        }
        if (fd === null) {
          try {
            fd = fs.openSync(file, 'a', 0o600);
          } catch {
            // Stays closed until the next write tries again.
          }
        }
      }
      return true;
    },
    rotations: () => rotated,
    flushSync() {
      if (fd !== null) fs.fsyncSync(fd);
    },
    end() {
      if (fd === null) return;
      fs.closeSync(fd);
      fd = null;
    },
  };
}
