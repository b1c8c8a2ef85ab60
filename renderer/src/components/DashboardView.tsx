// The dashboard: index proxies, top gainers and losers, volume leaders; refreshed on its own.
import { memo, useEffect, useState } from 'react';
import type { QuoteSort } from '../../../shared/contract';
import { QUOTE_FIELDS, type Quote } from '../../../shared/quote';
import { useApi } from '../api/context';
import { csvFileName, downloadCsv } from '../lib/csv-download';
import { errorText } from '../lib/errors';
import { formatClock, formatCompact, formatMoneyCompact, formatPrice } from '../lib/format';
import { useEnsureQuotes } from '../lib/use-ensure-quotes';
import { useFreshness } from '../lib/use-freshness';
import { useAppStore } from '../store';
import { ChangeText } from './QuoteBits';
import { useFlash } from './QuoteRow';

export const INDEX_PROXIES = [
  { symbol: 'SPY', label: 'S&P 500' },
  { symbol: 'QQQ', label: 'Nasdaq-100' },
  { symbol: 'DIA', label: 'Dow 30' },
  { symbol: 'IWM', label: 'Russell 2000' },
];

/** How often the movers lists ask the engine again. */
export const DASHBOARD_REFRESH_MS = 5000;

const MIN_CAPS = [
  { value: 0, label: 'Any size' },
  { value: 300e6, label: '≥ $300M' },
  { value: 2e9, label: '≥ $2B' },
  { value: 10e9, label: '≥ $10B' },
];

const IndexCard = memo(function IndexCard({ symbol, label }: { symbol: string; label: string }) {
  const quote = useAppStore((s) => s.quotes[symbol]);
  const openDetail = useAppStore((s) => s.openDetail);
  const fresh = useFreshness(quote);
  const flash = useFlash(quote?.price);
  return (
    <button
      type="button"
      className={`index-card${quote && fresh.stale ? ' stale' : ''}`}
      onClick={() => openDetail(symbol)}
      data-symbol={symbol}
    >
      <span className="index-head">
        <span className="sym-ticker">{symbol}</span>
        <span className="muted small">{label}</span>
      </span>
      {quote ? (
        <>
          <span className={`index-price num${flash ? ` flash-${flash}` : ''}`}>{formatPrice(quote.price)}</span>
          <span className="index-change num">
            <ChangeText change={quote.change} price={quote.price} /> <ChangeText change={quote.changePercent} percent />
          </span>
          {fresh.stale && <span className="stale-tag small">stale</span>}
        </>
      ) : (
        <span className="skeleton" />
      )}
    </button>
  );
});

const MoverRow = memo(function MoverRow({ item, rank }: { item: Quote; rank: number }) {
  const live = useAppStore((s) => s.quotes[item.symbol]);
  const openDetail = useAppStore((s) => s.openDetail);
  const q = live && live.asOf >= item.asOf ? live : item;
  const fresh = useFreshness(q);
  return (
    <tr className={`row${fresh.stale ? ' stale' : ''}`} data-symbol={q.symbol} onClick={() => openDetail(q.symbol)}>
      <td className="rank muted num">{rank}</td>
      <td className="sym">
        <div className="sym-cell">
          <button type="button" className="link-button sym-ticker" onClick={() => openDetail(q.symbol)}>
            {q.symbol}
          </button>
          <span className="sym-name" title={q.name}>
            {q.name}
          </span>
        </div>
      </td>
      <td className="num" data-field="price">
        {formatPrice(q.price)}
      </td>
      <td className="num" data-field="changePercent">
        <ChangeText change={q.changePercent} percent />
      </td>
      <td className="num">{formatCompact(q.volume)}</td>
      <td className="num">{formatMoneyCompact(q.marketCap)}</td>
    </tr>
  );
});

type ListState = { items: Quote[] | null; at: number | null; error: string | null };

/** A mover list keeps only what belongs in it: a "loser" that is up is not a loser. */
export const MOVER_FILTERS = {
  gainers: (q: Quote) => q.changePercent > 0,
  losers: (q: Quote) => q.changePercent < 0,
  volume: (q: Quote) => q.volume !== null && q.volume > 0,
} as const;

