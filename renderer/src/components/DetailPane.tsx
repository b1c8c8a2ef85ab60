// The detail pane: price header, the day's numbers, the intraday chart and honest freshness.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../api/context';
import { errorText } from '../lib/errors';
import { ApiError } from '../../../shared/errors';
import {
  formatAge,
  formatClock,
  formatCompact,
  formatCountdown,
  formatIn,
  formatMoneyCompact,
  formatPrice,
} from '../lib/format';
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

type RefreshState =
  | { kind: 'idle' }
  | { kind: 'asking' }
  /** Accepted: the quote should be stored by `due`; `since` tells its arrival from older ones. */
  | { kind: 'queued'; since: number; due: number; ahead: number }
  /** The on-demand budget is spent: a refresh is possible again at `at`. */
  | { kind: 'wait'; at: number }
  | { kind: 'failed'; message: string };

/**
 * "Refresh now": asks the engine for a fresh quote out of the plan's on-demand reserve. It says
 * when the quote is due (202) or when a refresh fits the budget again (429), and counts down.
 */
function RefreshButton({ symbol, fetchedAt, now }: { symbol: string; fetchedAt: string | undefined; now: number }) {
  const api = useApi();
  const reserve = useAppStore((s) => s.status?.plan?.reservePerMinute);
  const [state, setState] = useState<RefreshState>({ kind: 'idle' });
  const arrived = state.kind === 'queued' && fetchedAt !== undefined && Date.parse(fetchedAt) >= state.since;
  const ask = () => {
    setState({ kind: 'asking' });
    const since = Date.now() - 1000;
    api.call('refreshMarketData', { symbols: [symbol] }).then(
      (r) => setState({ kind: 'queued', since, due: Date.parse(r.estimatedDoneAt), ahead: r.queuedAhead }),
      (err: unknown) => {
        if (err instanceof ApiError && err.code === 'rate_limited' && err.retryAfter !== undefined) {
          setState({ kind: 'wait', at: Date.now() + err.retryAfter * 1000 });
        } else {
          setState({ kind: 'failed', message: errorText(err, 'The refresh was not accepted. Try again.') });
        }
      },
    );
  };
  const waiting = state.kind === 'wait' && now < state.at;
  let note: string;
  if (state.kind === 'asking') note = 'Asking…';
  else if (arrived) note = 'Refreshed just now.';
  else if (state.kind === 'queued') {
    note =
      state.due > now
        ? `Queued${state.ahead > 0 ? ` behind ${state.ahead}` : ''}: due ${formatIn(state.due - now)} (${formatClock(new Date(state.due).toISOString())}).`
        : 'Due now; waiting for the provider’s answer.';
  } else if (waiting) {
    note = `The on-demand budget is spent for now: you can refresh again ${formatIn(state.at - now)}.`;
  } else if (state.kind === 'failed') note = state.message;
  else {
    note =
      reserve !== undefined
        ? `From the on-demand reserve (${reserve < 1 ? reserve.toFixed(1) : Math.round(reserve)} calls a minute), ahead of the schedule.`
        : 'Ahead of the schedule.';
  }
  return (
    <div className="refresh-row">
      <button
        type="button"
        className="button button-quiet"
        disabled={state.kind === 'asking' || waiting || (state.kind === 'queued' && !arrived && state.due > now)}
        onClick={ask}
      >
        {waiting && state.kind === 'wait' ? `Refresh in ${formatCountdown(state.at - now)}` : 'Refresh now'}
      </button>
      <span className={`muted small${state.kind === 'failed' || waiting ? ' warn-text' : ''}`} role="status">
        {note}
      </span>
    </div>
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
          <RefreshButton symbol={symbol} fetchedAt={quote.fetchedAt} now={now} />
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
