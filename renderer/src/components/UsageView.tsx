// Usage & admin: each provider's windows (used/limit, projection, 80% warning), its health, usage alerts, the call history and daily reports.
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ApiUsage, MarketApi, ProviderInfo, UsageCall } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import { csvFileName, downloadCsv } from '../lib/csv-download';
import { humanizeTimes } from '../lib/errors';
import { formatClock, formatIn, formatInt } from '../lib/format';
import { sourceName } from '../lib/staleness';
import {
  bucketCalls,
  pacePerMinute,
  projectWindow,
  WARN_AT,
  windowLabel,
  type Projection,
  type UsageBucket,
} from '../lib/usage';
import { useNow } from '../lib/use-now';
import { usePolled } from '../lib/use-polled';
import { useAppStore } from '../store';
import { PlanSentence, RefreshPlanPanel, TiersPanel } from './AdminViews';
import { DailyReportsPanel, UsageAlertsPanel } from './UsageAlertsPanels';

/** The windows and health refresh this often while the screen is open. */
export const USAGE_POLL_MS = 5000;
const HISTORY_MINUTES = 60;

type Usage = { usage: ApiUsage; providers: ProviderInfo[]; at: number };

async function loadUsage(api: MarketApi): Promise<Usage> {
  const [usage, list] = await Promise.all([api.call('getApiUsage', { limit: 1000 }), api.call('listProviders', {})]);
  return { usage, providers: list.providers, at: Date.now() };
}

function useUsage(): { data: Usage | null; error: string | null } {
  return usePolled(loadUsage, USAGE_POLL_MS, 'Usage did not load; it is tried again in a few seconds.');
}

