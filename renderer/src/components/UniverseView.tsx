// Every symbol in one virtualized table: live, sortable, filterable, searchable; ≤ ~60 rows in the DOM.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { UniverseEntry } from '../../../shared/contract';
import { QUOTE_FIELDS, type Quote } from '../../../shared/quote';
import { csvFileName, downloadCsv } from '../lib/csv-download';
import { formatCompact, formatInt, formatMoneyCompact, formatPrice } from '../lib/format';
import { CAP_BANDS, compareBy, inCapBand, type CapBand, type SortState } from '../lib/quote-sort';
import { useFreshness } from '../lib/use-freshness';
import { useSlashFocus } from '../lib/use-slash-focus';
import { useQuotesTick } from '../lib/use-throttled-tick';
import { useAppStore } from '../store';
import { useFlash } from './QuoteRow';
import { ChangeText, DayRangeBar, FreshnessTag, SortHeader, type Column } from './QuoteBits';

export const UNIVERSE_ROW_HEIGHT = 30;

const COLUMNS: Column[] = [
  { key: 'symbol', label: 'Symbol' },
  { key: 'name', label: 'Name' },
  { key: 'price', label: 'Last', numeric: true },
  { key: 'change', label: 'Chg', numeric: true },
  { key: 'changePercent', label: 'Chg %', numeric: true },
  { key: 'volume', label: 'Volume', numeric: true },
  { key: 'marketCap', label: 'Mkt cap', numeric: true },
  { key: 'range', label: 'Range', numeric: true, title: 'Day range: low to high, dot at the last price' },
  { key: 'sector', label: 'Sector' },
  { key: 'exchange', label: 'Exch.' },
  { key: 'tier', label: 'Tier', numeric: true, title: 'Refresh tier: 1 every few minutes, 3 once a day' },
  { key: 'asOf', label: 'Updated', numeric: true },
];

/** Columns that give way when the table is narrow (the detail pane is open): filters still work. */
const EXTRA_COLUMNS = new Set(['sector', 'exchange', 'tier']);

/** Sorting by these follows live prices; the order is recomputed at most once a second. */
const LIVE_KEYS = new Set(['price', 'change', 'changePercent', 'volume', 'marketCap', 'range', 'asOf']);

type Filters = { q: string; exchange: string; tier: string; cap: CapBand | ''; sector: string };
const NO_FILTERS: Filters = { q: '', exchange: '', tier: '', cap: '', sector: '' };

export function filterUniverse(entries: readonly UniverseEntry[], quotes: Record<string, Quote>, f: Filters): string[] {
  const needle = f.q.trim().toUpperCase();
  const tier = f.tier === '' ? null : Number(f.tier);
  const out: string[] = [];
  for (const e of entries) {
    if (f.exchange && e.exchange !== f.exchange) continue;
    if (tier !== null && e.tier !== tier) continue;
    if (f.sector && (e.sector ?? '') !== f.sector) continue;
    if (f.cap && !inCapBand(quotes[e.symbol]?.marketCap, f.cap)) continue;
    if (needle && !e.symbol.startsWith(needle) && !e.name.toUpperCase().includes(needle)) continue;
    out.push(e.symbol);
  }
  return out;
}

