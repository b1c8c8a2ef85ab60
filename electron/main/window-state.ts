// The window's size and place: remembered across runs, and put back only where a display is now.
import { z } from 'zod';
import type { Clock, TimerHandle } from '../engine/clock';

export const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
  fullScreen: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

export type Rect = { x: number; y: number; width: number; height: number };
export type DisplayLike = { workArea: Rect };

export const DEFAULT_WINDOW_SIZE = { width: 1360, height: 860 };
export const MIN_WINDOW_SIZE = { width: 900, height: 560 };

/** How much of the title bar must be on a display for the user to grab it. */
const GRAB_STRIP = { height: 32, width: 120 };

function overlap(a: Rect, b: Rect): Rect | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

function area(r: Rect | undefined): number {
  return r ? r.width * r.height : 0;
}

function fitSize(width: number, height: number, workArea: Rect): { width: number; height: number } {
  // At least the minimum size, unless the display itself is smaller than that.
  return {
    width: Math.min(Math.max(width, MIN_WINDOW_SIZE.width), workArea.width),
    height: Math.min(Math.max(height, MIN_WINDOW_SIZE.height), workArea.height),
  };
}

function centred(size: { width: number; height: number }, workArea: Rect): Rect {
  return {
    x: Math.round(workArea.x + (workArea.width - size.width) / 2),
    y: Math.round(workArea.y + (workArea.height - size.height) / 2),
    ...size,
  };
}

export type Placement = { bounds: Rect; maximized: boolean; fullScreen: boolean };

/**
 * Where to open the window. The saved place is kept when enough of its title bar is on a display
 * today, moved just far enough to be wholly on that display, and shrunk to fit it. A place on a
 * display that is gone (a laptop away from its monitor) falls back to the centre of the primary
 * display, keeping the saved size where it fits.
 */
export function placeWindow(
  saved: WindowState | undefined,
  displays: readonly DisplayLike[],
  primary: DisplayLike,
): Placement {
  if (!saved) {
    const size = fitSize(DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height, primary.workArea);
    return { bounds: centred(size, primary.workArea), maximized: false, fullScreen: false };
  }
  const strip: Rect = { x: saved.x, y: saved.y, width: saved.width, height: GRAB_STRIP.height };
  let best: { display: DisplayLike; grab: number; cover: number } | undefined;
  for (const display of displays) {
    const grab = overlap(strip, display.workArea);
    const cover = area(overlap(saved, display.workArea));
    if (!grab || grab.width < Math.min(GRAB_STRIP.width, saved.width)) continue;
    if (!best || cover > best.cover) best = { display, grab: grab.width, cover };
  }
  const flags = { maximized: saved.maximized, fullScreen: saved.fullScreen };
  if (!best) {
    return { bounds: centred(fitSize(saved.width, saved.height, primary.workArea), primary.workArea), ...flags };
  }
  const wa = best.display.workArea;
  const size = fitSize(saved.width, saved.height, wa);
  const x = Math.min(Math.max(saved.x, wa.x), wa.x + wa.width - size.width);
  const y = Math.min(Math.max(saved.y, wa.y), wa.y + wa.height - size.height);
  return { bounds: { x, y, ...size }, ...flags };
}

/** The parts of a BrowserWindow whose place is tracked. */
export type TrackedWindowLike = {
  on(
    event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'close',
    listener: () => void,
  ): unknown;
  removeListener(event: string, listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isMinimized(): boolean;
};

/**
 * Saves the window's normal (restored) bounds and its maximized / full-screen state: moves and
 * resizes are saved once they settle, closing saves at once. A minimized window is not saved, so
 * the window never comes back minimized or at the minimized icon's place.
 */
export function trackWindowState(
  win: TrackedWindowLike,
  save: (state: WindowState) => void,
  clock: Clock,
  settleMs = 500,
): () => void {
  let timer: TimerHandle | undefined;
  const snapshot = (): WindowState | undefined => {
    if (win.isMinimized()) return undefined;
    const b = win.getNormalBounds();
    return {
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: win.isMaximized(),
      fullScreen: win.isFullScreen(),
    };
  };
  const flush = () => {
    clock.clearTimeout(timer);
    timer = undefined;
    const state = snapshot();
    if (state) save(state);
  };
  const later = () => {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(flush, settleMs);
  };
  const events = ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const;
  for (const e of events) win.on(e, later);
  win.on('close', flush);
  return () => {
    clock.clearTimeout(timer);
    for (const e of events) win.removeListener(e, later);
    win.removeListener('close', flush);
  };
}
