// Alerts: set price above/below or % move alerts, see their state, and the history of firings.
import { useEffect, useState } from 'react';
import type { Alert, AlertFiring, AlertKind } from '../../../shared/contract';
import { useApi } from '../api/context';
import { csvFileName, downloadCsv } from '../lib/csv-download';
import { errorText } from '../lib/errors';
import { formatClock, formatPrice } from '../lib/format';
import { askNotificationPermission, notificationPermission } from '../lib/notify';
import { sourceName } from '../lib/staleness';
import { useAppStore } from '../store';
import { ChangeText } from './QuoteBits';
import { SymbolSearch } from './SymbolSearch';

const KIND_TEXT: Record<AlertKind, string> = {
  above: 'Price rises above',
  below: 'Price falls below',
  move: 'Moves ± % from prev. close',
};

export function describeAlert(a: Pick<Alert, 'kind' | 'threshold'>): string {
  if (a.kind === 'above') return `above ${formatPrice(a.threshold)}`;
  if (a.kind === 'below') return `below ${formatPrice(a.threshold)}`;
  return `moves ±${a.threshold}%`;
}

function statusText(a: Alert): string {
  if (!a.enabled) return a.fireCount > 0 && !a.repeat ? 'Fired (done)' : 'Paused';
  return a.armed ? 'Armed' : 'Fired · re-arms when it clears';
}

function dateTime(iso: string): string {
  const d = new Date(iso);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay
    ? formatClock(iso)
    : `${d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} ${formatClock(iso)}`;
}

function NotificationSetting() {
  const [perm, setPerm] = useState(notificationPermission);
  if (perm === 'unsupported') {
    return <p className="muted small">Alerts show here and as desktop notifications from Quotedesk.</p>;
  }
  if (perm === 'granted') return <p className="muted small">Desktop notifications are on for this browser.</p>;
  if (perm === 'denied') {
    return (
      <p className="muted small">
        This browser blocks notifications from Quotedesk: alerts still show inside the page. Allow them in the site
        settings (the icon left of the address) to get desktop notifications.
      </p>
    );
  }
  return (
    <p className="small">
      <button
        type="button"
        className="button button-quiet"
        onClick={() => void askNotificationPermission().then(setPerm)}
      >
        Allow desktop notifications
      </button>{' '}
      <span className="muted">so alerts reach you when this tab is in the background.</span>
    </p>
  );
}