const UniverseRow = memo(function UniverseRow({
  symbol,
  index,
  start,
  active,
  onOpen,
}: {
  symbol: string;
  index: number;
  start: number;
  active: boolean;
  onOpen: (symbol: string, index: number) => void;
}) {
  const quote = useAppStore((s) => s.quotes[symbol]);
  const entry = useAppStore((s) => s.universeBySymbol[symbol]);
  const open = useAppStore((s) => s.detailSymbol === symbol);
  const flash = useFlash(quote?.price);
  const fresh = useFreshness(quote);
  return (
    <div
      role="row"
      id={`u-row-${index}`}
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`urow${active ? ' selected' : ''}${open ? ' open' : ''}${quote && fresh.stale ? ' stale' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
      data-symbol={symbol}
      data-fetched-at={quote?.fetchedAt}
      onClick={() => onOpen(symbol, index)}
    >
      <div role="cell" className="sym-ticker">
        {symbol}
      </div>
      <div role="cell" className="uname" title={entry?.name}>
        {entry?.name ?? quote?.name}
      </div>
      {quote ? (
        <>
          <div role="cell" className={`num price${flash ? ` flash-${flash}` : ''}`} data-field="price">
            {formatPrice(quote.price)}
          </div>
          <div role="cell" className="num">
            <ChangeText change={quote.change} price={quote.price} />
          </div>
          <div role="cell" className="num">
            <ChangeText change={quote.changePercent} percent />
          </div>
          <div role="cell" className="num">
            {formatCompact(quote.volume)}
          </div>
          <div role="cell" className="num">
            {formatMoneyCompact(quote.marketCap)}
          </div>
          <div role="cell" className="num">
            <DayRangeBar quote={quote} />
          </div>
        </>
      ) : (
        <div role="cell" className="awaiting muted">
          awaiting first quote
        </div>
      )}
      <div role="cell" className="usector muted ucol-extra" title={entry?.industry ?? undefined}>
        {entry?.sector ?? '—'}
      </div>
      <div role="cell" className="muted ucol-extra">
        {entry?.exchange ?? quote?.exchange}
      </div>
      <div role="cell" className="num muted ucol-extra">
        {entry?.tier ?? quote?.tier}
      </div>
      <div role="cell" className="num updated">
        {quote ? <FreshnessTag quote={quote} now={fresh.now} /> : '—'}
      </div>
    </div>
  );
});

function Select({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
}) {
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function UniverseView() {
  const universe = useAppStore((s) => s.universe);
  const quotedCount = useAppStore((s) => s.quotedCount);
  const openDetail = useAppStore((s) => s.openDetail);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<SortState | null>({ key: 'marketCap', order: 'desc' });
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  useSlashFocus(search);

  // Live sort and the market-cap filter follow prices: recompute at most once a second.
  const live = (sort !== null && LIVE_KEYS.has(sort.key)) || filters.cap !== '';
  const onOpen = useCallback(
    (s: string, i: number) => {
      setActive(i);
      openDetail(s);
    },
    [openDetail],
  );
  // Only a live order listens to the batches (once a second); otherwise the rows update themselves.
  const tick = useQuotesTick(live, 1000);

  const options = useMemo(() => {
    const exchanges = new Set<string>();
    const sectors = new Set<string>();
    for (const e of universe ?? []) {
      exchanges.add(e.exchange);
      if (e.sector) sectors.add(e.sector);
    }
    return {
      exchanges: [...exchanges].sort().map((v) => ({ value: v, label: v })),
      sectors: [...sectors].sort().map((v) => ({ value: v, label: v })),
    };
  }, [universe]);

  const order = useMemo(() => {
    void tick;
    if (!universe) return [];
    const { quotes, universeBySymbol } = useAppStore.getState();
    const list = filterUniverse(universe, quotes, filters);
    return sort ? list.sort(compareBy(quotes, sort, universeBySymbol)) : list;
  }, [universe, filters, sort, tick]);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands back fresh functions by design; this component is not auto-memoized.
  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => UNIVERSE_ROW_HEIGHT,
    overscan: 10,
  });

  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setActive(0);
    scroller.current?.scrollTo({ top: 0 });
  };
  const filtered = Object.values(filters).some((v) => v !== '');

  const move = (to: number) => {
    const i = Math.max(0, Math.min(order.length - 1, to));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / UNIVERSE_ROW_HEIGHT) - 1);
    const keys: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: order.length - 1,
    };
    const to = keys[e.key];
    if (to !== undefined) {
      e.preventDefault();
      move(to);
    } else if (e.key === 'Enter') {
      const s = order[active];
      if (s) openDetail(s);
    }
  };

  const exportCsv = () => {
    const quotes = useAppStore.getState().quotes;
    const rows = order.map((s) => quotes[s]).filter((q): q is Quote => q !== undefined);
    downloadCsv(csvFileName(filtered ? 'universe-filtered' : 'universe'), rows, QUOTE_FIELDS);
  };

  return (
    <section className="panel panel-fill" aria-label="Universe">
      <div className="panel-head">
        <h1 className="view-title">Universe</h1>
        <span className="muted" role="status" aria-live="polite">
          {universe
            ? `${formatInt(order.length)} of ${formatInt(universe.length)} symbols · ${formatInt(quotedCount)} quoted`
            : 'Loading the symbol list…'}
        </span>
        <div className="spacer" />
        <button type="button" className="button button-quiet" onClick={exportCsv} disabled={order.length === 0}>
          Export CSV
        </button>
      </div>
      <div className="toolbar" role="search">
        <input
          ref={search}
          className="search-input"
          type="search"
          placeholder="Filter by symbol or name — press /"
          aria-label="Filter the universe by symbol or name"
          value={filters.q}
          onChange={(e) => set({ q: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              scroller.current?.focus();
            }
          }}
        />
        <Select
          label="Exchange"
          value={filters.exchange}
          onChange={(v) => set({ exchange: v })}
          options={options.exchanges}
        />
        <Select
          label="Tier"
          value={filters.tier}
          onChange={(v) => set({ tier: v })}
          options={[
            { value: '1', label: 'Tier 1' },
            { value: '2', label: 'Tier 2' },
            { value: '3', label: 'Tier 3' },
          ]}
        />
        <Select
          label="Market cap"
          value={filters.cap}
          onChange={(v) => set({ cap: v as CapBand | '' })}
          options={CAP_BANDS.map((b) => ({ value: b.id, label: b.label }))}
        />
        <Select label="Sector" value={filters.sector} onChange={(v) => set({ sector: v })} options={options.sectors} />
        {filtered && (
          <button type="button" className="button button-quiet" onClick={() => set(NO_FILTERS)}>
            Clear filters
          </button>
        )}
      </div>
      <div className="utable" role="table" aria-label="All symbols" aria-rowcount={order.length + 1}>
        <div role="rowgroup" className="uhead">
          <div role="row" className="urow uhead-row" aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <SortHeader
                key={c.key}
                column={c}
                sort={sort}
                onSort={setSort}
                className={EXTRA_COLUMNS.has(c.key) ? 'ucol-extra' : undefined}
              />
            ))}
          </div>
        </div>
        {!universe ? (
          <div className="skeleton-rows" aria-busy="true">
            {Array.from({ length: 12 }, (_, i) => (
              <span key={i} className="skeleton" />
            ))}
          </div>
        ) : order.length === 0 ? (
          <div className="empty-state">
            <p>No symbol matches these filters.</p>
            <button type="button" className="button" onClick={() => set(NO_FILTERS)}>
              Clear filters
            </button>
          </div>
        ) : (
          <div
            ref={scroller}
            className="ubody"
            role="rowgroup"
            tabIndex={0}
            aria-label="Symbols: arrows move, Enter opens the detail pane"
            aria-activedescendant={`u-row-${active}`}
            onKeyDown={onKeyDown}
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((v) => {
                const symbol = order[v.index];
                if (!symbol) return null;
                return (
                  <UniverseRow
                    key={symbol}
                    symbol={symbol}
                    index={v.index}
                    start={v.start}
                    active={v.index === active}
                    onOpen={onOpen}
                  />
                );
              })}
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
