// App lifecycle: what closing the window means, how the app comes back, and a quit that waits for
// the engine to close its database.
import type { Clock } from '../engine/clock';
import type { Logger } from '../engine/logger';

export type PreventableAppEvent = { preventDefault(): void };

/** The parts of Electron's app used here (a fake in tests). */
export type LifecycleAppLike = {
  on(event: 'before-quit' | 'will-quit', listener: (event: PreventableAppEvent) => void): unknown;
  on(event: 'window-all-closed' | 'activate', listener: () => void): unknown;
  quit(): void;
};

/** The parts of the main window used here. */
export type ClosableWindowLike = {
  on(event: 'close', listener: (event: PreventableAppEvent) => void): unknown;
  hide(): void;
  isDestroyed(): boolean;
};

export type Lifecycle = {
  /** Takes charge of the window's close button. */
  attachWindow(win: ClosableWindowLike): void;
  isQuitting(): boolean;
};

/**
 * - Closing the window hides it when the user chose to keep Quotedesk running in the tray, and
 *   always on macOS (where an app outlives its windows and comes back from the Dock); otherwise it
 *   quits the app.
 * - Quitting waits for `shutdown` (local API closed, engine stopped, keys written) for up to
 *   `shutdownTimeoutMs`, then quits for real, whatever happened.
 */
export function createLifecycle(deps: {
  app: LifecycleAppLike;
  platform: NodeJS.Platform;
  closeToTray: () => boolean;
  /** Shows the window again (Dock icon clicked on macOS). */
  show: () => void;
  shutdown: () => Promise<void>;
  /** Called the first time the window goes to the tray, to tell the user where it went. */
  onFirstHideToTray?: () => void;
  logger: Logger;
  clock: Clock;
  shutdownTimeoutMs?: number;
}): Lifecycle {
  const { app, logger } = deps;
  let quitting = false;
  let shutdown: 'pending' | 'running' | 'done' = 'pending';
  let toldAboutTray = false;

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', (event) => {
    if (shutdown === 'done') return;
    event.preventDefault();
    if (shutdown === 'running') return;
    shutdown = 'running';
    const timeout = new Promise<'timeout'>((resolve) => {
      deps.clock.setTimeout(() => resolve('timeout'), deps.shutdownTimeoutMs ?? 5_000);
    });
    void Promise.race([deps.shutdown().then(() => 'done' as const), timeout])
      .then((how) => {
        if (how === 'timeout') logger.warn({}, 'shutdown took too long; quitting anyway');
      })
      .catch((err: unknown) => logger.error({ err: String(err) }, 'shutdown failed; quitting anyway'))
      .finally(() => {
        shutdown = 'done';
        app.quit();
      });
  });
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => deps.show());

  return {
    attachWindow(win) {
      win.on('close', (event) => {
        if (quitting) return;
        const toTray = deps.closeToTray();
        if (!toTray && deps.platform !== 'darwin') return;
        event.preventDefault();
        win.hide();
        if (toTray && !toldAboutTray) {
          toldAboutTray = true;
          deps.onFirstHideToTray?.();
        }
      });
    },
    isQuitting: () => quitting,
  };
}
