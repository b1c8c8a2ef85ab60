// Settings: provider keys (checked, never shown), plans and order, the local API and its tokens,
// the theme, and the desktop app's own settings when running inside it.
import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import type {
  ApiSettings,
  DesktopInfo,
  DesktopSettings,
  KeyedProviderId,
  ProviderInfo,
  ProviderList,
  ReadTokenInfo,
  Theme,
} from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import { useApi } from '../api/context';
import { callDesktop, desktopBridge } from '../api/desktop';
import { copyText } from '../lib/clipboard';
import { errorText, humanizeTimes } from '../lib/errors';
import { formatClock } from '../lib/format';
import { sourceName } from '../lib/staleness';
import { useAppStore } from '../store';

type Result = { tone: 'ok' | 'warn' | 'error'; text: string } | null;

function ResultLine({ result, id }: { result: Result; id?: string }) {
  if (!result) return null;
  return (
    <p id={id} className={`result result-${result.tone}`} role={result.tone === 'error' ? 'alert' : 'status'}>
      {result.text}
    </p>
  );
}

function Section({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="panel settings-section" aria-labelledby={`${id}-title`} id={id}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {intro && <span className="muted small">{intro}</span>}
      </div>
      <div className="settings-body">{children}</div>
    </section>
  );
}

/** A label column (what it is, in a sentence) beside the controls, as in every settings screen. */
function SettingRow({
  title,
  description,
  aside,
  children,
}: {
  title: string;
  description?: ReactNode;
  aside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="setting-row">
      <div className="setting-label">
        <h3>{title}</h3>
        {aside}
        {description && <p className="muted small">{description}</p>}
      </div>
      <div className="setting-controls">{children}</div>
    </div>
  );
}

const KEY_HELP: Record<KeyedProviderId, ReactNode> = {
  finnhub: (
    <>
      Free at finnhub.io (60 calls a minute, real-time US quotes and a trade stream). Paste the key from your Finnhub
      dashboard.
    </>
  ),
  alphavantage: (
    <>
      Free at alphavantage.co (25 calls a day): a slow fallback with day volume. Any key string is accepted at entry; a
      wrong one shows up as refusals on the usage screen.
    </>
  ),
};

const ENV_KEY: Record<KeyedProviderId, string> = {
  finnhub: 'QUOTEDESK_FINNHUB_KEY',
  alphavantage: 'QUOTEDESK_ALPHAVANTAGE_KEY',
};

