import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../engine/clock';
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  placeWindow,
  trackWindowState,
  type DisplayLike,
  type Rect,
  type TrackedWindowLike,
  type WindowState,
} from './window-state';

const laptop: DisplayLike = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitor: DisplayLike = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const state = (r: Partial<WindowState>): WindowState => ({
  x: 100,
  y: 100,
  width: 1200,
  height: 800,
  maximized: false,
  fullScreen: false,
  ...r,
});
const inside = (r: Rect, wa: Rect) =>
  r.x >= wa.x && r.y >= wa.y && r.x + r.width <= wa.x + wa.width && r.y + r.height <= wa.y + wa.height;

describe('placeWindow', () => {
  it('centres the default size on the primary display the first time', () => {
    const p = placeWindow(undefined, [laptop, monitor], monitor);
    expect(p.bounds).toEqual({
      x: 1440 + (2560 - DEFAULT_WINDOW_SIZE.width) / 2,
      y: (1400 - DEFAULT_WINDOW_SIZE.height) / 2,
      ...DEFAULT_WINDOW_SIZE,
    });
  });

  it('shrinks the default size to a small primary display', () => {
    const small: DisplayLike = { workArea: { x: 0, y: 0, width: 1024, height: 700 } };
    expect(placeWindow(undefined, [small], small).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 700 });
  });

  it('puts the window back where it was, maximized state included', () => {
    const saved = state({ x: 1600, y: 100, width: 1800, height: 1000, maximized: true });
    expect(placeWindow(saved, [laptop, monitor], laptop)).toEqual({
      bounds: { x: 1600, y: 100, width: 1800, height: 1000 },
      maximized: true,
      fullScreen: false,
    });
  });

  it('moves a window that hangs over the edge wholly onto its display', () => {
    const saved = state({ x: 3500, y: 900, width: 1200, height: 800 });
    const p = placeWindow(saved, [laptop, monitor], laptop);
    expect(p.bounds).toEqual({ x: 1440 + 2560 - 1200, y: 1400 - 800, width: 1200, height: 800 });
  });

  it('brings back a window left on a monitor that is now unplugged, to the primary display', () => {
    const saved = state({ x: 2000, y: 200, width: 1400, height: 900 });
    const p = placeWindow(saved, [laptop], laptop);
    expect(p.bounds).toEqual({ x: 20, y: 25, width: 1400, height: 875 });
  });

  it('does not trust a window whose title bar is above every display', () => {
    const saved = state({ x: 100, y: -500, width: 1000, height: 800 });
    const p = placeWindow(saved, [laptop], laptop);
    expect(inside(p.bounds, laptop.workArea)).toBe(true);
    expect(p.bounds.y).toBeGreaterThanOrEqual(25);
  });

  it('always lands wholly on a display, at least the minimum size where the display allows', () => {
    const rect = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 640, max: 4000 }),
      height: fc.integer({ min: 480, max: 3000 }),
    });
    fc.assert(
      fc.property(
        fc.array(rect, { minLength: 1, maxLength: 3 }),
        fc.option(rect, { nil: undefined }),
        (areas, saved) => {
          const displays = areas.map((workArea) => ({ workArea }));
          const primary = displays[0] as DisplayLike;
          const p = placeWindow(saved && { ...saved, maximized: false, fullScreen: false }, displays, primary);
          const host = displays.find((d) => inside(p.bounds, d.workArea));
          expect(host).toBeDefined();
          if (!host) return;
          expect(p.bounds.width).toBeGreaterThanOrEqual(Math.min(MIN_WINDOW_SIZE.width, host.workArea.width));
          expect(p.bounds.height).toBeGreaterThanOrEqual(Math.min(MIN_WINDOW_SIZE.height, host.workArea.height));
        },
      ),
      { numRuns: 500 },
    );
  });
});

function fakeWindow() {
  const emitter = new EventEmitter();
  const w = {
    bounds: { x: 10, y: 20, width: 1000, height: 700 },
    maximized: false,
    minimized: false,
    on: (e: string, l: () => void) => emitter.on(e, l),
    removeListener: (e: string, l: () => void) => emitter.removeListener(e, l),
    emit: (e: string) => emitter.emit(e),
    getNormalBounds: () => w.bounds,
    isMaximized: () => w.maximized,
    isFullScreen: () => false,
    isMinimized: () => w.minimized,
    listeners: () => emitter.eventNames().length,
  };
  return w satisfies TrackedWindowLike;
}

describe('trackWindowState', () => {
  it('saves once a drag settles, at once on close, and never while minimized', async () => {
    const clock = createManualClock(0);
    const win = fakeWindow();
    const saved: WindowState[] = [];
    const stop = trackWindowState(win, (s) => saved.push(s), clock, 500);
    for (let i = 0; i < 10; i++) {
      win.bounds = { ...win.bounds, x: 10 + i };
      win.emit('move');
      await clock.advance(100);
    }
    expect(saved).toEqual([]);
    await clock.advance(500);
    expect(saved).toEqual([{ x: 19, y: 20, width: 1000, height: 700, maximized: false, fullScreen: false }]);

    win.maximized = true;
    win.emit('maximize');
    win.emit('close');
    expect(saved.at(-1)).toMatchObject({ x: 19, maximized: true });
    await clock.advance(1000);
    expect(saved).toHaveLength(2);

    win.minimized = true;
    win.emit('close');
    expect(saved).toHaveLength(2);
    stop();
    expect(win.listeners()).toBe(0);
  });
});
