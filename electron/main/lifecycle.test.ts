import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../engine/clock';
import { createRecordingLogger } from '../engine/logger';
import { createLifecycle } from './lifecycle';

/** Electron's app, as far as quitting goes: quit() runs before-quit, closes windows, then will-quit. */
class FakeApp extends EventEmitter {
  quitCalls = 0;
  exited = false;
  windows: FakeWindow[] = [];
  quit() {
    this.quitCalls++;
    let prevented = false;
    const event = { preventDefault: () => (prevented = true) };
    this.emit('before-quit', event);
    if (prevented) return;
    for (const w of this.windows) if (!w.close()) return;
    this.emit('will-quit', event);
    if (!prevented) this.exited = true;
  }
}

class FakeWindow extends EventEmitter {
  hidden = false;
  destroyed = false;
  constructor(private readonly app: FakeApp) {
    super();
    app.windows.push(this);
  }
  /** The close button: true when the window really closed. */
  close(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return false;
    this.destroyed = true;
    this.app.windows = this.app.windows.filter((w) => w !== this);
    if (this.app.windows.length === 0) this.app.emit('window-all-closed');
    return true;
  }
  hide() {
    this.hidden = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

function setup(
  platform: NodeJS.Platform,
  closeToTray: boolean,
  shutdown: () => Promise<void> = () => Promise.resolve(),
) {
  const app = new FakeApp();
  const clock = createManualClock(0);
  const logger = createRecordingLogger();
  let shown = 0;
  let told = 0;
  const lifecycle = createLifecycle({
    app,
    platform,
    closeToTray: () => closeToTray,
    show: () => shown++,
    shutdown,
    onFirstHideToTray: () => told++,
    logger,
    clock,
    shutdownTimeoutMs: 5000,
  });
  const win = new FakeWindow(app);
  lifecycle.attachWindow(win);
  return { app, win, lifecycle, clock, logger, shown: () => shown, told: () => told };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('app lifecycle', () => {
  it('on Windows and Linux, closing the window quits once the engine has stopped', async () => {
    const steps: string[] = [];
    const { app, win } = setup('win32', false, async () => {
      steps.push('shutdown');
      await Promise.resolve();
      steps.push('stopped');
    });
    win.close();
    expect(win.destroyed).toBe(true);
    expect(app.exited).toBe(false);
    await settle();
    expect(steps).toEqual(['shutdown', 'stopped']);
    expect(app.exited).toBe(true);
  });

  it('keeps running in the tray when the user chose so, and says where it went the first time', () => {
    const { app, win, told } = setup('linux', true);
    win.close();
    win.close();
    expect([win.hidden, win.destroyed, app.quitCalls]).toEqual([true, false, 0]);
    expect(told()).toBe(1);
  });

  it('on macOS keeps the app when its window closes and brings it back from the Dock', () => {
    const { app, win, shown, told } = setup('darwin', false);
    win.close();
    expect([win.hidden, win.destroyed, app.quitCalls, told()]).toEqual([true, false, 0, 0]);
    app.emit('activate');
    expect(shown()).toBe(1);
  });

  it('quits for real from the tray or the menu, even with the window kept in the tray', async () => {
    const { app, win, lifecycle } = setup('linux', true);
    app.quit();
    expect(lifecycle.isQuitting()).toBe(true);
    expect(win.destroyed).toBe(true);
    await settle();
    expect(app.exited).toBe(true);
  });

  it('quits after a time limit when the shutdown hangs, and when it fails', async () => {
    const hung = setup('linux', false, () => new Promise<void>(() => undefined));
    hung.app.quit();
    await settle();
    expect(hung.app.exited).toBe(false);
    await hung.clock.advance(5000);
    await settle();
    expect(hung.app.exited).toBe(true);
    expect(hung.logger.records.some((r) => r.msg.includes('took too long'))).toBe(true);

    const failing = setup('linux', false, () => Promise.reject(new Error('disk gone')));
    failing.app.quit();
    await settle();
    expect(failing.app.exited).toBe(true);
    expect(failing.logger.records.some((r) => r.level === 'error')).toBe(true);
  });

  it('runs the shutdown once, however many times quit is asked for', async () => {
    let runs = 0;
    const { app } = setup('linux', false, async () => {
      runs++;
      await new Promise((r) => setImmediate(r));
    });
    app.quit();
    app.quit();
    app.quit();
    await settle();
    await settle();
    expect(runs).toBe(1);
    expect(app.exited).toBe(true);
  });
});
