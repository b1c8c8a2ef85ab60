// The tray: a mini watchlist (symbol, price, change) and the ways back into the app or out of it.
import type { Quote } from '../../shared/quote';
import type { Clock, TimerHandle } from '../engine/clock';
import type { Logger } from '../engine/logger';

export type TrayQuote = Pick<Quote, 'symbol' | 'price' | 'changePercent' | 'stale'>;

export type TrayItem =
  | { kind: 'heading'; label: string }
  | { kind: 'quote'; symbol: string; label: string }
  | { kind: 'note'; label: string }
  | { kind: 'separator' }
  | { kind: 'show'; label: string }
  | { kind: 'close-to-tray'; label: string; checked: boolean }
  | { kind: 'quit'; label: string };

export type TrayModel = { tooltip: string; items: TrayItem[] };

/** Prices as a trader reads them: cents for most, more digits under a dollar, grouping over 1,000. */
export function formatTrayPrice(price: number): string {
  const digits = price < 1 ? 4 : 2;
  return price.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTrayChange(percent: number): string {
  const text = `${Math.abs(percent).toFixed(2)}%`;
  if (text === '0.00%') return '— 0.00%';
  return percent > 0 ? `▲ +${text}` : `▼ −${text}`;
}

function quoteLabel(symbol: string, q: TrayQuote | undefined): string {
  if (!q) return `${symbol}  —`;
  return `${symbol}  ${formatTrayPrice(q.price)}  ${formatTrayChange(q.changePercent)}${q.stale ? '  (stale)' : ''}`;
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;

export type TrayModelInput = {
  appName: string;
  watchlist: { name: string; symbols: readonly string[] } | undefined;
  quotes: ReadonlyMap<string, TrayQuote>;
  feed: 'simulated' | 'live';
  /** How many symbols the tray lists before "and N more". */
  limit: number;
  closeToTray: boolean;
};

export function buildTrayModel(input: TrayModelInput): TrayModel {
  const items: TrayItem[] = [];
  const { watchlist, quotes } = input;
  const simulated = input.feed === 'simulated' ? ' (simulated data)' : '';
  if (!watchlist) {
    items.push({ kind: 'note', label: 'No watchlist yet' });
  } else {
    items.push({ kind: 'heading', label: `${watchlist.name}${simulated}` });
    const shown = watchlist.symbols.slice(0, input.limit);
    for (const symbol of shown) items.push({ kind: 'quote', symbol, label: quoteLabel(symbol, quotes.get(symbol)) });
    if (watchlist.symbols.length === 0) items.push({ kind: 'note', label: 'This watchlist is empty' });
    const more = watchlist.symbols.length - shown.length;
    if (more > 0) items.push({ kind: 'note', label: `… and ${more} more` });
  }
  items.push(
    { kind: 'separator' },
    { kind: 'show', label: `Show ${input.appName}` },
    { kind: 'close-to-tray', label: 'Keep Running When the Window Is Closed', checked: input.closeToTray },
    { kind: 'separator' },
    { kind: 'quit', label: `Quit ${input.appName}` },
  );
  const first = watchlist?.symbols[0];
  const tooltip = first ? `${input.appName}${simulated} — ${quoteLabel(first, quotes.get(first))}` : input.appName;
  return { tooltip: tooltip.slice(0, TOOLTIP_MAX), items };
}

/** Electron's MenuItemConstructorOptions, as far as the tray uses them. */
export type TrayMenuItem = {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  click?: (item: { checked: boolean }) => void;
};

export type TrayActions = {
  show(): void;
  showSymbol(symbol: string): void;
  setCloseToTray(on: boolean): void;
  quit(): void;
};

export function trayMenuTemplate(model: TrayModel, actions: TrayActions): TrayMenuItem[] {
  return model.items.map((item): TrayMenuItem => {
    switch (item.kind) {
      case 'heading':
      case 'note':
        return { label: item.label, enabled: false };
      case 'quote':
        return { label: item.label, click: () => actions.showSymbol(item.symbol) };
      case 'separator':
        return { type: 'separator' };
      case 'show':
        return { label: item.label, click: () => actions.show() };
      case 'close-to-tray':
        return {
          label: item.label,
          type: 'checkbox',
          checked: item.checked,
          click: (menuItem) => actions.setCloseToTray(menuItem.checked),
        };
      case 'quit':
        return { label: item.label, click: () => actions.quit() };
    }
  });
}

/** The parts of Electron's Tray used here. */
export type TrayLike = {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
};

export type TrayControllerDeps = {
  /** Electron's Tray class (the one place the app makes one). */
  Tray: new (icon: string) => TrayLike;
  icon: string;
  buildMenu: (template: TrayMenuItem[]) => unknown;
  model: () => TrayModel | Promise<TrayModel>;
  actions: TrayActions;
  clock: Clock;
  logger: Logger;
  /** The tray menu is rebuilt at most this often: a busy feed must not make it flicker. */
  throttleMs?: number;
};

export type TrayController = {
  /** Shows the tray (if hidden) and refreshes it now. */
  show(): Promise<void>;
  /** Asks for a refresh, at most one per throttle window. */
  update(): void;
  hide(): void;
  isShown(): boolean;
};

export function createTrayController(deps: TrayControllerDeps): TrayController {
  const throttleMs = deps.throttleMs ?? 2_000;
  let tray: TrayLike | undefined;
  let timer: TimerHandle | undefined;
  let lastRender = -Infinity;
  let lastKey = '';
  let rendering: Promise<void> = Promise.resolve();

  const render = async () => {
    if (!tray) return;
    const model = await deps.model();
    if (!tray) return;
    lastRender = deps.clock.now();
    const key = JSON.stringify(model);
    if (key === lastKey) return;
    lastKey = key;
    tray.setToolTip(model.tooltip);
    tray.setContextMenu(deps.buildMenu(trayMenuTemplate(model, deps.actions)));
  };
  const renderNow = () => {
    rendering = rendering
      .then(render)
      .catch((err: unknown) => deps.logger.warn({ err: String(err) }, 'tray not updated'));
    return rendering;
  };

  return {
    show() {
      if (!tray) {
        tray = new deps.Tray(deps.icon);
        // Windows and macOS report clicks on the icon; most Linux trays only open the menu.
        tray.on('click', () => deps.actions.show());
        lastKey = '';
      }
      return renderNow();
    },
    update() {
      if (!tray || timer) return;
      const wait = Math.max(0, lastRender + throttleMs - deps.clock.now());
      timer = deps.clock.setTimeout(() => {
        timer = undefined;
        void renderNow();
      }, wait);
    },
    hide() {
      deps.clock.clearTimeout(timer);
      timer = undefined;
      tray?.destroy();
      tray = undefined;
    },
    isShown: () => tray !== undefined,
  };
}
