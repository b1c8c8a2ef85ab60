// Usage screen parts for usage alerts (active and recent, the webhook) and the daily usage reports.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type {
  DailyUsageReport,
  UsageAlert,
  UsageAlertSeverity,
  UsageReportRow,
  UsageReports,
  WebhookSettings,
} from '../../../shared/contract';
import { useApi } from '../api/context';
import { csvFileName, downloadCsv } from '../lib/csv-download';
import { errorText } from '../lib/errors';
import { formatClock, formatInt } from '../lib/format';
import { sourceName } from '../lib/staleness';

/** Alerts and reports are also refreshed this often while the screen is open (events cover the rest). */
const REFRESH_MS = 30_000;
/** Resolved alerts listed under the active ones. */
const RECENT_SHOWN = 12;

const SEVERITY_PILL: Record<UsageAlertSeverity, string> = { info: 'off', warning: 'fired', critical: 'down' };
const SEVERITY_TEXT: Record<UsageAlertSeverity, string> = { info: 'Info', warning: 'Warning', critical: 'Critical' };

/** `Mon 23 Nov, 14:10` for times not today; the clock alone for today's. */
function when(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  if (d.toDateString() === today.toDateString()) return formatClock(iso);
  return `${d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}, ${formatClock(iso)}`;
}

function useUsageAlerts(): { alerts: UsageAlert[] | null; error: string | null } {
  const api = useApi();
  const [alerts, setAlerts] = useState<UsageAlert[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api.call('listUsageAlerts', { limit: 100 }).then(
        (list) => {
          if (cancelled) return;
          setAlerts(list);
          setError(null);
        },
        (err: unknown) => {
          if (!cancelled) setError(errorText(err, 'Usage alerts did not load; they are tried again shortly.'));
        },
      );
    void load();
    const off = api.subscribe('usageAlert', () => void load());
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      off();
      clearInterval(timer);
    };
  }, [api]);
  return { alerts, error };
}

function AlertItem({ a }: { a: UsageAlert }) {
  const resolved = a.resolvedAt !== null;
  return (
    <li className={`usage-alert${resolved ? ' resolved' : ''}`} data-kind={a.kind} data-key={a.key}>
      <span className={`status-pill ${resolved ? 'armed' : SEVERITY_PILL[a.severity]}`}>
        {resolved ? 'Resolved' : SEVERITY_TEXT[a.severity]}
      </span>
      <div className="usage-alert-text">
        <div className="usage-alert-message">{a.message}</div>
        <div className="muted small">
          {a.provider ? `${sourceName(a.provider)} · ` : ''}
          {resolved ? 'fired' : 'since'} {when(a.firedAt)}
          {a.repeats > 0 ? ` · came back ${a.repeats}×` : ''}
          {resolved && a.resolvedAt
            ? ` · resolved ${when(a.resolvedAt)}${a.resolvedMessage ? `: ${a.resolvedMessage}` : ''}`
            : ''}
          {!resolved && !a.notified && a.severity !== 'info' ? ' · not notified (too many at once)' : ''}
        </div>
      </div>
    </li>
  );
}

