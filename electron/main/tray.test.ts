import { describe, expect, it } from 'vitest';
import { makeQuote } from '../../test-support/quotes';
import { createManualClock } from '../engine/clock';
import { createRecordingLogger } from '../engine/logger';
import {
  buildTrayModel,
  createTrayController,
  formatTrayChange,
  formatTrayPrice,
  trayMenuTemplate,
  type TrayActions,
  type TrayLike,
  type TrayMenuItem,
  type TrayModel,
  type TrayModelInput,
} from './tray';

const quotes = new Map([
  ['SPY', makeQuote('SPY', 512.3, 0.4213)],
  ['QQQ', makeQuote('QQQ', 440.05, -1.2)],
  ['NVDA', makeQuote('NVDA', 1201.5, 0, { stale: true })],
  ['SIRI', makeQuote('SIRI', 0.4567, 2)],
]);
const input = (over: Partial<TrayModelInput> = {}): TrayModelInput => ({
  appName: 'Quotedesk',
  watchlist: { name: 'My watchlist', symbols: ['SPY', 'QQQ', 'NVDA', 'SIRI', 'AMZN'] },
  quotes,
  feed: 'live',
  limit: 8,
  closeToTray: false,
  ...over,
});

describe('tray model', () => {
  it('lists the watchlist with price and change, then show, close-to-tray and quit', () => {
    const model = buildTrayModel(input());
    expect(model.items).toEqual([
      { kind: 'heading', label: 'My watchlist' },
      { kind: 'quote', symbol: 'SPY', label: 'SPY  512.30  ▲ +0.42%' },
      { kind: 'quote', symbol: 'QQQ', label: 'QQQ  440.05  ▼ −1.20%' },
      { kind: 'quote', symbol: 'NVDA', label: 'NVDA  1,201.50  — 0.00%  (stale)' },
      { kind: 'quote', symbol: 'SIRI', label: 'SIRI  0.4567  ▲ +2.00%' },
      { kind: 'quote', symbol: 'AMZN', label: 'AMZN  —' },
      { kind: 'separator' },
      { kind: 'show', label: 'Show Quotedesk' },
      { kind: 'close-to-tray', label: 'Keep Running When the Window Is Closed', checked: false },
      { kind: 'separator' },
      { kind: 'quit', label: 'Quit Quotedesk' },
    ]);
    expect(model.tooltip).toBe('Quotedesk — SPY  512.30  ▲ +0.42%');
  });

  it('says when the data is simulated, cuts long lists, and copes with no watchlist', () => {
    const long = buildTrayModel(input({ feed: 'simulated', limit: 2 }));
    expect(long.items.slice(0, 4)).toEqual([
      { kind: 'heading', label: 'My watchlist (simulated data)' },
      { kind: 'quote', symbol: 'SPY', label: 'SPY  512.30  ▲ +0.42%' },
      { kind: 'quote', symbol: 'QQQ', label: 'QQQ  440.05  ▼ −1.20%' },
      { kind: 'note', label: '… and 3 more' },
    ]);
    expect(long.tooltip).toContain('(simulated data)');
    const none = buildTrayModel(input({ watchlist: undefined }));
    expect(none.items[0]).toEqual({ kind: 'note', label: 'No watchlist yet' });
    expect(none.tooltip).toBe('Quotedesk');
    const empty = buildTrayModel(input({ watchlist: { name: 'Empty', symbols: [] } }));
    expect(empty.items[1]).toEqual({ kind: 'note', label: 'This watchlist is empty' });
  });

  it('keeps the tooltip within what Windows shows', () => {
    const model = buildTrayModel(input({ appName: 'Q'.repeat(200) }));
    expect(model.tooltip.length).toBeLessThanOrEqual(127);
  });

  it('formats prices and changes for people', () => {
    expect(formatTrayPrice(0.01234)).toBe('0.0123');
    expect(formatTrayPrice(12)).toBe('12.00');
    expect(formatTrayPrice(123456.789)).toBe('123,456.79');
    expect(formatTrayChange(0.004)).toBe('— 0.00%');
    expect(formatTrayChange(-0.006)).toBe('▼ −0.01%');
  });
});

