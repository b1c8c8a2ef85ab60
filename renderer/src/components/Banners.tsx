// Page-wide states: first run on simulated data, connection lost, the first load failing.
import type { ProviderStatus } from '../../../shared/contract';
import { humanizeTimes } from '../lib/errors';
import { formatClock } from '../lib/format';
import { sourceName } from '../lib/staleness';
import { useAppStore } from '../store';

/** "Finnhub is paused until 10:45:00 (rate limit reached)": why, and until when. */
export function providerProblem(p: ProviderStatus): string | null {
  if (p.state === 'ok') return null;
  const name = sourceName(p.id);
  const why = p.reason ? ` (${humanizeTimes(p.reason)})` : '';
  if (p.state === 'paused') {
    const until = p.pausedUntil ? ` until ${formatClock(p.pausedUntil)}` : '';
    return `${name} is paused${until}${why}. Its symbols keep their last prices, marked stale when they age.`;
  }
  return `${name} is not answering${why}; Quotedesk retries on its own and uses the next provider meanwhile.`;
}

export function Banners() {
  const feed = useAppStore((s) => s.status?.feed);
  const dismissed = useAppStore((s) => s.firstRunDismissed);
  const dismiss = useAppStore((s) => s.dismissFirstRun);
  const connection = useAppStore((s) => s.connection);
  const lostAt = useAppStore((s) => s.lostAt);
  const loadError = useAppStore((s) => s.loadError);
  const providers = useAppStore((s) => s.status?.providers);
  const setView = useAppStore((s) => s.setView);
  const problems = (providers ?? []).map(providerProblem).filter((t): t is string => t !== null);

  return (
    <>
      {connection === 'reconnecting' && (
        <div className="banner banner-warn" role="alert">
          <strong>
            Connection to Quotedesk lost{lostAt ? ` at ${formatClock(new Date(lostAt).toISOString())}` : ''}.
          </strong>{' '}
          Reconnecting… Prices on screen are frozen until it is back; nothing you changed is lost.
        </div>
      )}
      {loadError && (
        <div className="banner banner-error" role="alert">
          <strong>Could not load your data.</strong> {loadError} Check that Quotedesk (or <code>npm run serve</code>) is
          still running; this page retries when the connection comes back.
        </div>
      )}
      {problems.map((text) => (
        <div key={text} className="banner banner-warn" role="status">
          {text}
        </div>
      ))}
      {feed === 'simulated' && !dismissed && (
        <section className="banner banner-info" aria-label="About simulated data">
          <div>
            <strong>You are looking at simulated prices.</strong> Quotedesk runs at once on its built-in simulated feed:
            the numbers move like a market but are not real quotes, and every screen says so. For real US quotes, add a
            free <strong>Finnhub</strong> key (and optionally an <strong>Alpha Vantage</strong> key) in Settings — or
            start Quotedesk with <code>QUOTEDESK_FINNHUB_KEY=your-key</code> in its environment. The label at the top
            stays until real data flows.
          </div>
          <div className="banner-actions">
            <button type="button" className="button" onClick={() => setView('settings')}>
              Add a key
            </button>
            <button type="button" className="button button-quiet" onClick={dismiss}>
              Got it
            </button>
          </div>
        </section>
      )}
    </>
  );
}
