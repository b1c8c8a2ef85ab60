import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { bringToFront, claimSingleInstance, type FocusableWindowLike } from './single-instance';

class FakeApp extends EventEmitter {
  quits = 0;
  constructor(private readonly lockFree: boolean) {
    super();
  }
  requestSingleInstanceLock() {
    return this.lockFree;
  }
  quit() {
    this.quits++;
  }
}

function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = [];
  const win: FocusableWindowLike = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
  return { win, calls };
}

describe('single instance', () => {
  it('lets the first launch run and brings its window forward on a second launch', () => {
    const app = new FakeApp(true);
    const launches: string[][] = [];
    expect(claimSingleInstance(app, (argv) => launches.push(argv))).toBe(true);
    app.emit('second-instance', {}, ['/opt/Quotedesk/quotedesk', '--foo'], '/home/me');
    expect(launches).toEqual([['/opt/Quotedesk/quotedesk', '--foo']]);
    expect(app.quits).toBe(0);
  });

  it('quits a second launch at once', () => {
    const app = new FakeApp(false);
    let called = false;
    expect(claimSingleInstance(app, () => (called = true))).toBe(false);
    expect(app.quits).toBe(1);
    expect(app.listenerCount('second-instance')).toBe(0);
    expect(called).toBe(false);
  });

  it('restores a minimized window, shows a hidden one and focuses it', () => {
    const minimized = fakeWindow({ minimized: true });
    bringToFront(minimized.win);
    expect(minimized.calls).toEqual(['restore', 'show', 'focus']);
    const hidden = fakeWindow();
    let revealed = 0;
    bringToFront(hidden.win, () => revealed++);
    expect([hidden.calls, revealed]).toEqual([['focus'], 1]);
    const gone = fakeWindow({ destroyed: true });
    bringToFront(gone.win);
    bringToFront(undefined);
    expect(gone.calls).toEqual([]);
  });
});
