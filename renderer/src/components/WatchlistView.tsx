import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { QUOTE_FIELDS, type Quote } from '../../../shared/quote';
import { useApi } from '../api/context';
import { csvFileName, downloadCsv } from '../lib/csv-download';
import { errorText } from '../lib/errors';
import { compareBy, type SortState } from '../lib/quote-sort';
import { dropIndex, moveItem } from '../lib/reorder';
import { useEnsureQuotes } from '../lib/use-ensure-quotes';
import { useQuotesTick } from '../lib/use-throttled-tick';
import { useAppStore } from '../store';
import { EditableTitle } from './EditableTitle';
import { SortHeader, type Column } from './QuoteBits';
import { QuoteRow, type RowAction } from './QuoteRow';
import { SymbolSearch } from './SymbolSearch';

const COLUMNS: Column[] = [
  { key: 'symbol', label: 'Symbol' },
  { key: 'price', label: 'Last', numeric: true },
  { key: 'change', label: 'Chg', numeric: true },
  { key: 'changePercent', label: 'Chg %', numeric: true },
  { key: 'volume', label: 'Volume', numeric: true },
  { key: 'marketCap', label: 'Mkt cap', numeric: true },
  { key: 'range', label: 'Day range', numeric: true, title: 'Sort by where the price sits in the day range' },
  { key: 'asOf', label: 'Updated', numeric: true },
];

function WatchlistName({ id, name }: { id: number; name: string }) {
  const api = useApi();
  const upsert = useAppStore((s) => s.upsertWatchlist);
  return (
    <EditableTitle
      name={name}
      what="watchlist"
      rename={(next) => api.call('updateWatchlist', { id, name: next }).then(upsert)}
    />
  );
}