function recordingActions() {
  const calls: string[] = [];
  const actions: TrayActions = {
    show: () => calls.push('show'),
    showSymbol: (s) => calls.push(`symbol:${s}`),
    setCloseToTray: (on) => calls.push(`closeToTray:${on}`),
    quit: () => calls.push('quit'),
  };
  return { calls, actions };
}

describe('tray menu', () => {
  it('wires each item to its action; headings and notes are not clickable', () => {
    const { calls, actions } = recordingActions();
    const template = trayMenuTemplate(buildTrayModel(input({ limit: 1 })), actions);
    const byLabel = (l: string) => template.find((i) => i.label === l);
    expect(byLabel('My watchlist')).toEqual({ label: 'My watchlist', enabled: false });
    expect(byLabel('… and 4 more')?.enabled).toBe(false);
    byLabel('SPY  512.30  ▲ +0.42%')?.click?.({ checked: false });
    byLabel('Show Quotedesk')?.click?.({ checked: false });
    const toggle = byLabel('Keep Running When the Window Is Closed');
    expect(toggle).toMatchObject({ type: 'checkbox', checked: false });
    toggle?.click?.({ checked: true });
    byLabel('Quit Quotedesk')?.click?.({ checked: false });
    expect(calls).toEqual(['symbol:SPY', 'show', 'closeToTray:true', 'quit']);
  });
});

class FakeTray implements TrayLike {
  static made: FakeTray[] = [];
  constructor(readonly icon = '') {
    FakeTray.made.push(this);
  }
  tooltips: string[] = [];
  menus: TrayMenuItem[][] = [];
  destroyed = false;
  clickListeners: (() => void)[] = [];
  setToolTip(t: string) {
    this.tooltips.push(t);
  }
  setContextMenu(menu: unknown) {
    this.menus.push(menu as TrayMenuItem[]);
  }
  on(_e: 'click', l: () => void) {
    this.clickListeners.push(l);
  }
  destroy() {
    this.destroyed = true;
  }
}

describe('tray controller', () => {
  it('rebuilds the menu at most once per throttle window and only when it changed', async () => {
    const clock = createManualClock(0);
    FakeTray.made = [];
    const trays = FakeTray.made;
    let model: TrayModel = buildTrayModel(input());
    const { calls, actions } = recordingActions();
    const tray = createTrayController({
      Tray: FakeTray,
      icon: '/resources/tray/tray.png',
      buildMenu: (template) => template,
      model: () => model,
      actions,
      clock,
      logger: createRecordingLogger(),
      throttleMs: 2000,
    });
    tray.update();
    expect(trays).toHaveLength(0);
    await tray.show();
    const t = trays[0] as FakeTray;
    expect(t.icon).toBe('/resources/tray/tray.png');
    expect(t.menus).toHaveLength(1);

    for (let i = 0; i < 20; i++) {
      model = buildTrayModel(input({ quotes: new Map([['SPY', makeQuote('SPY', 500 + i, 0.1)]]) }));
      tray.update();
      await clock.advance(100);
    }
    await clock.advance(2000);
    expect(t.menus.length).toBeLessThanOrEqual(3);
    expect(t.menus.at(-1)?.[1]?.label).toBe('SPY  519.00  ▲ +0.10%');

    const before = t.menus.length;
    tray.update();
    await clock.advance(5000);
    expect(t.menus).toHaveLength(before);

    t.clickListeners.forEach((l) => l());
    expect(calls).toEqual(['show']);
    tray.hide();
    expect([t.destroyed, tray.isShown()]).toEqual([true, false]);
    tray.update();
    await clock.advance(5000);
    expect(t.menus).toHaveLength(before);
  });

  it('logs a failed refresh and keeps the last menu', async () => {
    const clock = createManualClock(0);
    const logger = createRecordingLogger();
    FakeTray.made = [];
    let fail = false;
    const tray = createTrayController({
      Tray: FakeTray,
      icon: 'tray.png',
      buildMenu: (template) => template,
      model: () => (fail ? Promise.reject(new Error('database is closed')) : buildTrayModel(input())),
      actions: recordingActions().actions,
      clock,
      logger,
    });
    await tray.show();
    const t = FakeTray.made[0] as FakeTray;
    fail = true;
    tray.update();
    await clock.advance(5000);
    expect(t.menus).toHaveLength(1);
    expect(logger.records.some((r) => r.msg === 'tray not updated')).toBe(true);
  });
});