function KeyForm({ info, onChanged }: { info: ProviderInfo; onChanged: () => void }) {
  const api = useApi();
  const id = info.id as KeyedProviderId;
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const resultId = useId();
  const fromEnv = info.keySource === 'environment';

  const save = async () => {
    const trimmed = key.trim();
    if (!trimmed) return setResult({ tone: 'error', text: `Paste your ${info.name} key first.` });
    setBusy(true);
    setResult({ tone: 'ok', text: `Checking the key with ${info.name}…` });
    try {
      const r = await api.call('setProviderKey', { provider: id, key: trimmed });
      setKey('');
      setResult(
        r.warning
          ? { tone: 'warn', text: `${capitalize(r.message)}, but ${humanizeTimes(r.warning)}.` }
          : { tone: 'ok', text: `${capitalize(r.message)}.` },
      );
      onChanged();
    } catch (err) {
      setResult({
        tone: 'error',
        text: `${capitalize(errorText(err, 'The key was not saved. Try again.'))}. Nothing was saved.`,
      });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setConfirmRemove(false);
    try {
      await api.call('deleteProviderKey', { provider: id });
      setResult({ tone: 'ok', text: `Key removed: ${info.name} is no longer called.` });
      onChanged();
    } catch (err) {
      setResult({ tone: 'error', text: capitalize(errorText(err, 'The key was not removed. Try again.')) });
    }
  };

  return (
    <div className="key-form">
      <p className="key-state">
        <span className={`status-pill ${info.keySet ? 'armed' : 'off'}`}>{info.keySet ? 'Key set' : 'No key'}</span>{' '}
        <span className="muted small">
          {info.keySet
            ? fromEnv
              ? `from ${ENV_KEY[id]} in the environment (change it there)`
              : `saved here${info.keyProtection ? `, ${info.keyProtection}` : ''}`
            : 'Prices come from the next provider in the order until a key is saved.'}
        </span>
      </p>
      {!fromEnv && (
        <form
          className="inline-form"
          aria-label={`${info.name} API key`}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            className="search-input key-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-label={`${info.name} API key`}
            aria-describedby={result ? resultId : undefined}
            aria-invalid={result?.tone === 'error'}
            placeholder={info.keySet ? 'Paste a new key to replace it' : `Paste your ${info.name} key`}
            value={key}
            onChange={(e) => {
              setKey(e.target.value);
              if (result?.tone === 'error') setResult(null);
            }}
          />
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Checking…' : 'Save and check'}
          </button>
          {info.keySet &&
            (confirmRemove ? (
              <span className="confirm-row" role="group" aria-label={`Remove the ${info.name} key?`}>
                <span>Remove the key?</span>
                <button type="button" className="button button-danger" onClick={() => void remove()}>
                  Remove
                </button>
                <button type="button" className="button button-quiet" autoFocus onClick={() => setConfirmRemove(false)}>
                  Keep
                </button>
              </span>
            ) : (
              <button type="button" className="button button-quiet" onClick={() => setConfirmRemove(true)}>
                Remove key
              </button>
            ))}
        </form>
      )}
      <ResultLine result={result} id={resultId} />
    </div>
  );
}

function LimitsForm({ info, onChanged }: { info: ProviderInfo; onChanged: () => void }) {
  const api = useApi();
  const [text, setText] = useState(info.limitsSource === 'settings' ? info.limitsText : '');
  const [result, setResult] = useState<Result>(null);
  const fromEnv = info.limitsSource === 'environment';
  const save = async (limits: string | null) => {
    try {
      const next = await api.call('setProviderLimits', { provider: info.id, limits });
      setText(next.limitsSource === 'settings' ? next.limitsText : '');
      setResult({
        tone: 'ok',
        text: limits === null ? `Back to the free plan (${next.limitsText}).` : `Plan saved: ${next.limitsText}.`,
      });
      onChanged();
    } catch (err) {
      setResult({ tone: 'error', text: capitalize(errorText(err, 'The plan was not saved. Try again.')) });
    }
  };
  return (
    <div className="limits-form">
      <form
        className="inline-form"
        aria-label={`${info.name} plan limits`}
        onSubmit={(e) => {
          e.preventDefault();
          const t = text.trim();
          void save(t === '' ? null : t);
        }}
      >
        <label className="field">
          <span className="filter-label">Plan limits</span>
          <input
            className="search-input limits-input"
            aria-label={`${info.name} plan limits`}
            placeholder={`${info.defaultLimits} (free plan)`}
            value={text}
            disabled={fromEnv}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <button type="submit" className="button button-quiet" disabled={fromEnv}>
          Save plan
        </button>
        {info.limitsSource === 'settings' && (
          <button type="button" className="link-button accent" onClick={() => void save(null)}>
            Free plan
          </button>
        )}
      </form>
      <p className="muted small">
        {fromEnv
          ? `Set by the environment (QUOTEDESK_${info.id.toUpperCase()}_LIMITS): ${info.limitsText}.`
          : `In use: ${info.limitsText}. Write a paid plan like “300/min” or “30/s,900/min”; calls stay inside every window.`}
      </p>
      <ResultLine result={result} />
    </div>
  );
}

function ProviderOrder({ list, onChanged }: { list: ProviderList; onChanged: (l: ProviderList) => void }) {
  const api = useApi();
  const [result, setResult] = useState<Result>(null);
  const fromEnv = list.orderSource === 'environment';
  const usable = (id: ProviderId) => {
    const p = list.providers.find((x) => x.id === id);
    return p ? !p.keyRequired || p.keySet : false;
  };
  const unused = list.providers.filter((p) => !list.order.includes(p.id) && usable(p.id));
  const save = async (providers: ProviderId[] | null) => {
    try {
      const next = await api.call('setProviderOrder', { providers });
      onChanged(next);
      setResult({
        tone: 'ok',
        text:
          providers === null
            ? `Automatic order: ${next.order.map(sourceName).join(', then ')}.`
            : `Saved: ${next.order.map(sourceName).join(', then ')}.`,
      });
    } catch (err) {
      setResult({ tone: 'error', text: capitalize(errorText(err, 'The order was not saved. Try again.')) });
    }
  };
  const move = (i: number, to: number) => {
    if (to < 0 || to >= list.order.length) return;
    const next = [...list.order];
    const [x] = next.splice(i, 1);
    if (x) next.splice(to, 0, x);
    void save(next);
  };
  return (
    <div className="provider-order">
      <ol className="order-list" aria-label="Provider order">
        {list.order.map((id, i) => (
          <li key={id} className="order-item">
            <span className="order-rank">{i + 1}</span>
            <span className="order-name">{sourceName(id)}</span>
            <span className="muted small">{i === 0 ? 'asked first' : 'when the ones above cannot answer'}</span>
            <div className="spacer" />
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${sourceName(id)} up`}
              disabled={fromEnv || i === 0}
              onClick={() => move(i, i - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Move ${sourceName(id)} down`}
              disabled={fromEnv || i === list.order.length - 1}
              onClick={() => move(i, i + 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Stop using ${sourceName(id)}`}
              disabled={fromEnv || list.order.length === 1}
              onClick={() => void save(list.order.filter((x) => x !== id))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <div className="inline-form">
        {unused.map((p) => (
          <button
            key={p.id}
            type="button"
            className="button button-quiet"
            disabled={fromEnv}
            onClick={() => void save([...list.order, p.id])}
          >
            + Use {p.name}
          </button>
        ))}
        {list.orderSource === 'settings' && (
          <button type="button" className="link-button accent" onClick={() => void save(null)}>
            Back to automatic
          </button>
        )}
      </div>
      <p className="muted small">
        {fromEnv
          ? 'Set by QUOTEDESK_PROVIDERS in the environment.'
          : list.orderSource === 'automatic'
            ? 'Automatic: providers with a key first (Finnhub, then Alpha Vantage), the simulated feed when there is none.'
            : 'Your order. A provider that is paused or down is skipped until it is back.'}
      </p>
      <ResultLine result={result} />
    </div>
  );
}

function ProvidersSection() {
  const api = useApi();
  const [list, setList] = useState<ProviderList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api.call('listProviders', {}).then(
      (l) => {
        setList(l);
        setError(null);
      },
      (err: unknown) => setError(errorText(err, 'The providers did not load.')),
    );
    // Status (feed, provider health) changes with keys: take it again for the banners.
    api.call('getMarketDataStatus', {}).then(
      (s) => useAppStore.getState().setStatus(s),
      () => undefined,
    );
  }, [api]);
  useEffect(reload, [reload]);
  return (
    <Section
      id="providers"
      title="Data providers"
      intro="Keys are checked with one call, stored encrypted where the OS allows, and never shown again"
    >
      {error && (
        <p className="result result-error" role="alert">
          {error}
        </p>
      )}
      {!list ? (
        <div className="skeleton-rows">
          <span className="skeleton" />
          <span className="skeleton" />
        </div>
      ) : (
        <>
          {list.providers.map((p) => (
            <div key={p.id} className="setting-row" data-provider={p.id}>
              <div className="setting-label">
                <h3>{p.name}</h3>
                <p className="setting-pills">
                  {p.position !== null && (
                    <span className="status-pill armed">{p.position === 0 ? 'Primary' : `Fallback ${p.position}`}</span>
                  )}
                  {p.status && p.status.state !== 'ok' && (
                    <span className={`status-pill ${p.status.state === 'paused' ? 'fired' : 'down'}`}>
                      {p.status.state === 'paused'
                        ? `Paused${p.status.pausedUntil ? ` until ${formatClock(p.status.pausedUntil)}` : ''}`
                        : 'Down'}
                    </span>
                  )}
                </p>
                <p className="muted small">
                  {p.keyRequired
                    ? KEY_HELP[p.id as KeyedProviderId]
                    : 'Built in: moves like a market, needs no key, never real prices.'}
                </p>
                {p.status?.reason && p.status.state !== 'ok' && (
                  <p className="warn-text small">{humanizeTimes(p.status.reason)}</p>
                )}
              </div>
              <div className="setting-controls">
                {p.keyRequired && <KeyForm info={p} onChanged={reload} />}
                <LimitsForm key={p.limitsText + p.limitsSource} info={p} onChanged={reload} />
              </div>
            </div>
          ))}
          <div className="setting-row">
            <div className="setting-label">
              <h3>Order</h3>
              <p className="muted small">Which provider is asked first; the others fill in when it cannot answer.</p>
            </div>
            <ProviderOrder
              list={list}
              onChanged={(l) => {
                setList(l);
                reload();
              }}
            />
          </div>
        </>
      )}
    </Section>
  );
}

function AdminToken({ settings }: { settings: ApiSettings }) {
  const api = useApi();
  const pushToast = useAppStore((s) => s.pushToast);
  const [token, setToken] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [result, setResult] = useState<Result>(null);
  const fromEnv = settings.adminTokenSource === 'environment';
  const fetchToken = async () => {
    if (token) return token;
    const t = await api.call('getAdminToken', {});
    setToken(t.token);
    return t.token;
  };
  const fail = (err: unknown) => setResult({ tone: 'error', text: capitalize(errorText(err, 'Try again.')) });
  return (
    <SettingRow
      title="Admin token"
      description="Full access to this API: keep it to yourself. Scripts that only read quotes should use a read token."
    >
      <div className="inline-form">
        <input
          className="search-input token-input"
          readOnly
          aria-label="Admin token"
          value={shown && token ? token : '•'.repeat(32)}
          type="text"
          spellCheck={false}
        />
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            if (shown) setShown(false);
            else void fetchToken().then(() => setShown(true), fail);
          }}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() =>
            void fetchToken()
              .then(copyText)
              .then(
                (ok) =>
                  setResult(
                    ok
                      ? { tone: 'ok', text: 'Admin token copied.' }
                      : { tone: 'error', text: 'Copy failed: show it and copy it by hand.' },
                  ),
                fail,
              )
          }
        >
          Copy
        </button>
        {confirmRotate ? (
          <span className="confirm-row" role="group" aria-label="Rotate the admin token?">
            <span>Scripts using the old token stop working at once.</span>
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                setConfirmRotate(false);
                api.call('rotateAdminToken', {}).then((t) => {
                  setToken(t.token);
                  setShown(true);
                  setResult({
                    tone: 'warn',
                    text: 'New admin token: update your scripts with it. The old one no longer works.',
                  });
                  pushToast({ kind: 'info', title: 'Admin token rotated', message: 'The old token stopped working.' });
                }, fail);
              }}
            >
              Rotate
            </button>
            <button type="button" className="button button-quiet" autoFocus onClick={() => setConfirmRotate(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button button-quiet"
            disabled={fromEnv}
            title={fromEnv ? 'Set by QUOTEDESK_API_TOKEN in the environment' : undefined}
            onClick={() => setConfirmRotate(true)}
          >
            Rotate…
          </button>
        )}
      </div>
      {fromEnv && <p className="muted small">Set by QUOTEDESK_API_TOKEN in the environment: rotate it there.</p>}
      <ResultLine result={result} />
    </SettingRow>
  );
}

function ReadTokens({ onCount }: { onCount: () => void }) {
  const api = useApi();
  const [tokens, setTokens] = useState<ReadTokenInfo[] | null>(null);
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<{ label: string; token: string } | null>(null);
  const [result, setResult] = useState<Result>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const reload = useCallback(() => {
    api
      .call('listReadTokens', {})
      .then(setTokens, (err: unknown) =>
        setResult({ tone: 'error', text: capitalize(errorText(err, 'The tokens did not load.')) }),
      );
  }, [api]);
  useEffect(reload, [reload]);
  const create = async () => {
    const l = label.trim();
    if (!l)
      return setResult({ tone: 'error', text: 'Give the token a label, like “budget sheet”, to recognise it later.' });
    try {
      const t = await api.call('createReadToken', { label: l });
      setCreated({ label: t.label, token: t.token });
      setLabel('');
      setResult(null);
      reload();
      onCount();
    } catch (err) {
      setResult({ tone: 'error', text: capitalize(errorText(err, 'The token was not created. Try again.')) });
    }
  };
  return (
    <SettingRow
      title="Read tokens"
      description="Safe to paste into a spreadsheet or a shared script: they read quotes, status, history and streams, nothing else, and each can be revoked on its own."
    >
      <form
        className="inline-form"
        aria-label="New read token"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <input
          className="search-input"
          aria-label="Read token label"
          placeholder="Label, like “budget sheet”"
          value={label}
          maxLength={80}
          onChange={(e) => setLabel(e.target.value)}
        />
        <button type="submit" className="button button-quiet">
          Create read token
        </button>
      </form>
      {created && (
        <div className="new-token" role="status">
          <p>
            <strong>Read token “{created.label}”</strong> — copy it now: it is shown only this once.
          </p>
          <div className="inline-form">
            <input className="search-input token-input" readOnly value={created.token} aria-label="New read token" />
            <button
              type="button"
              className="button"
              onClick={() =>
                void copyText(created.token).then((ok) =>
                  setResult(
                    ok
                      ? { tone: 'ok', text: 'Read token copied.' }
                      : { tone: 'error', text: 'Copy failed: select it and copy it by hand.' },
                  ),
                )
              }
            >
              Copy
            </button>
            <button type="button" className="button button-quiet" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <ResultLine result={result} />
      {tokens && tokens.length > 0 && (
        <table className="quotes compact" aria-label="Read tokens">
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Revoke</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className="row" data-token={t.label}>
                <td>{t.label}</td>
                <td>
                  <code>{t.hint}</code>
                </td>
                <td className="muted">
                  {new Date(t.createdAt).toLocaleDateString('en-US', {
                    month: 'short',
                    day: 'numeric',
                    year: 'numeric',
                  })}
                </td>
                <td className="muted">{t.lastUsedAt ? formatClock(t.lastUsedAt) : 'not since start'}</td>
                <td className="actions wide">
                  {revoking === t.id ? (
                    <span className="confirm-row" role="group" aria-label={`Revoke ${t.label}?`}>
                      <button
                        type="button"
                        className="button button-danger"
                        onClick={() => {
                          setRevoking(null);
                          api.call('revokeReadToken', { id: t.id }).then(
                            () => {
                              setResult({ tone: 'ok', text: `“${t.label}” revoked: it stopped working.` });
                              reload();
                              onCount();
                            },
                            (err: unknown) =>
                              setResult({ tone: 'error', text: capitalize(errorText(err, 'Try again.')) }),
                          );
                        }}
                      >
                        Revoke
                      </button>
                      <button type="button" className="button button-quiet" autoFocus onClick={() => setRevoking(null)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <button
                      type="button"
                      className="button button-quiet"
                      aria-label={`Revoke ${t.label}`}
                      onClick={() => setRevoking(t.id)}
                    >
                      Revoke…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tokens && tokens.length === 0 && <p className="muted small">No read tokens yet.</p>}
    </SettingRow>
  );
}

function LocalApiSection() {
  const api = useApi();
  const [settings, setSettings] = useState<ApiSettings | null>(null);
  const [port, setPort] = useState('');
  const [result, setResult] = useState<Result>(null);
  const reload = useCallback(() => {
    api.call('getApiSettings', {}).then(
      (s) => {
        setSettings(s);
        setPort(String(s.port));
      },
      (err: unknown) =>
        setResult({ tone: 'error', text: capitalize(errorText(err, 'The API settings did not load.')) }),
    );
  }, [api]);
  useEffect(reload, [reload]);
  const update = async (patch: { enabled?: boolean; port?: number }) => {
    try {
      const s = await api.call('updateApiSettings', patch);
      setSettings(s);
      setPort(String(s.port));
      setResult({
        tone: s.restartRequired ? 'warn' : 'ok',
        text: s.restartRequired ? 'Saved: it takes effect when Quotedesk restarts.' : 'Saved.',
      });
    } catch (err) {
      setResult({ tone: 'error', text: capitalize(errorText(err, 'Not saved. Try again.')) });
    }
  };
  const envPort = settings?.environmentOverrides.includes('QUOTEDESK_PORT') ?? false;
  return (
    <Section
      id="local-api"
      title="Local API"
      intro="For spreadsheets, scripts and live tools on this computer (127.0.0.1 only)"
    >
      {!settings ? (
        <div className="skeleton-rows">
          <span className="skeleton" />
        </div>
      ) : (
        <>
          <SettingRow
            title="Server"
            description="The desktop app serves it while it runs; the port and on/off take effect at the next start."
          >
            <p className="api-running">
              {settings.running ? (
                <>
                  <span className="status-pill armed">Running</span> on <code>{settings.running.url}/api/v1</code>
                  {settings.rateLimit && (
                    <span className="muted small">
                      {' '}
                      · {settings.rateLimit.perSecond} requests/s per token, bursts of {settings.rateLimit.burst}
                    </span>
                  )}
                </>
              ) : (
                <>
                  <span className="status-pill off">Off</span> <span className="muted">not served in this run</span>
                </>
              )}
            </p>
            <div className="inline-form">
              <label className="check">
                <input
                  type="checkbox"
                  checked={settings.enabled}
                  onChange={(e) => void update({ enabled: e.target.checked })}
                />
                Serve the local API
              </label>
              <form
                className="inline-form"
                aria-label="API port"
                onSubmit={(e) => {
                  e.preventDefault();
                  const n = Number(port);
                  if (!Number.isInteger(n) || n < 0 || n > 65535) {
                    setResult({
                      tone: 'error',
                      text: 'A port is a whole number from 1 to 65535 (0 picks any free one).',
                    });
                    return;
                  }
                  void update({ port: n });
                }}
              >
                <label className="field">
                  <span className="filter-label">Port</span>
                  <input
                    className="num-input"
                    inputMode="numeric"
                    aria-label="Port"
                    value={port}
                    disabled={envPort}
                    onChange={(e) => setPort(e.target.value)}
                  />
                </label>
                <button
                  type="submit"
                  className="button button-quiet"
                  disabled={envPort || port === String(settings.port)}
                >
                  Save port
                </button>
              </form>
            </div>
            {settings.environmentOverrides.length > 0 && (
              <p className="muted small">
                Set in the environment for this run (wins over these settings):{' '}
                {settings.environmentOverrides.join(', ')}.
              </p>
            )}
            {settings.restartRequired && (
              <p className="result result-warn" role="status">
                Changes to the API take effect when Quotedesk restarts.
              </p>
            )}
            <ResultLine result={result} />
          </SettingRow>
          <AdminToken settings={settings} />
          <ReadTokens onCount={reload} />
        </>
      )}
    </Section>
  );
}

const THEMES: { value: Theme; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: '' },
  { value: 'light', label: 'Light', hint: '' },
  { value: 'dark', label: 'Dark', hint: '' },
];

function AppearanceSection() {
  const api = useApi();
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const pushToast = useAppStore((s) => s.pushToast);
  const pick = (t: Theme) => {
    const before = theme;
    setTheme(t);
    api.call('updateUiSettings', { theme: t }).then(
      (s) => setTheme(s.theme),
      (err: unknown) => {
        setTheme(before);
        pushToast({ kind: 'error', title: 'Theme not saved', message: errorText(err, 'Try again.') });
      },
    );
  };
  return (
    <Section id="appearance" title="Appearance">
      <SettingRow title="Theme" description="System follows the light or dark choice of your OS.">
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {THEMES.map((t) => (
            <label key={t.value} className={`segment${theme === t.value ? ' active' : ''}`}>
              <input
                type="radio"
                name="theme"
                value={t.value}
                checked={theme === t.value}
                onChange={() => pick(t.value)}
              />
              {t.label}
              {t.hint && <span className="muted small"> · {t.hint}</span>}
            </label>
          ))}
        </div>
      </SettingRow>
    </Section>
  );
}

function RefreshSection() {
  const api = useApi();
  const extendedHours = useAppStore((s) => s.extendedHours);
  const setExtendedHours = useAppStore((s) => s.setExtendedHours);
  const [result, setResult] = useState<Result>(null);
  const change = (on: boolean) => {
    const before = extendedHours;
    setResult(null);
    // Shown at once, like the theme; put back if the engine refuses.
    setExtendedHours(on);
    api.call('updateRefreshSettings', { extendedHours: on }).then(
      (s) => {
        setExtendedHours(s.extendedHours);
        setResult({
          tone: 'ok',
          text: s.extendedHours
            ? 'Saved: quotes are polled from 04:00 to 20:00 New York time on trading days.'
            : 'Saved: quotes are polled in the regular session only (09:30-16:00 New York time).',
        });
      },
      (err: unknown) => {
        setExtendedHours(before);
        setResult({ tone: 'error', text: capitalize(errorText(err, 'Not saved. Try again.')) });
      },
    );
  };
  return (
    <Section id="refreshing" title="Refreshing">
      <SettingRow
        title="Market hours"
        description="On a plan with a daily cap the day's calls are spread over 16 hours instead of 6.5, so tiers are polled less often. The simulated market never closes and ignores it. Usage & admin shows the plan."
      >
        <label className="check setting-check">
          <input type="checkbox" checked={extendedHours} onChange={(e) => change(e.target.checked)} />
          <span>
            Pre- and post-market
            <span className="muted small"> — poll from 04:00 to 09:30 and from 16:00 to 20:00 New York time too</span>
          </span>
        </label>
        <ResultLine result={result} />
      </SettingRow>
    </Section>
  );
}

function DesktopSection() {
  const bridge = desktopBridge();
  const [settings, setSettings] = useState<DesktopSettings | null>(null);
  const [info, setInfo] = useState<DesktopInfo | null>(null);
  const [result, setResult] = useState<Result>(null);
  const watchlists = useAppStore((s) => s.watchlists);
  useEffect(() => {
    if (!bridge) return;
    let cancelled = false;
    Promise.all([callDesktop(bridge, 'getDesktopSettings', {}), callDesktop(bridge, 'getDesktopInfo', {})]).then(
      ([s, i]) => {
        if (cancelled) return;
        setSettings(s);
        setInfo(i);
      },
      (err: unknown) =>
        !cancelled && setResult({ tone: 'error', text: capitalize(errorText(err, 'Desktop settings did not load.')) }),
    );
    return () => {
      cancelled = true;
    };
  }, [bridge]);
  if (!bridge) return null;
  const update = (patch: Partial<DesktopSettings>) => {
    callDesktop(bridge, 'updateDesktopSettings', patch).then(
      (s) => {
        setSettings(s);
        setResult(null);
      },
      (err: unknown) => setResult({ tone: 'error', text: capitalize(errorText(err, 'Not saved. Try again.')) }),
    );
  };
  const toggle = (
    key: 'notifications' | 'showTray' | 'closeToTray' | 'startAtLogin',
    label: string,
    note: string,
    disabled = false,
  ) =>
    settings && (
      <label className="check setting-check">
        <input
          type="checkbox"
          checked={settings[key]}
          disabled={disabled}
          onChange={(e) => update({ [key]: e.target.checked })}
        />
        <span>
          {label}
          <span className="muted small"> — {note}</span>
        </span>
      </label>
    );
  return (
    <Section
      id="desktop"
      title="Desktop app"
      intro={info ? `Quotedesk ${info.version} on ${info.platform}` : undefined}
    >
      {info?.notices.map((n) => (
        <p key={n.code} className="result result-warn" role="status">
          {n.message}
        </p>
      ))}
      {settings && (
        <div className="setting-list">
          {toggle(
            'notifications',
            'Desktop notifications',
            'price alerts as system notifications',
            info ? !info.notificationsSupported : false,
          )}
          {toggle('showTray', 'Tray icon', 'a mini watchlist in the menu bar or tray')}
          {toggle('closeToTray', 'Keep running when the window closes', 'alerts and the local API stay on in the tray')}
          {toggle(
            'startAtLogin',
            'Start at login',
            'straight into the tray when the option above is on',
            info ? !info.canStartAtLogin : false,
          )}
          <label className="field tray-list">
            <span className="filter-label">Tray watchlist</span>
            <select
              value={settings.trayWatchlistId ?? ''}
              onChange={(e) => update({ trayWatchlistId: e.target.value === '' ? null : Number(e.target.value) })}
            >
              <option value="">The first watchlist</option>
              {watchlists.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {info && (
        <dl className="desktop-info">
          <div>
            <dt>API keys</dt>
            <dd className={info.keyProtection.level === 'os' ? '' : 'warn-text'}>{info.keyProtection.text}</dd>
          </div>
          {(['data', 'logs'] as const).map((folder) => (
            <div key={folder}>
              <dt>{capitalize(folder)}</dt>
              <dd>
                <code>{folder === 'data' ? info.dataDir : info.logsDir}</code>{' '}
                <button
                  type="button"
                  className="link-button accent"
                  onClick={() => void callDesktop(bridge, 'openDesktopFolder', { folder })}
                >
                  Open
                </button>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <ResultLine result={result} />
    </Section>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function SettingsView() {
  return (
    <div className="settings-view">
      <div className="view-head">
        <h1 className="view-title">Settings</h1>
      </div>
      <ProvidersSection />
      <LocalApiSection />
      <RefreshSection />
      <AppearanceSection />
      <DesktopSection />
    </div>
  );
}
