// Health: the engine's figures now, an hour of 10-second samples as charts, providers and the last warnings.
import { useMemo, useState, type ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthSample, HealthSummary, LogEntry, MarketApi, ProviderHealth } from '../../../shared/contract';
import type { ProviderId } from '../../../shared/quote';
import { formatClock, formatInt } from '../lib/format';
import { sourceName } from '../lib/staleness';
import { usePolled } from '../lib/use-polled';
import './health.css';

/** The engine samples every 10 s; the screen asks a little more often so a new sample shows soon. */
export const HEALTH_POLL_MS = 5000;
const LOG_LIMIT = 200;

/** Chart colours per series: theme variables, read as values (SVG attributes do not resolve var()). */
const PROVIDER_COLOURS: Record<ProviderId, string> = {
  finnhub: '--accent',
  alphavantage: '--warn',
  simulated: '--muted',
};

/** The theme's colour for a variable name, now (re-read on every render, so a theme switch follows). */
function cssColour(variable: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(variable).trim();
  return v || '#888888';
}

const loadHealth = (api: MarketApi) => api.call('getHealthSummary', { logLimit: LOG_LIMIT });

function useHealth(): { data: HealthSummary | null; error: string | null } {
  return usePolled(loadHealth, HEALTH_POLL_MS, 'Health figures did not load; they are tried again in a few seconds.');
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n >= 100 * 1024 ** 2 ? 0 : 1)} MB`;
  return `${Math.round(n / 1024)} KB`;
}

export function formatMs(n: number | null): string {
  if (n === null) return '—';
  if (n >= 1000) return `${(n / 1000).toFixed(n >= 10_000 ? 0 : 1)} s`;
  if (n >= 10) return `${Math.round(n)} ms`;
  return `${n.toFixed(n >= 1 ? 1 : 2)} ms`;
}

export function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${seconds} s`;
}

function Stat({
  label,
  value,
  sub,
  tone,
}: {
  label: string;
  value: string;
  sub?: ReactNode;
  tone?: 'ok' | 'warn' | 'bad';
}) {
  return (
    <div className={`health-stat${tone ? ` ${tone}` : ''}`} aria-label={`${label}: ${value}`}>
      <span className="health-stat-label muted">{label}</span>
      <strong className="health-stat-value">{value}</strong>
      {sub && <span className="health-stat-sub muted">{sub}</span>}
    </div>
  );
}

function CurrentFigures({ data }: { data: HealthSummary }) {
  const c = data.current;
  const loopTone = c.eventLoopP99Ms > 200 ? 'bad' : c.eventLoopP99Ms > 50 ? 'warn' : 'ok';
  const reads = c.cache.hits + c.cache.misses;
  const cacheTone = reads === 0 ? undefined : c.cache.hitRatio >= 0.9 ? 'ok' : 'warn';
  return (
    <div className="health-stats" aria-label="Current figures">
      <Stat label="Uptime" value={formatUptime(data.uptimeSeconds)} sub={`since ${formatClock(data.startedAt)}`} />
      <Stat
        label="Heap used"
        value={formatBytes(c.heapUsedBytes)}
        sub={`of ${formatBytes(c.heapTotalBytes)} · RSS ${formatBytes(c.rssBytes)}`}
      />
      <Stat
        label="Event loop p99"
        value={formatMs(c.eventLoopP99Ms)}
        sub={`p50 ${formatMs(c.eventLoopP50Ms)}`}
        tone={loopTone}
      />
      <Stat
        label="Cache hit ratio"
        value={reads === 0 ? '—' : `${(c.cache.hitRatio * 100).toFixed(1)} %`}
        sub={`${formatInt(c.cache.hits)} hits · ${formatInt(c.cache.misses)} misses`}
        {...(cacheTone ? { tone: cacheTone } : {})}
      />
      <Stat
        label="Refresh p95"
        value={formatMs(c.refresh.providerP95Ms)}
        sub={`provider · store ${formatMs(c.refresh.storeP95Ms)} · push ${formatMs(c.refresh.pushP95Ms)}`}
      />
      <Stat
        label="Warnings / errors"
        value={`${formatInt(data.logs.warnings)} / ${formatInt(data.logs.errors)}`}
        sub={`${formatInt(c.batches)} quote batches stored`}
        {...(data.logs.errors > 0 ? { tone: 'bad' as const } : data.logs.warnings > 0 ? { tone: 'warn' as const } : {})}
      />
    </div>
  );
}

