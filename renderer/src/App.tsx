import { useEffect } from 'react';
import { flushSync } from 'react-dom';
import type { Holding, MarketApi, Portfolio, PortfolioValuation } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import { ApiProvider } from './api/context';
import { desktopBridge, onDesktopCommand } from './api/desktop';
import { AlertsView } from './components/AlertsView';
import { Banners } from './components/Banners';
import { DashboardView } from './components/DashboardView';
import { DetailPane } from './components/DetailPane';
import { HealthView } from './components/HealthView';
import { PortfoliosView } from './components/PortfoliosView';
import { SettingsView } from './components/SettingsView';
import { UsageView } from './components/UsageView';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { TopBar } from './components/TopBar';
import { UniverseView } from './components/UniverseView';
import { WatchlistView } from './components/WatchlistView';
import { errorText } from './lib/errors';
import { createMarketClock } from '../../shared/market';
import { NOTIFY_WITHIN_MS, showSystemNotification } from './lib/notify';
import { setStalenessContext } from './lib/staleness';
import { hashOf, routeFromHash } from './lib/routes';
import { isTyping } from './lib/use-slash-focus';
import { useUsageAlertToasts } from './lib/use-usage-alert-toasts';
import { createFrameBatcher, useAppStore, type View } from './store';

/** Quotes per page of the first load. */
export const QUOTE_PAGE_SIZE = 1000;

/** Whether the valuations describe the same portfolios (names, holdings) as the list we hold. */
export function samePortfolios(list: readonly Portfolio[] | null, valued: readonly PortfolioValuation[]): boolean {
  if (!list || list.length !== valued.length) return false;
  const sig = (p: { id: number; name: string; holdings: readonly Holding[] }) =>
    `${p.id}:${p.name}:${p.holdings.map((h) => `${h.symbol}/${h.shares}/${h.costBasis}`).join(',')}`;
  const mine = new Set(list.map(sig));
  return valued.every((v) => mine.has(sig(v)));
}

