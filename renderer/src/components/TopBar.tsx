import { useEffect } from 'react';
import { useApi } from '../api/context';
import { formatClock } from '../lib/format';
import { marketText } from '../lib/market-text';
import { useNow } from '../lib/use-now';
import { useAppStore } from '../store';

/** Session, countdown to the next change, holiday or early-close name; ticks every second. */
function MarketBadge() {
  const api = useApi();
  const market = useAppStore((s) => s.market);
  const setMarket = useAppStore((s) => s.setMarket);
  const alwaysOpen = useAppStore((s) => s.status?.plan?.alwaysOpen ?? false);
  const now = useNow();
  const due = market ? Date.parse(market.nextChange) : null;
  const overdue = due !== null && now > due + 2000;
  // The engine pushes each session change; if one was missed (asleep, reconnecting), ask.
  useEffect(() => {
    if (!overdue) return;
    api.call('getMarketStatus', {}).then(setMarket, () => undefined);
  }, [api, overdue, setMarket]);
  if (!market) return null;
  const t = marketText(market, now);
  return (
    <span
      className={`market-badge market-${t.session}`}
      // A timer is not announced every second (its live region is off by default).
      role="timer"
      aria-label={`${t.label}, ${t.next}${t.note ? `. ${t.note}` : ''}`}
      title={alwaysOpen ? `${t.detail}. The simulated feed runs around the clock.` : t.detail}
      data-session={t.session}
    >
      <span className="dot" aria-hidden="true" />
      <strong>{t.label}</strong>
      <span className="market-next">{t.next}</span>
      {t.note && <span className="market-note">{t.note}</span>}
    </span>
  );
}

const CONNECTION_TEXT = {
  open: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
} as const;

export function TopBar() {
  const connection = useAppStore((s) => s.connection);
  const lostAt = useAppStore((s) => s.lostAt);
  const feed = useAppStore((s) => s.status?.feed);
  return (
    <header className="topbar">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M1 12 L5 7 L8 9.5 L15 2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
        </svg>
        Quotedesk
      </div>
      {feed === 'simulated' && (
        <span
          className="badge badge-sim"
          title="Prices come from the built-in simulated feed, not a market. Add a Finnhub or Alpha Vantage key for real quotes."
        >
          Simulated data
        </span>
      )}
      <MarketBadge />
      <div className="topbar-spacer" />
      <span className="kbd-hint muted" aria-hidden="true">
        <kbd>/</kbd> search · <kbd>g</kbd> then a screen’s letter
      </span>
      <span
        className={`connection connection-${connection}`}
        role="status"
        aria-live="polite"
        title={lostAt ? `Connection lost at ${formatClock(new Date(lostAt).toISOString())}` : undefined}
      >
        <span className="dot" aria-hidden="true" />
        {CONNECTION_TEXT[connection]}
      </span>
    </header>
  );
}
