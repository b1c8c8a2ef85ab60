import { useCallback, useEffect, useState } from 'react';
import type { MarketApi } from '../../shared/contract';
import { ApiError } from '../../shared/errors';
import { ApiProvider } from './api/context';
import { Sidebar } from './components/Sidebar';
import { TopBar } from './components/TopBar';
import { WatchlistView } from './components/WatchlistView';
import { createFrameBatcher, useAppStore } from './store';

function useEngineConnection(api: MarketApi) {
  const applyQuotes = useAppStore((s) => s.applyQuotes);
  const setWatchlists = useAppStore((s) => s.setWatchlists);
  const setConnection = useAppStore((s) => s.setConnection);
  const setStatus = useAppStore((s) => s.setStatus);
  const setNeedsLogin = useAppStore((s) => s.setNeedsLogin);

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const [lists, status] = await Promise.all([
          api.call('listWatchlists', {}),
          api.call('getMarketDataStatus', {}),
        ]);
        if (cancelled) return;
        setWatchlists(lists);
        setStatus(status);
        const symbols = [...new Set(lists.flatMap((w) => w.symbols))];
        if (symbols.length > 0) {
          const page = await api.call('listQuotes', { symbols, pageSize: symbols.length });
          if (!cancelled) applyQuotes(page.items);
        }
      } catch (err) {
        if (err instanceof ApiError && err.code === 'unauthorized') setNeedsLogin(true);
      }
    };
    void load();
    const batch = createFrameBatcher(applyQuotes, (fn) => requestAnimationFrame(fn));
    const offQuote = api.subscribe('quote', batch);
    const offStatus = api.subscribe('status', setStatus);
    const offConn = api.onConnection((state) => {
      setConnection(state);
      // After a reconnect, the lists may have changed elsewhere (API, another window).
      if (state === 'open') void load();
    });
    return () => {
      cancelled = true;
      offQuote();
      offStatus();
      offConn();
    };
  }, [api, applyQuotes, setWatchlists, setConnection, setStatus, setNeedsLogin]);
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

export function App({ api }: { api: MarketApi }) {
  useEngineConnection(api);
  const needsLogin = useAppStore((s) => s.needsLogin);
  const [error, setError] = useState<string | null>(null);
  const onError = useCallback((message: string) => setError(message), []);

  if (needsLogin) return <LoginNeeded />;
  return (
    <ApiProvider api={api}>
      <div className="app">
        <TopBar />
        <div className="body">
          <Sidebar onError={onError} />
          <main className="content">
            {error && (
              <div className="toast" role="alert">
                {error}
                <button className="icon-button" aria-label="Dismiss" onClick={() => setError(null)}>
                  ×
                </button>
              </div>
            )}
            <WatchlistView onError={onError} />
          </main>
        </div>
      </div>
    </ApiProvider>
  );
}
