import { useAppStore } from '../store';

const CONNECTION_TEXT = {
  open: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost — reconnecting…',
} as const;

export function TopBar() {
  const connection = useAppStore((s) => s.connection);
  const feed = useAppStore((s) => s.status?.feed);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
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
      <span className={`connection connection-${connection}`} role="status" aria-live="polite">
        <span className="dot" aria-hidden="true" />
        {CONNECTION_TEXT[connection]}
      </span>
    </header>
  );
}
