// One Quotedesk per user and data folder: a second launch hands over to the first and exits.

/** The parts of Electron's app used here (a fake in tests). */
export type SingleInstanceAppLike = {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown;
  quit(): void;
};

/**
 * Takes the lock, or quits when another instance holds it. The first instance is told about every
 * later launch (to bring its window forward). Electron keys the lock on the userData folder, so an
 * instance with another QUOTEDESK_DATA_DIR (a test, a second profile) runs beside this one.
 */
export function claimSingleInstance(app: SingleInstanceAppLike, onSecondLaunch: (argv: string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => onSecondLaunch(argv));
  return true;
}

/** The parts of a BrowserWindow needed to bring it to the front. */
export type FocusableWindowLike = {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
};

/** Brings the window back however it was put away: minimized, hidden in the tray, or behind others. */
export function bringToFront(win: FocusableWindowLike | undefined, show: () => void = () => win?.show()): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  show();
  win.focus();
}
