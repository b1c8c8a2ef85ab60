import { formatClock } from '../lib/format';
import { useAppStore } from '../store';

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