function useEngineConnection(api: MarketApi) {
  useEffect(() => {
    const store = useAppStore.getState;
    let cancelled = false;
    const load = async () => {
      try {
        const [lists, status, alerts, ui] = await Promise.all([
          api.call('listWatchlists', {}),
          api.call('getMarketDataStatus', {}),
          api.call('listAlerts', {}),
          api.call('getUiSettings', {}),
        ]);
        if (cancelled) return;
        store().setWatchlists(lists);
        store().setStatus(status);
        store().setAlerts(alerts);
        store().setTheme(ui.theme);
        store().setLoadError(null);
        void loadPortfolios();
        // Whether pre- and post-market count as polled time (the freshness rule needs it).
        api.call('getPollIntervals', {}).then(
          (p) => !cancelled && store().setExtendedHours(p.extendedHours),
          () => undefined,
        );
        api.call('getMarketStatus', {}).then(
          (m) => !cancelled && store().setMarket(m),
          () => undefined,
        );
        // Every quote the engine holds: the universe table, dashboard and detail pane read them all.
        // In pages, each parsed and applied in its own task, so the page never freezes on one
        // 1.8 MB answer.
        const universe = store().universe ? Promise.resolve(null) : api.call('listUniverse', {});
        for (let page = 1, pages = 1; page <= pages && !cancelled; page++) {
          const got = await api.call('listQuotes', { page, pageSize: QUOTE_PAGE_SIZE });
          if (cancelled) return;
          store().applyQuotes(got.items);
          pages = Math.ceil(got.total / QUOTE_PAGE_SIZE);
        }
        const list = await universe;
        if (!cancelled && list) store().setUniverse(list);
      } catch (err) {
        if (cancelled) return;
        if (err instanceof ApiError && err.code === 'unauthorized') store().setNeedsLogin(true);
        else store().setLoadError(errorText(err, 'Quotedesk did not answer. Is it still running?'));
      }
    };
    // Portfolios load beside the rest: their valuations then live on `portfolio` events.
    let portfoliosLoading = false;
    const loadPortfolios = async () => {
      if (portfoliosLoading) return;
      portfoliosLoading = true;
      try {
        const list = await api.call('listPortfolios', {});
        if (cancelled) return;
        store().setPortfolios(list);
        const valued = await Promise.all(list.map((p) => api.call('getPortfolioValuation', { id: p.id })));
        if (!cancelled) for (const v of valued) store().setValuation(v);
      } catch (err) {
        if (!cancelled && !store().portfolios) store().setPortfolios([]);
        if (!cancelled) {
          store().pushToast({
            kind: 'error',
            title: 'Portfolios did not load',
            message: errorText(err, 'They load again when the connection comes back.'),
          });
        }
      } finally {
        portfoliosLoading = false;
      }
    };
    void load();
    // Rendered inside the frame that applies the batch (flushSync), so the rows are painted in
    // that same frame instead of a later one.
    const batch = createFrameBatcher(
      (quotes) => flushSync(() => store().applyQuotes(quotes)),
      (fn) => requestAnimationFrame(fn),
    );
    const offQuote = api.subscribe('quote', batch);
    const offStatus = api.subscribe('status', (s) => store().setStatus(s));
    const offMarket = api.subscribe('market', (m) => store().setMarket(m));
    const offPortfolio = api.subscribe('portfolio', (list) => {
      store().setValuations(list);
      // Portfolios changed elsewhere (the API, another window): take the list again.
      if (!samePortfolios(store().portfolios, list)) void loadPortfolios();
    });
    const offAlert = api.subscribe('alert', ({ recent }) => {
      const fresh = store().takeNewFirings(recent);
      if (fresh.length === 0) return;
      // The list's states (armed, fire count) moved on: take them again.
      api.call('listAlerts', {}).then(
        (list) => store().setAlerts(list),
        () => undefined,
      );
      for (const f of fresh) {
        if (Date.now() - Date.parse(f.firedAt) > NOTIFY_WITHIN_MS) continue;
        store().pushToast({ kind: 'alert', title: `${f.symbol} alert`, message: f.message, symbol: f.symbol });
        showSystemNotification(f, () => store().openDetail(f.symbol));
      }
    });
    // Provider health (paused, down) also arrives as `status` events; a slow poll covers transports
    // that only push changes.
    const statusTimer = setInterval(() => {
      api.call('getMarketDataStatus', {}).then(
        (s) => store().setStatus(s),
        () => undefined,
      );
    }, 30_000);
    const offRefresh = useAppStore.subscribe((s, prev) => {
      if (s.refreshRequest !== prev.refreshRequest) void load();
    });
    // Quotes turn stale on screen by the engine's session-aware rule: it needs the refresh plan.
    const market = createMarketClock();
    // Real providers took over: the simulated prices go (the engine dropped them too), the real
    // ones load, so made-up prices never sit beside real ones.
    const offFeed = useAppStore.subscribe((s, prev) => {
      if (prev.status?.feed !== 'simulated' || s.status?.feed !== 'live') return;
      store().dropQuotes((q) => q.source === 'simulated');
      void load();
    });
    const offStaleness = useAppStore.subscribe((s, prev) => {
      if (s.status?.plan === prev.status?.plan && s.extendedHours === prev.extendedHours) return;
      setStalenessContext({ plan: s.status?.plan, extendedHours: s.extendedHours, market });
    });
    let wasOpen = false;
    const offConn = api.onConnection((state) => {
      store().setConnection(state);
      // After a reconnect, the lists may have changed elsewhere (API, another window).
      if (state === 'open' && wasOpen) void load();
      if (state === 'open') wasOpen = true;
    });
    return () => {
      cancelled = true;
      clearInterval(statusTimer);
      offQuote();
      offStatus();
      offPortfolio();
      offMarket();
      offAlert();
      offConn();
      offRefresh();
      offStaleness();
      offFeed();
      setStalenessContext(null);
    };
  }, [api]);
}

/** `g` then a letter switches screens (the sidebar shows the letters). */
export const SCREEN_KEYS: Record<string, View> = {
  w: 'watchlists',
  u: 'universe',
  d: 'dashboard',
  p: 'portfolios',
  a: 'alerts',
  m: 'usage',
  h: 'health',
  s: 'settings',
};

