import { useCallback, useMemo } from 'react';
import { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { useNow } from '../lib/use-now';
import { useAppStore } from '../store';
import { QuoteRow } from './QuoteRow';
import { SymbolSearch } from './SymbolSearch';

export function WatchlistView({ onError }: { onError: (message: string) => void }) {
  const api = useApi();
  const watchlist = useAppStore((s) => s.watchlists.find((w) => w.id === s.activeWatchlistId));
  const upsert = useAppStore((s) => s.upsertWatchlist);
  const applyQuotes = useAppStore((s) => s.applyQuotes);
  const now = useNow();
  const members = useMemo(() => new Set(watchlist?.symbols ?? []), [watchlist]);

  const save = useCallback(
    async (symbols: string[]) => {
      if (!watchlist) return;
      try {
        const updated = await api.call('updateWatchlist', { id: watchlist.id, symbols });
        upsert(updated);
        if (symbols.length > 0) {
          const page = await api.call('listQuotes', { symbols, pageSize: symbols.length });
          applyQuotes(page.items);
        }
      } catch (err) {
        onError(err instanceof ApiError ? err.message : 'Could not save the watchlist.');
      }
    },
    [api, watchlist, upsert, applyQuotes, onError],
  );

  const remove = useCallback(
    (symbol: string) => void save((watchlist?.symbols ?? []).filter((s) => s !== symbol)),
    [save, watchlist],
  );

  if (!watchlist) {
    return (
      <section className="panel empty-state">
        <h2>No watchlist yet</h2>
        <p>Create one on the left, then add symbols with the search box.</p>
      </section>
    );
  }

  return (
    <section className="panel" aria-label={`Watchlist ${watchlist.name}`}>
      <div className="panel-head">
        <h2>{watchlist.name}</h2>
        <span className="muted">{watchlist.symbols.length} symbols</span>
        <div className="topbar-spacer" />
        <SymbolSearch
          exclude={members}
          onPick={(symbol) => {
            if (!members.has(symbol)) void save([...watchlist.symbols, symbol]);
          }}
        />
      </div>
      {watchlist.symbols.length === 0 ? (
        <div className="empty-state">
          <p>
            This watchlist is empty. Press <kbd>/</kbd> and type a symbol or a company name.
          </p>
        </div>
      ) : (
        <table className="quotes">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Last
              </th>
              <th scope="col" className="num">
                Chg
              </th>
              <th scope="col" className="num">
                Chg %
              </th>
              <th scope="col" className="num">
                Volume
              </th>
              <th scope="col" className="num">
                Mkt cap
              </th>
              <th scope="col" className="num">
                Day range
              </th>
              <th scope="col" className="num">
                Updated
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {watchlist.symbols.map((s) => (
              <QuoteRow key={s} symbol={s} now={now} onRemove={remove} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