export function WatchlistView() {
  const api = useApi();
  const watchlist = useAppStore((s) => s.watchlists.find((w) => w.id === s.activeWatchlistId));
  const loaded = useAppStore((s) => s.watchlistsLoaded);
  const upsert = useAppStore((s) => s.upsertWatchlist);
  const applyQuotes = useAppStore((s) => s.applyQuotes);
  const openDetail = useAppStore((s) => s.openDetail);
  const pushToast = useAppStore((s) => s.pushToast);
  const [sort, setSort] = useState<SortState | null>(null);
  const [selected, setSelected] = useState(0);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<{ index: number; after: boolean } | null>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const symbols = useMemo(() => watchlist?.symbols ?? [], [watchlist]);
  const members = useMemo(() => new Set(symbols), [symbols]);
  useEnsureQuotes(symbols);

  // Sorted views follow the prices, but re-order at most once a second so rows do not jump per tick.
  const sortTick = useQuotesTick(sort !== null, 1000);
  const shown = useMemo(() => {
    if (!sort) return symbols;
    void sortTick;
    return [...symbols].sort(compareBy(useAppStore.getState().quotes, sort));
  }, [symbols, sort, sortTick]);

  const save = useCallback(
    async (next: string[]) => {
      if (!watchlist) return;
      const before = watchlist;
      upsert({ ...watchlist, symbols: next });
      try {
        const updated = await api.call('updateWatchlist', { id: watchlist.id, symbols: next });
        upsert(updated);
        const missing = next.filter((s) => !useAppStore.getState().quotes[s]);
        if (missing.length > 0) {
          const page = await api.call('listQuotes', { symbols: missing, pageSize: missing.length });
          applyQuotes(page.items);
        }
      } catch (err) {
        upsert(before);
        pushToast({ kind: 'error', title: 'Watchlist not saved', message: errorText(err, 'Try again.') });
      }
    },
    [api, watchlist, upsert, applyQuotes, pushToast],
  );

  const focusRow = (i: number) => {
    requestAnimationFrame(() => {
      const row = body.current?.querySelectorAll<HTMLTableRowElement>('tr')[i];
      row?.focus();
    });
  };

  // One stable callback for every row, reading the latest state through a ref.
  const latest = useRef({ shown, symbols, save, dragFrom });
  useEffect(() => {
    latest.current = { shown, symbols, save, dragFrom };
  });
  const onAction = useCallback(
    (a: RowAction) => {
      const { shown: list, symbols: order, save: persist, dragFrom: from } = latest.current;
      if (a.type === 'select') {
        const i = Math.max(0, Math.min(a.index, list.length - 1));
        setSelected(i);
        focusRow(i);
      } else if (a.type === 'open') {
        openDetail(a.symbol);
      } else if (a.type === 'remove') {
        void persist(order.filter((s) => s !== a.symbol));
      } else if (a.type === 'move') {
        if (a.to < 0 || a.to >= order.length) return;
        void persist(moveItem(order, a.from, a.to));
        setSelected(a.to);
        focusRow(a.to);
      } else if (a.type === 'drag-start') {
        setDragFrom(a.index);
      } else if (a.type === 'drop') {
        if (from !== null) void persist(moveItem(order, from, dropIndex(from, a.over, a.after)));
        setDragFrom(null);
        setDropAt(null);
      }
    },
    [openDetail],
  );
  const onDragOverRow = useCallback((index: number, after: boolean) => {
    setDropAt((cur) => (cur && cur.index === index && cur.after === after ? cur : { index, after }));
  }, []);

  if (!loaded) {
    return (
      <section className="panel" aria-busy="true" aria-label="Loading watchlists">
        <div className="panel-head">
          <span className="skeleton skeleton-title" />
        </div>
        <div className="skeleton-rows">
          {Array.from({ length: 6 }, (_, i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      </section>
    );
  }

  if (!watchlist) {
    return (
      <section className="panel empty-state">
        <h1>No watchlist yet</h1>
        <p>Name one in the box on the left (“New watchlist…”), then add symbols with the search box.</p>
      </section>
    );
  }

  const exportCsv = () => {
    const quotes = useAppStore.getState().quotes;
    const rows = shown.map((s) => quotes[s]).filter((q): q is Quote => q !== undefined);
    downloadCsv(csvFileName(watchlist.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')), rows, QUOTE_FIELDS);
  };

  return (
    <section className="panel" aria-label={`Watchlist ${watchlist.name}`}>
      <div className="panel-head">
        <WatchlistName id={watchlist.id} name={watchlist.name} />
        <span className="muted">
          {symbols.length} {symbols.length === 1 ? 'symbol' : 'symbols'}
          {sort
            ? ' · sorted (click the header again to go back to your order)'
            : symbols.length > 1
              ? ' · drag rows or Alt+↑/↓ to reorder'
              : ''}
        </span>
        <div className="spacer" />
        <SymbolSearch
          key={watchlist.id}
          autoFocus={symbols.length === 0}
          exclude={members}
          onPick={(symbol) => {
            if (!members.has(symbol)) void save([...symbols, symbol]);
          }}
        />
        <button type="button" className="button button-quiet" onClick={exportCsv} disabled={symbols.length === 0}>
          Export CSV
        </button>
      </div>
      {symbols.length === 0 ? (
        <div className="empty-state">
          <p>
            This watchlist is empty. Press <kbd>/</kbd> and type a symbol or a company name, then <kbd>Enter</kbd>.
          </p>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="quotes" aria-label={`${watchlist.name} quotes`}>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <SortHeader key={c.key} as="th" column={c} sort={sort} onSort={setSort} />
                ))}
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody ref={body} onDragLeave={(e) => e.currentTarget === e.target && setDropAt(null)}>
              {shown.map((s, i) => (
                <QuoteRow
                  key={s}
                  symbol={s}
                  index={i}
                  selected={i === selected}
                  focusable={i === Math.min(selected, shown.length - 1)}
                  reorderable={!sort}
                  dropAt={
                    dropAt?.index === i && dragFrom !== null && dragFrom !== i
                      ? dropAt.after
                        ? 'after'
                        : 'before'
                      : null
                  }
                  onAction={onAction}
                  onDragOverRow={onDragOverRow}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