function ProviderHealthCard({ p }: { p: ProviderHealth }) {
  const statePill =
    p.state === 'ok' ? (
      <span className="status-pill armed">OK</span>
    ) : p.state === 'paused' ? (
      <span className="status-pill fired">Paused</span>
    ) : (
      <span className="status-pill down">Down</span>
    );
  const breakerClass = p.breaker === 'closed' ? 'armed' : p.breaker === 'open' ? 'down' : 'fired';
  return (
    <article className="provider-card health-provider" aria-label={`${sourceName(p.id)} health`} data-provider={p.id}>
      <header className="provider-head">
        <h2>{sourceName(p.id)}</h2>
        <div className="spacer" />
        {statePill}
        <span className={`status-pill ${breakerClass}`} title="Circuit breaker">
          breaker {p.breaker}
        </span>
      </header>
      {p.reason && <p className="muted small health-reason">{p.reason}</p>}
      <p className="small">
        <strong>{formatInt(p.calls)}</strong> calls · <strong>{formatInt(p.errors)}</strong> failed
        {p.errorsByKind.length > 0 && (
          <span className="muted"> ({p.errorsByKind.map((k) => `${k.kind} ${formatInt(k.count)}`).join(', ')})</span>
        )}
      </p>
      {p.windows.length > 0 && (
        <ul className="health-windows">
          {p.windows.map((w) => (
            <li key={`${w.unit}-${w.limit}`}>
              <span className="health-window-label">
                {formatInt(w.limit)}/{w.unit}
              </span>
              <span className="health-bar" aria-hidden="true">
                <span
                  className={`health-bar-fill${w.ratio >= 1 ? ' full' : w.ratio >= 0.8 ? ' warn' : ''}`}
                  style={{ width: `${Math.min(100, w.ratio * 100)}%` }}
                />
              </span>
              <span className="muted small health-window-figures">
                {formatInt(w.used)} used · {Math.round(w.ratio * 100)} %
              </span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

type Row = { t: number; label: string } & Record<string, number | string | null>;

function rowsOf(samples: readonly HealthSample[]): { rows: Row[]; providers: ProviderId[] } {
  const providers = new Set<ProviderId>();
  const rows = samples.map((s) => {
    const row: Row = {
      t: Date.parse(s.at),
      label: formatClock(s.at).slice(0, 5),
      errors: s.errorsPerMinute,
      loopP99: s.eventLoopP99Ms,
      loopP50: s.eventLoopP50Ms,
      heap: Math.round((s.heapUsedBytes / 1024 ** 2) * 10) / 10,
      rss: Math.round((s.rssBytes / 1024 ** 2) * 10) / 10,
      provider: s.providerP95Ms,
      ingest: s.ingestP95Ms,
      cache: s.cacheHitRatio === null ? null : Math.round(s.cacheHitRatio * 1000) / 10,
    };
    for (const c of s.callsPerMinute) {
      providers.add(c.provider);
      row[`calls_${c.provider}`] = c.value;
    }
    return row;
  });
  return { rows, providers: [...providers] };
}

/** `colour` is a theme variable name (`--accent`). */
type Series = { key: string; name: string; colour: string; dashed?: boolean };

type TipItem = { name?: string; value?: number | string | null; color?: string; payload?: Row };

function ChartTip({ active, payload, unit }: { active?: boolean; payload?: readonly TipItem[]; unit: string }) {
  const row = payload?.[0]?.payload;
  if (!active || !row || !payload) return null;
  return (
    <div className="chart-tip">
      <span className="muted">{formatClock(new Date(row.t).toISOString())}</span>
      {payload.map((p) => (
        <div key={p.name} className="health-tip-row">
          <span className="legend-dot" style={{ background: p.color }} /> {p.name}{' '}
          <strong>{p.value === null || p.value === undefined ? '—' : `${p.value} ${unit}`}</strong>
        </div>
      ))}
    </div>
  );
}

function HistoryChart({
  title,
  unit,
  rows,
  series,
  domain,
}: {
  title: string;
  unit: string;
  rows: Row[];
  series: Series[];
  domain?: [number, number];
}) {
  // A line needs two points; until then each sample is a dot.
  return (
    <figure className="chart health-chart" aria-label={title}>
      <figcaption className="health-chart-title">
        <span>{title}</span>
        <span className="health-legend muted">
          {series.map((s) => (
            <span key={s.key}>
              <span className="legend-dot" style={{ background: `var(${s.colour})` }} /> {s.name}
            </span>
          ))}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={150}>
        <LineChart data={rows} margin={{ top: 6, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="label" axisLine={false} tickLine={false} minTickGap={40} fontSize={11} />
          <YAxis axisLine={false} tickLine={false} width={44} fontSize={11} {...(domain ? { domain } : {})} />
          <Tooltip
            content={(props) => (
              <ChartTip active={props.active} payload={props.payload as unknown as readonly TipItem[]} unit={unit} />
            )}
            isAnimationActive={false}
            cursor={{ stroke: 'var(--border-strong)' }}
          />
          {series.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.name}
              stroke={cssColour(s.colour)}
              strokeWidth={1.6}
              dot={
                rows.length < 3 ? { r: 3, style: { fill: cssColour(s.colour), stroke: cssColour(s.colour) } } : false
              }
              connectNulls
              isAnimationActive={false}
              {...(s.dashed ? { strokeDasharray: '4 3' } : {})}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

function HistoryCharts({ data }: { data: HealthSummary }) {
  const { rows, providers } = useMemo(() => rowsOf(data.history.samples), [data.history.samples]);
  const minutes = Math.round((data.history.samples.length * data.history.intervalSeconds) / 60);
  return (
    <section className="panel" aria-labelledby="health-history-title">
      <div className="panel-head">
        <h2 id="health-history-title">Last hour</h2>
        <span className="muted small">
          A sample every {data.history.intervalSeconds} s
          {rows.length > 0
            ? ` · ${rows.length} sample${rows.length === 1 ? '' : 's'} (${minutes < 1 ? 'under a minute' : `${minutes} min`})`
            : ''}
        </span>
      </div>
      {rows.length === 0 ? (
        <div className="empty-state small">
          The first sample is taken {data.history.intervalSeconds} s after start; the charts fill in from there.
        </div>
      ) : (
        <div className="health-charts">
          <HistoryChart
            title="Provider calls per minute"
            unit="/min"
            rows={rows}
            series={[
              ...providers.map((p) => ({ key: `calls_${p}`, name: sourceName(p), colour: PROVIDER_COLOURS[p] })),
              { key: 'errors', name: 'errors', colour: '--danger', dashed: true },
            ]}
          />
          <HistoryChart
            title="Refresh latency p95"
            unit="ms"
            rows={rows}
            series={[
              { key: 'provider', name: 'provider call', colour: '--accent' },
              { key: 'ingest', name: 'store + push', colour: '--up' },
            ]}
          />
          <HistoryChart
            title="Event-loop delay"
            unit="ms"
            rows={rows}
            series={[
              { key: 'loopP99', name: 'p99', colour: '--warn' },
              { key: 'loopP50', name: 'p50', colour: '--muted', dashed: true },
            ]}
          />
          <HistoryChart
            title="Memory"
            unit="MB"
            rows={rows}
            series={[
              { key: 'rss', name: 'RSS', colour: '--accent' },
              { key: 'heap', name: 'heap used', colour: '--up' },
            ]}
          />
          <HistoryChart
            title="Cache hit ratio"
            unit="%"
            rows={rows}
            series={[{ key: 'cache', name: 'hits / reads', colour: '--up' }]}
            domain={[0, 100]}
          />
        </div>
      )}
    </section>
  );
}

type LevelFilter = 'all' | 'error' | 'warn';

export function filterLogs(entries: readonly LogEntry[], level: LevelFilter, text: string): LogEntry[] {
  const needle = text.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (level === 'all' || e.level === level) &&
      (needle === '' ||
        e.msg.toLowerCase().includes(needle) ||
        (e.component ?? '').toLowerCase().includes(needle) ||
        (e.details ?? '').toLowerCase().includes(needle)),
  );
}

function LogViewer({ data }: { data: HealthSummary }) {
  const [level, setLevel] = useState<LevelFilter>('all');
  const [text, setText] = useState('');
  const shown = useMemo(() => filterLogs(data.logs.entries, level, text), [data.logs.entries, level, text]);
  return (
    <section className="panel" aria-labelledby="health-logs-title">
      <div className="panel-head">
        <h2 id="health-logs-title">Last warnings and errors</h2>
        <span className="muted small">
          Newest first; the last {formatInt(data.logs.capacity)} are kept in memory, the full log is in the data
          folder’s <code>logs/quotedesk.log</code>
        </span>
        <div className="spacer" />
        <label className="filter inline-filter">
          <span className="visually-hidden">Level</span>
          <select value={level} onChange={(e) => setLevel(e.target.value as LevelFilter)} aria-label="Level shown">
            <option value="all">Warnings and errors</option>
            <option value="error">Errors only</option>
            <option value="warn">Warnings only</option>
          </select>
        </label>
        <input
          type="search"
          className="search-input health-log-search"
          placeholder="Filter messages"
          aria-label="Filter log messages"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {data.logs.entries.length === 0 ? (
        <div className="empty-state small">Nothing went wrong since start: no warnings, no errors.</div>
      ) : shown.length === 0 ? (
        <div className="empty-state small">No entry matches this filter.</div>
      ) : (
        <div className="table-scroll health-log-scroll">
          <table className="quotes compact health-log" aria-label="Log entries">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Level</th>
                <th scope="col">Part</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e, i) => (
                <tr key={`${e.time}-${i}`} className={`row log-${e.level}`}>
                  <td className="muted nowrap">{formatClock(e.time)}</td>
                  <td>
                    <span className={`status-pill ${e.level === 'error' ? 'down' : 'fired'}`}>{e.level}</span>
                  </td>
                  <td className="muted">{e.component ?? '—'}</td>
                  <td>
                    <div className="health-log-msg">
                      <span>{e.msg}</span>
                      {e.details && (
                        <code className="health-log-details" title={e.details}>
                          {e.details}
                        </code>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function HealthView() {
  const { data, error } = useHealth();
  return (
    <div className="health-view">
      <div className="view-head">
        <h1 className="view-title">Health</h1>
        <span className="muted small">
          The engine’s memory, event loop, cache and refresh times, each provider’s calls and limits, and what went
          wrong lately · also at <code>/metrics</code>
        </span>
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {!data ? (
        <div className="health-stats" aria-busy="true" aria-label="Loading health">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="health-stat">
              <span className="skeleton skeleton-title" />
            </div>
          ))}
        </div>
      ) : (
        <>
          <CurrentFigures data={data} />
          {data.providers.length > 0 && (
            <div className="provider-grid">
              {data.providers.map((p) => (
                <ProviderHealthCard key={p.id} p={p} />
              ))}
            </div>
          )}
          <HistoryCharts data={data} />
          <LogViewer data={data} />
        </>
      )}
    </div>
  );
}