const SEARCH_VIEWS: ReadonlySet<View> = new Set(['watchlists', 'universe', 'portfolios', 'alerts']);

/** Answers the desktop shell's commands (native menu, tray, notification clicks). */
function useDesktopCommands() {
  useEffect(() => {
    const bridge = desktopBridge();
    if (!bridge) return;
    return onDesktopCommand(bridge, (c) => {
      const store = useAppStore.getState();
      if (c.command === 'show-symbol') {
        store.openDetail(c.symbol);
      } else if (c.command === 'open-settings') {
        store.setView('settings');
      } else if (c.command === 'focus-search') {
        // Screens without a symbol search send it to the watchlist's.
        if (!SEARCH_VIEWS.has(store.view)) store.setView('watchlists');
        store.requestSearchFocus();
      } else if (c.command === 'new-watchlist') {
        store.requestNewWatchlist();
      } else {
        store.requestRefresh();
      }
    });
  }, []);
}

/** Keeps the view (and open watchlist) in the address bar and answers the `g` + letter shortcuts. */
function useNavigation() {
  const setView = useAppStore((s) => s.setView);
  useEffect(() => {
    const fromHash = () => {
      const r = routeFromHash(window.location.hash);
      if (!r) return;
      setView(r.view);
      if (r.watchlistId !== null) useAppStore.getState().selectWatchlist(r.watchlistId);
      if (r.portfolioId) useAppStore.getState().selectPortfolio(r.portfolioId);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [setView]);

  useEffect(
    () =>
      useAppStore.subscribe((s, prev) => {
        if (
          s.view === prev.view &&
          s.activeWatchlistId === prev.activeWatchlistId &&
          s.activePortfolioId === prev.activePortfolioId
        ) {
          return;
        }
        const hash = hashOf({ view: s.view, watchlistId: s.activeWatchlistId, portfolioId: s.activePortfolioId });
        if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
      }),
    [],
  );

  useEffect(() => {
    const keys: Record<string, View> = SCREEN_KEYS;
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'Escape' && useAppStore.getState().detailSymbol) {
        useAppStore.getState().openDetail(null);
        return;
      }
      if (e.key === 'g') {
        pendingG = Date.now();
        return;
      }
      const view = keys[e.key];
      if (view && Date.now() - pendingG < 1500) {
        pendingG = 0;
        e.preventDefault();
        setView(view);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);
}

function LoginNeeded() {
  return (
    <main className="login">
      <h1>Quotedesk</h1>
      <p>This browser has no access token yet.</p>
      <p>
        Open the address that <code>npm run serve</code> printed (it ends in <code>?token=…</code>); it signs this
        browser in and the token is then kept in a cookie.
      </p>
    </main>
  );
}

function CurrentView() {
  const view = useAppStore((s) => s.view);
  if (view === 'universe') return <UniverseView />;
  if (view === 'dashboard') return <DashboardView />;
  if (view === 'alerts') return <AlertsView />;
  if (view === 'portfolios') return <PortfoliosView />;
  if (view === 'usage') return <UsageView />;
  if (view === 'health') return <HealthView />;
  if (view === 'settings') return <SettingsView />;
  return <WatchlistView />;
}

export function App({ api }: { api: MarketApi }) {
  useEngineConnection(api);
  useNavigation();
  useDesktopCommands();
  useUsageAlertToasts(api);
  const needsLogin = useAppStore((s) => s.needsLogin);
  const detail = useAppStore((s) => s.detailSymbol);
  const offline = useAppStore((s) => s.connection === 'reconnecting');

  if (needsLogin) return <LoginNeeded />;
  return (
    <ApiProvider api={api}>
      <div className={`app${offline ? ' offline' : ''}`}>
        <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
          Skip to content
        </button>
        <TopBar />
        <div className="body">
          <Sidebar />
          <main className="content" id="main" tabIndex={-1}>
            <Banners />
            <CurrentView />
          </main>
          {detail && <DetailPane key={detail} symbol={detail} />}
        </div>
        <Toasts />
      </div>
    </ApiProvider>
  );
}
