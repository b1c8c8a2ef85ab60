// The detail pane: price header, the day's numbers, the intraday chart and honest freshness.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../api/context';
import { errorText } from '../lib/errors';
import { formatAge, formatClock, formatCompact, formatMoneyCompact, formatPrice } from '../lib/format';
import { freshness, sourceName } from '../lib/staleness';
import { useNow } from '../lib/use-now';
import { useAppStore } from '../store';
import { PriceChart } from './PriceChart';
import { ChangeText, DayRangeBar } from './QuoteBits';

function Stat({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div className="stat">
      <dt title={title}>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function AddToWatchlist({ symbol }: { symbol: string }) {
  const api = useApi();
  const watchlists = useAppStore((s) => s.watchlists);
  const upsert = useAppStore((s) => s.upsertWatchlist);
  const pushToast = useAppStore((s) => s.pushToast);
  const candidates = watchlists.filter((w) => !w.symbols.includes(symbol));
  if (watchlists.length === 0) return null;
  if (candidates.length === 0) return <span className="muted small">On all your watchlists</span>;
  return (
    <select
      className="button button-quiet"
      aria-label={`Add ${symbol} to a watchlist`}
      value=""
      onChange={(e) => {
        const w = watchlists.find((x) => x.id === Number(e.target.value));
        if (!w) return;
        api.call('updateWatchlist', { id: w.id, symbols: [...w.symbols, symbol] }).then(
          (updated) => {
            upsert(updated);
            pushToast({ kind: 'info', title: 'Added', message: `${symbol} is on “${w.name}”.` });
          },
          (err: unknown) => pushToast({ kind: 'error', title: 'Not added', message: errorText(err, 'Try again.') }),
        );
      }}
    >
      <option value="">+ Add to watchlist…</option>
      {candidates.map((w) => (
        <option key={w.id} value={w.id}>
          {w.name}
        </option>
      ))}
    </select>
  );
}

export function DetailPane({ symbol }: { symbol: string }) {
  const api = useApi();
  const quote = useAppStore((s) => s.quotes[symbol]);
  const entry = useAppStore((s) => s.universeBySymbol[symbol]);
  const close = useAppStore((s) => s.openDetail);
  const applyQuotes = useAppStore((s) => s.applyQuotes);
  const setView = useAppStore((s) => s.setView);
  const setAlertDraft = useAppStore((s) => s.setAlertDraft);
  const now = useNow();
  const heading = useRef<HTMLHeadingElement>(null);
  const [error, setError] = useState<string | null>(null);

  // Focus moves into the pane when it opens and goes back where it was (a table row) when it closes.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
    return () => {
      const now = document.activeElement;
      if (before?.isConnected && (now === null || now === document.body || !now.isConnected)) before.focus();
    };
  }, []);

  // A symbol nobody watches may have no quote here yet: ask for one (the engine fetches it on demand).
  const hasQuote = quote !== undefined;
  useEffect(() => {
    if (hasQuote) return;
    let cancelled = false;
    api.call('getQuote', { symbol }).then(
      (q) => !cancelled && applyQuotes([q]),
      (err: unknown) => !cancelled && setError(errorText(err, 'No quote could be loaded.')),
    );
    return () => {
      cancelled = true;
    };
  }, [api, symbol, hasQuote, applyQuotes]);

  const f = quote ? freshness(quote, now) : null;
  const avg = entry?.avgVolume ?? null;
  const volRatio = quote?.volume !== null && quote?.volume !== undefined && avg ? quote.volume / avg : null;

  return (
    <aside className="detail" aria-labelledby="detail-title">
      <header className="detail-head">
        <div>
          <h2 id="detail-title" ref={heading} tabIndex={-1}>
            {symbol}
          </h2>
          <div className="detail-name">{entry?.name ?? quote?.name ?? ''}</div>
          <div className="muted small">
            {[entry?.exchange ?? quote?.exchange, entry?.sector, entry ? `Tier ${entry.tier}` : null]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label="Close detail pane (Escape)"
          onClick={() => close(null)}
        >
          ×
        </button>
      </header>

      {!quote ? (
        error ? (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        ) : (
          <div className="detail-loading" aria-busy="true">
            <span className="skeleton skeleton-title" />
            <span className="skeleton" />
          </div>
        )
      ) : (
        <>
          <div className={`detail-price${f?.stale ? ' stale' : ''}`}>
            <span className="big-price" data-field="price">
              {formatPrice(quote.price)}
            </span>
            <span className="big-change">
              <ChangeText change={quote.change} price={quote.price} />
              <span className="paren">
                (<ChangeText change={quote.changePercent} percent />)
              </span>
            </span>
          </div>
          {f?.stale ? (
            <div className="stale-banner" role="status">
              <strong>Stale.</strong> Last update {formatAge(f.ageMs).replace(' old', ' ago')} (as of{' '}
              {formatClock(quote.asOf)}, {sourceName(quote.source)}). Waiting for a fresh quote.
            </div>
          ) : (
            <div className="asof-line muted small" data-testid="asof-line">
              as of {formatClock(quote.asOf)} · {sourceName(quote.source)} · {formatAge(f?.ageMs ?? 0)}
            </div>
          )}

          <dl className="stats">
            <Stat label="Open">{formatPrice(quote.open)}</Stat>
            <Stat label="Prev. close">{formatPrice(quote.previousClose)}</Stat>
            <Stat
              label="Volume"
              title={
                quote.volume === null
                  ? `${sourceName(quote.source)} reports no day volume for this quote (Finnhub's free feed has none)`
                  : undefined
              }
            >
              {quote.volume === null ? <span className="muted">not reported</span> : formatCompact(quote.volume)}
            </Stat>
            <Stat label="Avg. volume" title="Average daily volume over the last 20 sessions">
              {formatCompact(avg)}
            </Stat>
            <Stat label="Vol. vs avg." title="Today's volume so far against the average daily volume">
              {volRatio === null ? (
                '—'
              ) : (
                <span className={volRatio >= 1.5 ? 'hot' : undefined}>{volRatio.toFixed(2)}×</span>
              )}
            </Stat>
            <Stat label="Market cap">{formatMoneyCompact(quote.marketCap)}</Stat>
            <div className="stat stat-wide">
              <dt>Day range</dt>
              <dd>
                <DayRangeBar quote={quote} wide />
              </dd>
            </div>
          </dl>
        </>
      )}

      <PriceChart symbol={symbol} />

      <div className="detail-actions">
        <AddToWatchlist symbol={symbol} />
        <button
          type="button"
          className="button"
          onClick={() => {
            setAlertDraft(symbol);
            setView('alerts');
          }}
        >
          Set alert…
        </button>
      </div>
    </aside>
  );
}