function WebhookForm() {
  const api = useApi();
  const [settings, setSettings] = useState<WebhookSettings | null>(null);
  const [url, setUrl] = useState('');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.call('getUsageAlertSettings', {}).then(setSettings, () => undefined);
  }, [api]);
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      setNote({ ok: false, text: errorText(err, 'That did not work.') });
    } finally {
      setBusy(false);
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const next = await api.call('updateUsageAlertSettings', { webhook: url.trim() === '' ? null : url.trim() });
      setSettings(next);
      setUrl('');
      setNote({
        ok: true,
        text: next.configured ? `Alerts now also go to ${next.target ?? 'the webhook'}.` : 'Webhook removed.',
      });
    });
  };
  const test = () =>
    void act(async () => {
      const r = await api.call('testUsageAlertWebhook', {});
      setNote({
        ok: r.delivered,
        text: r.delivered ? `Test delivered (${r.detail}).` : `Test not delivered: ${r.detail}.`,
      });
      setSettings(await api.call('getUsageAlertSettings', {}));
    });
  const fromEnv = settings?.source === 'environment';
  return (
    <form className="webhook-form" onSubmit={save} aria-label="Alert webhook">
      <span className="muted small">
        Webhook:{' '}
        {settings?.configured ? (
          <>
            <code>{settings.target}</code>
            {fromEnv ? ' (from QUOTEDESK_ALERT_WEBHOOK)' : ''}
            {settings.lastDelivery
              ? ` · last delivery ${when(settings.lastDelivery.at)} ${settings.lastDelivery.ok ? 'OK' : `failed (${settings.lastDelivery.detail})`}`
              : ''}
          </>
        ) : (
          'none; warnings show here and as desktop notifications'
        )}
      </span>
      {!fromEnv && (
        <>
          <input
            className="search-input webhook-input"
            type="url"
            inputMode="url"
            placeholder="https://hooks.slack.com/services/…"
            aria-label="Webhook URL (Slack-compatible)"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <button
            type="submit"
            className="button button-quiet"
            disabled={busy || (url.trim() === '' && !settings?.configured)}
          >
            {url.trim() === '' && settings?.configured ? 'Remove' : 'Save'}
          </button>
        </>
      )}
      {settings?.configured && (
        <button type="button" className="button button-quiet" disabled={busy} onClick={test}>
          Send test
        </button>
      )}
      {note && (
        <span className={`small ${note.ok ? 'muted' : 'warn-text'}`} role="status">
          {note.text}
        </span>
      )}
    </form>
  );
}