function useMovers(
  sort: QuoteSort,
  order: 'asc' | 'desc',
  minMarketCap: number,
  keep: (q: Quote) => boolean,
): ListState {
  const api = useApi();
  const [state, setState] = useState<ListState>({ items: null, at: null, error: null });
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api
        .call('listQuotes', { sort, order, pageSize: 10, ...(minMarketCap > 0 ? { minMarketCap } : {}) })
        .then(
          (page) => !cancelled && setState({ items: page.items.filter(keep), at: Date.now(), error: null }),
          (err: unknown) =>
            !cancelled && setState((s) => ({ ...s, error: errorText(err, 'The list did not refresh.') })),
        )
        .finally(() => {
          if (!cancelled) timer = setTimeout(load, DASHBOARD_REFRESH_MS);
        });
    };
    load();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, sort, order, minMarketCap, keep]);
  return state;
}

function MoversCard({ title, id, list, empty }: { title: string; id: string; list: ListState; empty: string }) {
  const exportCsv = () => list.items && downloadCsv(csvFileName(id), list.items, QUOTE_FIELDS);
  return (
    <section className="panel movers" aria-labelledby={`${id}-title`} data-list={id}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <div className="spacer" />
        <button
          type="button"
          className="button button-quiet"
          onClick={exportCsv}
          disabled={!list.items?.length}
          aria-label={`Export ${title} to CSV`}
        >
          Export CSV
        </button>
      </div>
      {list.error && (
        <div className="banner banner-error small" role="alert">
          {list.error}
        </div>
      )}
      {!list.items ? (
        <div className="skeleton-rows" aria-busy="true">
          {Array.from({ length: 10 }, (_, i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      ) : list.items.length === 0 ? (
        <div className="empty-state small">{empty}</div>
      ) : (
        <table className="quotes compact">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Last
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
            </tr>
          </thead>
          <tbody>
            {list.items.map((q, i) => (
              <MoverRow key={q.symbol} item={q} rank={i + 1} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const PROXY_SYMBOLS = INDEX_PROXIES.map((p) => p.symbol);

export function DashboardView() {
  const [minCap, setMinCap] = useState(2e9);
  useEnsureQuotes(PROXY_SYMBOLS);
  const gainers = useMovers('changePercent', 'desc', minCap, MOVER_FILTERS.gainers);
  const losers = useMovers('changePercent', 'asc', minCap, MOVER_FILTERS.losers);
  const volume = useMovers('volume', 'desc', minCap, MOVER_FILTERS.volume);
  const smaller = minCap > 0 ? ' Try a smaller minimum market cap.' : '';
  const at = gainers.at;
  return (
    <div className="dashboard">
      <div className="view-head">
        <h1 className="view-title">Dashboard</h1>
        <span className="muted small" role="status">
          {at
            ? `Lists updated ${formatClock(new Date(at).toISOString())} · every ${DASHBOARD_REFRESH_MS / 1000} s`
            : 'Loading…'}
        </span>
        <div className="spacer" />
        <label className="filter">
          <span className="filter-label">Min. market cap</span>
          <select value={minCap} onChange={(e) => setMinCap(Number(e.target.value))} aria-label="Minimum market cap">
            {MIN_CAPS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <section className="index-row" aria-label="Index proxies">
        {INDEX_PROXIES.map((p) => (
          <IndexCard key={p.symbol} symbol={p.symbol} label={p.label} />
        ))}
      </section>
      <div className="movers-grid">
        <MoversCard title="Top gainers" id="gainers" list={gainers} empty={`Nothing is up today yet.${smaller}`} />
        <MoversCard title="Top losers" id="losers" list={losers} empty={`Nothing is down today yet.${smaller}`} />
        <MoversCard
          title="Volume leaders"
          id="volume-leaders"
          list={volume}
          empty={`No day volume yet: Finnhub quotes carry none (its free stream sees only IEX trades); Alpha Vantage and the simulated feed report it.${smaller}`}
        />
      </div>
    </div>
  );
}