function Meter({ p, label }: { p: Projection; label: string }) {
  return (
    <div
      className={`meter meter-${p.level}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(p.share * 100)}
    >
      <span className="meter-fill" style={{ width: `${Math.max(p.share * 100, p.share > 0 ? 1 : 0)}%` }} />
      <span className="meter-mark" style={{ left: `${WARN_AT * 100}%` }} aria-hidden="true" />
    </div>
  );
}

function StatePill({ info }: { info: ProviderInfo }) {
  const s = info.status;
  if (info.position === null) return <span className="status-pill off">Not in use</span>;
  if (!s || s.state === 'ok') return <span className="status-pill armed">OK</span>;
  if (s.state === 'paused') {
    return (
      <span className="status-pill fired" title={s.reason ?? undefined}>
        Paused{s.pausedUntil ? ` until ${formatClock(s.pausedUntil)}` : ''}
      </span>
    );
  }
  return (
    <span className="status-pill down" title={s.reason ?? undefined}>
      Down
    </span>
  );
}

function ProviderCard({
  info,
  usage,
  calls,
  now,
  hasFallback,
}: {
  info: ProviderInfo;
  usage: ApiUsage;
  calls: UsageCall[];
  now: number;
  /** Another provider in use after this one. */
  hasFallback: boolean;
}) {
  const setView = useAppStore((s) => s.setView);
  const u = usage.providers.find((p) => p.id === info.id);
  const windows = u?.windows ?? info.status?.usage ?? [];
  const pace = pacePerMinute(info.id, calls, windows, now);
  const projections = windows.map((w) => ({ w, p: projectWindow(w, pace, now) }));
  const warn = projections.find((x) => x.p.level !== 'ok' && x.w.unit !== 's');
  const s = info.status;
  return (
    <article
      className={`provider-card${info.position === null ? ' unused' : ''}`}
      aria-label={`${info.name} usage`}
      data-provider={info.id}
    >
      <header className="provider-head">
        <h2>{info.name}</h2>
        {info.position !== null && (
          <span className="muted small">{info.position === 0 ? 'Primary' : `Fallback ${info.position}`}</span>
        )}
        <div className="spacer" />
        <StatePill info={info} />
      </header>
      {s && s.state !== 'ok' && (
        <p className="provider-problem" role="status">
          {s.state === 'paused'
            ? `Paused${s.pausedUntil ? ` until ${formatClock(s.pausedUntil)} (${formatIn(Date.parse(s.pausedUntil) - now)})` : ''}${s.reason ? `: ${humanizeTimes(s.reason)}` : ''}.`
            : `Not answering${s.reason ? ` (${humanizeTimes(s.reason)})` : ''}; Quotedesk retries on its own${s.breaker === 'open' ? ' once the breaker closes' : ''}.`}{' '}
          {hasFallback
            ? 'Its symbols go to the next provider meanwhile.'
            : 'Its symbols keep their last prices meanwhile, marked stale when they age.'}
        </p>
      )}
      {info.position === null ? (
        <p className="muted small">
          {info.keyRequired && !info.keySet ? 'No key set.' : 'Not in the provider order.'}{' '}
          <button type="button" className="link-button accent" onClick={() => setView('settings')}>
            Settings
          </button>
        </p>
      ) : (
        <>
          {warn && (
            <p className={`usage-warning ${warn.p.level}`} role="status">
              {warn.p.level === 'full' ? 'Limit reached' : `${Math.round(warn.p.share * 100)}% used`}{' '}
              {windowLabel(warn.w)}
            </p>
          )}
          <dl className="windows">
            {projections.map(({ w, p }) => (
              <div key={`${w.unit}-${w.windowMs}`} className="window-row">
                <dt>
                  <span className="window-label">{windowLabel(w)}</span>
                  <span className="window-figures">
                    <strong>{formatInt(w.used)}</strong> / {formatInt(w.limit)}
                    <span className="muted"> · {Math.round(p.share * 100)}%</span>
                  </span>
                </dt>
                <dd>
                  <Meter p={p} label={`${info.name} ${windowLabel(w)}: ${w.used} of ${w.limit}`} />
                  <span className={`projection ${p.level}`}>{p.text}</span>
                </dd>
              </div>
            ))}
          </dl>
          <p className="muted small provider-foot">
            Pace {pace < 10 ? pace.toFixed(1) : Math.round(pace)} calls/min
            {u && (
              <>
                {' '}
                · today {formatInt(u.today.calls)} calls
                {u.today.errors > 0 ? `, ${formatInt(u.today.errors)} failed` : ''}
              </>
            )}
            {info.stream && info.stream.state !== 'idle' && (
              <>
                {' '}
                · stream {info.stream.state}, {info.stream.symbols} of {info.stream.cap} symbols
              </>
            )}
            {' · plan '}
            <code>{info.limitsText}</code>
          </p>
        </>
      )}
    </article>
  );
}

function HistoryTip({ active, payload }: { active?: boolean; payload?: readonly { payload?: UsageBucket }[] }) {
  const b = payload?.[0]?.payload;
  if (!active || !b) return null;
  return (
    <div className="chart-tip">
      <span className="muted">{b.label}</span> <strong>{b.ok + b.errors}</strong> calls
      {b.errors > 0 ? `, ${b.errors} failed` : ''}
    </div>
  );
}

function UsageHistory({ data, now }: { data: Usage; now: number }) {
  const recorded = useMemo(
    () => [...new Set(data.usage.calls.map((c) => c.provider))].filter((p) => p !== 'simulated'),
    [data.usage.calls],
  );
  const [provider, setProvider] = useState<ProviderId | 'all'>('all');
  const buckets = useMemo(
    () => bucketCalls(data.usage.calls, provider, now, HISTORY_MINUTES),
    [data.usage.calls, provider, now],
  );
  const info = provider === 'all' ? undefined : data.providers.find((p) => p.id === provider);
  const perMinute = info?.limits.find((l) => l.unit === 'min' && l.windowMs === 60_000)?.limit;
  const total = buckets.reduce((n, b) => n + b.ok + b.errors, 0);
  const oldest = data.usage.calls.at(-1)?.startedAt;
  return (
    <section className="panel" aria-labelledby="usage-history-title">
      <div className="panel-head">
        <h2 id="usage-history-title">Usage history</h2>
        <span className="muted small">
          Calls per minute, last hour
          {oldest && data.usage.calls.length >= 1000 ? ` (the last 1,000 calls, since ${formatClock(oldest)})` : ''}
        </span>
        <div className="spacer" />
        <label className="filter inline-filter">
          <span className="visually-hidden">Provider</span>
          <select
            value={provider}
            onChange={(e) => setProvider(e.target.value as ProviderId | 'all')}
            aria-label="Provider shown in the history"
          >
            <option value="all">All providers</option>
            {recorded.map((p) => (
              <option key={p} value={p}>
                {sourceName(p)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-quiet"
          disabled={data.usage.calls.length === 0}
          onClick={() =>
            downloadCsv(csvFileName('api-calls'), data.usage.calls, [
              'id',
              'provider',
              'endpoint',
              'symbols',
              'symbolCount',
              'priority',
              'status',
              'httpStatus',
              'errorKind',
              'latencyMs',
              'cost',
              'startedAt',
              'finishedAt',
            ])
          }
        >
          Export CSV
        </button>
      </div>
      {recorded.length === 0 ? (
        <div className="empty-state small">
          No provider calls recorded yet. The simulated feed is counted in its window above but not recorded; calls to
          Finnhub and Alpha Vantage show here once a key is set.
        </div>
      ) : (
        <figure className="chart usage-chart" aria-label={`Calls per minute over the last hour: ${total} in all`}>
          <ResponsiveContainer width="100%" height={200}>
            <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap={1}>
              <CartesianGrid vertical={false} stroke="var(--border)" />
              <XAxis dataKey="label" axisLine={false} tickLine={false} minTickGap={40} fontSize={11} />
              <YAxis axisLine={false} tickLine={false} width={36} fontSize={11} allowDecimals={false} />
              <Tooltip content={HistoryTip} isAnimationActive={false} cursor={{ fill: 'var(--bg-hover)' }} />
              {perMinute !== undefined && (
                <ReferenceLine
                  y={perMinute}
                  className="limit-line"
                  strokeDasharray="4 4"
                  ifOverflow="extendDomain"
                  label={{ value: `limit ${perMinute}/min`, position: 'insideTopRight', fontSize: 11 }}
                />
              )}
              <Bar dataKey="ok" stackId="calls" className="bar-ok" isAnimationActive={false} name="Answered" />
              <Bar dataKey="errors" stackId="calls" className="bar-error" isAnimationActive={false} name="Failed" />
            </BarChart>
          </ResponsiveContainer>
          <figcaption className="chart-caption muted">
            <span className="legend-swatch ok" /> answered <span className="legend-swatch error" /> failed
            {perMinute !== undefined ? ' · dashed: the plan’s limit per minute' : ''}
          </figcaption>
        </figure>
      )}
      {data.usage.calls.length > 0 && <RecentCalls calls={data.usage.calls.slice(0, 25)} />}
    </section>
  );
}

function RecentCalls({ calls }: { calls: UsageCall[] }) {
  return (
    <div className="table-scroll">
      <table className="quotes compact" aria-label="Recent provider calls">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Provider</th>
            <th scope="col">Call</th>
            <th scope="col">Symbols</th>
            <th scope="col">Why</th>
            <th scope="col">Result</th>
            <th scope="col" className="num">
              Latency
            </th>
          </tr>
        </thead>
        <tbody>
          {calls.map((c) => (
            <tr key={c.id} className="row">
              <td className="muted">{formatClock(c.startedAt)}</td>
              <td>{sourceName(c.provider)}</td>
              <td>
                <code>{c.endpoint}</code>
              </td>
              <td className="symbols-cell" title={c.symbols}>
                {c.symbolCount > 3 ? `${c.symbols.split(' ').slice(0, 3).join(' ')} +${c.symbolCount - 3}` : c.symbols}
              </td>
              <td className="muted">{c.priority ?? '—'}</td>
              <td>
                <span
                  className={`status-pill ${c.status === 'ok' ? 'armed' : c.status === 'pending' ? 'off' : 'down'}`}
                >
                  {c.status === 'ok' ? 'OK' : c.status === 'pending' ? 'waiting' : (c.errorKind ?? c.status)}
                  {c.httpStatus && c.status !== 'ok' ? ` ${c.httpStatus}` : ''}
                </span>
              </td>
              <td className="num muted">{c.latencyMs === null ? '—' : `${formatInt(c.latencyMs)} ms`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Tab = 'usage' | 'plan' | 'tiers';

const TABS: { id: Tab; label: string }[] = [
  { id: 'usage', label: 'Usage' },
  { id: 'plan', label: 'Refresh plan & intervals' },
  { id: 'tiers', label: 'Tiers & overrides' },
];

function UsagePanel() {
  const { data, error } = useUsage();
  const now = useNow();
  const inUse = data?.providers
    .filter((p) => p.position !== null)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const unused = data?.providers.filter((p) => p.position === null);
  return (
    <>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {!data ? (
        <div className="provider-grid" aria-busy="true" aria-label="Loading usage">
          {[0, 1].map((i) => (
            <div key={i} className="provider-card">
              <span className="skeleton skeleton-title" />
              <div className="skeleton-rows">
                <span className="skeleton" />
                <span className="skeleton" />
              </div>
            </div>
          ))}
        </div>
      ) : (
        <>
          <div className="provider-grid">
            {[...(inUse ?? []), ...(unused ?? [])].map((p) => (
              <ProviderCard
                key={p.id}
                info={p}
                usage={data.usage}
                calls={data.usage.calls}
                now={now}
                hasFallback={(inUse ?? []).some((o) => (o.position ?? 0) > (p.position ?? Infinity))}
              />
            ))}
          </div>
          <UsageAlertsPanel />
          <UsageHistory data={data} now={data.at} />
          <DailyReportsPanel />
        </>
      )}
    </>
  );
}

export function UsageView() {
  const [tab, setTab] = useState<Tab>('usage');
  return (
    <div className="usage-view">
      <div className="view-head">
        <h1 className="view-title">Usage &amp; admin</h1>
        <span className="muted small">
          What each provider’s plan allows, what is spent, how long it lasts at the current pace, and how it is spent
        </span>
      </div>
      <PlanSentence />
      <div className="tabs" role="tablist" aria-label="Usage and admin">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={`tab${tab === t.id ? ' active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'usage' ? <UsagePanel /> : tab === 'plan' ? <RefreshPlanPanel /> : <TiersPanel />}
      </div>
    </div>
  );
}