function AlertForm() {
  const api = useApi();
  const draft = useAppStore((s) => s.alertDraft);
  const setDraft = useAppStore((s) => s.setAlertDraft);
  const upsertAlert = useAppStore((s) => s.upsertAlert);
  const pushToast = useAppStore((s) => s.pushToast);
  const [symbol, setSymbol] = useState<string | null>(draft);
  const quote = useAppStore((s) => (symbol ? s.quotes[symbol] : undefined));
  const [kind, setKind] = useState<AlertKind>('above');
  const [value, setValue] = useState('');
  const [repeat, setRepeat] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // "Set alert…" in the detail pane hands a symbol over, also while this form is already open.
  const [seenDraft, setSeenDraft] = useState(draft);
  if (draft !== seenDraft) {
    setSeenDraft(draft);
    if (draft) setSymbol(draft);
  }
  useEffect(() => {
    if (draft) setDraft(null);
  }, [draft, setDraft]);

  const threshold = Number(value);
  const valid = symbol !== null && value.trim() !== '' && Number.isFinite(threshold) && threshold > 0;
  const already =
    valid && quote
      ? kind === 'above'
        ? quote.price >= threshold
        : kind === 'below'
          ? quote.price <= threshold
          : Math.abs(quote.changePercent) >= threshold
      : false;

  const submit = async () => {
    if (!symbol) return setProblem('Pick a symbol first (type in the search box, then Enter).');
    if (!valid) {
      return setProblem(kind === 'move' ? 'Enter a percentage above zero, like 5.' : 'Enter a price above zero.');
    }
    setBusy(true);
    setProblem(null);
    try {
      const a = await api.call('createAlert', { symbol, kind, threshold, repeat });
      upsertAlert(a);
      setValue('');
      pushToast({ kind: 'info', title: 'Alert set', message: `${a.symbol} ${describeAlert(a)}` });
      // Asked here, from the click, as browsers require; the answer is kept by the browser.
      void askNotificationPermission();
    } catch (err) {
      setProblem(errorText(err, 'The alert was not saved. Try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="alert-form"
      aria-label="New alert"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <span className="filter-label">Symbol</span>
        {symbol ? (
          <span className="chip">
            <strong>{symbol}</strong>
            {quote && <span className="muted">{formatPrice(quote.price)}</span>}
            {quote && <ChangeText change={quote.changePercent} percent />}
            <button type="button" className="icon-button" aria-label="Change symbol" onClick={() => setSymbol(null)}>
              ×
            </button>
          </span>
        ) : (
          <SymbolSearch onPick={setSymbol} placeholder="Symbol — press /" label="Alert symbol" />
        )}
      </div>
      <label className="field">
        <span className="filter-label">Condition</span>
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as AlertKind);
            setProblem(null);
          }}
          aria-label="Condition"
        >
          {(Object.keys(KIND_TEXT) as AlertKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_TEXT[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="filter-label">{kind === 'move' ? 'Percent' : 'Price'}</span>
        <input
          className="num-input"
          inputMode="decimal"
          aria-label={kind === 'move' ? 'Percent move' : 'Price level'}
          placeholder={kind === 'move' ? '5' : quote ? formatPrice(quote.price).replace(/,/g, '') : '0.00'}
          value={value}
          onChange={(e) => {
            setValue(e.target.value.replace(',', '.'));
            setProblem(null);
          }}
          aria-invalid={value !== '' && !valid}
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.target.checked)} />
        Every crossing
      </label>
      <button type="submit" className="button" disabled={busy}>
        Create alert
      </button>
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      {!problem && already && symbol && (
        <p className="form-hint" role="status">
          {symbol} already meets this condition: the alert fires on the next fresh quote.
        </p>
      )}
    </form>
  );
}

function AlertRow({ a }: { a: Alert }) {
  const api = useApi();
  const quote = useAppStore((s) => s.quotes[a.symbol]);
  const upsertAlert = useAppStore((s) => s.upsertAlert);
  const removeAlert = useAppStore((s) => s.removeAlert);
  const pushToast = useAppStore((s) => s.pushToast);
  const openDetail = useAppStore((s) => s.openDetail);
  const fail = (err: unknown) =>
    pushToast({ kind: 'error', title: 'Alert not changed', message: errorText(err, 'Try again.') });
  return (
    <tr className={`row${a.enabled ? '' : ' muted-row'}`} data-alert={a.id}>
      <td className="sym">
        <button type="button" className="link-button sym-ticker" onClick={() => openDetail(a.symbol)}>
          {a.symbol}
        </button>
      </td>
      <td>{describeAlert(a)}</td>
      <td className="num">{quote ? formatPrice(quote.price) : '—'}</td>
      <td>
        <span className={`status-pill ${a.enabled ? (a.armed ? 'armed' : 'fired') : 'off'}`}>{statusText(a)}</span>
      </td>
      <td className="muted">{a.repeat ? 'Every crossing' : 'Once'}</td>
      <td className="num">{a.fireCount}</td>
      <td className="num muted">{a.lastFiredAt ? dateTime(a.lastFiredAt) : '—'}</td>
      <td className="actions wide">
        <button
          type="button"
          className="button button-quiet"
          onClick={() => void api.call('updateAlert', { id: a.id, enabled: !a.enabled }).then(upsertAlert, fail)}
        >
          {a.enabled ? 'Pause' : 'Resume'}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Delete alert ${a.symbol} ${describeAlert(a)}`}
          onClick={() => void api.call('deleteAlert', { id: a.id }).then(() => removeAlert(a.id), fail)}
        >
          ×
        </button>
      </td>
    </tr>
  );
}

function History() {
  const api = useApi();
  const version = useAppStore((s) => s.firingsVersion);
  const openDetail = useAppStore((s) => s.openDetail);
  const [items, setItems] = useState<AlertFiring[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.call('listAlertHistory', { limit: 200 }).then(
      (list) => {
        if (cancelled) return;
        setItems(list);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(errorText(err, 'The history did not load.')),
    );
    return () => {
      cancelled = true;
    };
  }, [api, version]);
  const columns = [
    'firedAt',
    'symbol',
    'kind',
    'threshold',
    'price',
    'changePercent',
    'source',
    'asOf',
    'message',
  ] as const;
  return (
    <section className="panel" aria-labelledby="history-title">
      <div className="panel-head">
        <h2 id="history-title">History</h2>
        <span className="muted small">Every alert that fired, newest first</span>
        <div className="spacer" />
        <button
          type="button"
          className="button button-quiet"
          disabled={!items?.length}
          onClick={() => items && downloadCsv(csvFileName('alert-history'), items, columns)}
        >
          Export CSV
        </button>
      </div>
      {error && (
        <div className="banner banner-error small" role="alert">
          {error}
        </div>
      )}
      {!items ? (
        <div className="skeleton-rows" aria-busy="true">
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : items.length === 0 ? (
        <div className="empty-state small">No alert has fired yet.</div>
      ) : (
        <table className="quotes compact" aria-label="Alert history">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Symbol</th>
              <th scope="col">What happened</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.id} className="row" data-firing={f.id}>
                <td className="num muted">{dateTime(f.firedAt)}</td>
                <td className="sym">
                  <button type="button" className="link-button sym-ticker" onClick={() => openDetail(f.symbol)}>
                    {f.symbol}
                  </button>
                </td>
                <td className="wrap">{f.message}</td>
                <td className="muted">{sourceName(f.source)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function AlertsView() {
  const alerts = useAppStore((s) => s.alerts);
  return (
    <div className="alerts-view">
      <section className="panel" aria-labelledby="alerts-title">
        <div className="panel-head">
          <h1 className="view-title" id="alerts-title">
            Alerts
          </h1>
          <span className="muted small">
            Checked in Quotedesk on every fresh quote (never on stale data), while the app or server runs.
          </span>
        </div>
        <div className="panel-body">
          <AlertForm />
          <NotificationSetting />
        </div>
        {alerts === null ? (
          <div className="skeleton-rows" aria-busy="true">
            <span className="skeleton" />
          </div>
        ) : alerts.length === 0 ? (
          <div className="empty-state small">No alerts yet. Pick a symbol and a level above.</div>
        ) : (
          <table className="quotes" aria-label="Your alerts">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col">Condition</th>
                <th scope="col" className="num">
                  Last
                </th>
                <th scope="col">Status</th>
                <th scope="col">Repeat</th>
                <th scope="col" className="num">
                  Fired
                </th>
                <th scope="col" className="num">
                  Last fired
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <AlertRow key={a.id} a={a} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <History />
    </div>
  );
}