export function UsageAlertsPanel() {
  const { alerts, error } = useUsageAlerts();
  const active = alerts?.filter((a) => a.resolvedAt === null) ?? [];
  const recent = alerts?.filter((a) => a.resolvedAt !== null).slice(0, RECENT_SHOWN) ?? [];
  return (
    <section className="panel usage-alerts" aria-labelledby="usage-alerts-title">
      <div className="panel-head">
        <h2 id="usage-alerts-title">Usage alerts</h2>
        <span className="muted small">
          80% of a window, a limit running out at the current pace, a provider down, stale tier-1 quotes
        </span>
      </div>
      {error && (
        <div className="banner banner-error small" role="alert">
          {error}
        </div>
      )}
      <div className="usage-alerts-body">
        {alerts === null ? (
          <div className="skeleton-rows" aria-busy="true" aria-label="Loading usage alerts">
            <span className="skeleton" />
          </div>
        ) : (
          <>
            {active.length === 0 ? (
              <p className="usage-alerts-clear" role="status">
                <span className="status-pill armed">All clear</span>{' '}
                <span className="muted">No usage alert is active.</span>
              </p>
            ) : (
              <ul className="usage-alert-list" aria-label="Active usage alerts">
                {active.map((a) => (
                  <AlertItem key={a.id} a={a} />
                ))}
              </ul>
            )}
            {recent.length > 0 && (
              <details className="usage-alerts-recent">
                <summary className="muted small">Recently resolved ({recent.length})</summary>
                <ul className="usage-alert-list" aria-label="Resolved usage alerts">
                  {recent.map((a) => (
                    <AlertItem key={a.id} a={a} />
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
        <WebhookForm />
      </div>
    </section>
  );
}

const ROW_COLUMNS: (keyof UsageReportRow)[] = [
  'date',
  'complete',
  'provider',
  'calls',
  'errors',
  'rateLimited',
  'errorsByKind',
  'endpoints',
  'peakUse',
  'symbolsRefreshed',
  'usageAlertsFired',
  'priceAlertsFired',
];

/** The fullest window of the day across providers: `Finnhub per-minute 95%`. */
function peakOf(r: DailyUsageReport): { text: string; share: number } | null {
  let best: { text: string; share: number } | null = null;
  for (const p of r.providers) {
    for (const w of p.peaks) {
      if (w.unit === 's') continue;
      if (!best || w.share > best.share) {
        best = { text: `${sourceName(p.provider)} ${w.limit}/${w.unit}: ${formatInt(w.peak)}`, share: w.share };
      }
    }
  }
  return best;
}

function ReportRow({ r }: { r: DailyUsageReport }) {
  const peak = peakOf(r);
  const errorKinds = Object.entries(
    r.providers.reduce<Record<string, number>>((acc, p) => {
      for (const [k, n] of Object.entries(p.errorsByKind)) acc[k] = (acc[k] ?? 0) + n;
      return acc;
    }, {}),
  )
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return (
    <tr className="row" data-date={r.date}>
      <th scope="row">
        {r.date}
        {!r.complete && <span className="muted small"> (today so far)</span>}
      </th>
      <td className="num">{formatInt(r.calls)}</td>
      <td className="num" title={errorKinds || undefined}>
        {formatInt(r.errors)}
      </td>
      <td className={`num${r.rateLimited > 0 ? ' warn-text' : ''}`}>{formatInt(r.rateLimited)}</td>
      <td className={peak && peak.share >= 0.8 ? 'warn-text' : undefined}>
        {peak ? `${peak.text} (${Math.round(peak.share * 100)}%)` : '—'}
      </td>
      <td className="num">{r.symbolsRefreshed === null ? '—' : formatInt(r.symbolsRefreshed)}</td>
      <td className="num">{formatInt(r.usageAlertsFired)}</td>
      <td className="num">{formatInt(r.priceAlertsFired)}</td>
    </tr>
  );
}

export function DailyReportsPanel() {
  const api = useApi();
  const [data, setData] = useState<UsageReports | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api.call('listUsageReports', { days: 30 }).then(
        (r) => {
          setData(r);
          setError(null);
        },
        (err: unknown) => setError(errorText(err, 'Daily reports did not load; they are tried again shortly.')),
      ),
    [api],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  const days = data ? [data.today, ...data.reports] : [];
  const downloadJson = () => {
    if (!data) return;
    const blob = new Blob([JSON.stringify({ today: data.today, reports: data.reports }, null, 2)], {
      type: 'application/json',
    });
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = csvFileName('usage-reports').replace(/\.csv$/, '.json');
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  };
  return (
    <section className="panel" aria-labelledby="daily-reports-title">
      <div className="panel-head">
        <h2 id="daily-reports-title">Daily reports</h2>
        <span className="muted small">New York days, the last 30; each is stored just after its midnight</span>
        <div className="spacer" />
        <button
          type="button"
          className="button button-quiet"
          disabled={!data}
          onClick={() => data && downloadCsv(csvFileName('usage-reports'), data.rows, ROW_COLUMNS)}
        >
          Download CSV
        </button>
        <button type="button" className="button button-quiet" disabled={!data} onClick={downloadJson}>
          Download JSON
        </button>
      </div>
      {error && (
        <div className="banner banner-error small" role="alert">
          {error}
        </div>
      )}
      {data && (
        <div className="table-scroll">
          <table className="quotes compact daily-reports" aria-label="Daily usage reports">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">
                  Calls
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
                <th scope="col" className="num" title="Rate-limit refusals (HTTP 429 or the provider's limit message)">
                  429s
                </th>
                <th scope="col">Peak window use</th>
                <th scope="col" className="num">
                  Symbols refreshed
                </th>
                <th scope="col" className="num">
                  Usage alerts
                </th>
                <th scope="col" className="num">
                  Price alerts
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((r) => (
                <ReportRow key={r.date} r={r} />
              ))}
            </tbody>
          </table>
          {data.reports.length === 0 && (
            <p className="muted small table-note">
              Past days appear here after their New York midnight, starting with the first day a provider call was
              recorded. The simulated feed is not recorded.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
