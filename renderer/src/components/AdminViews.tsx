// The admin side of "Usage & admin": the refresh plan, poll intervals, tiers and overrides.
import { useCallback, useEffect, useState } from 'react';
import type { JobStatus, Override, PollIntervals, TierPlan, Tiers } from '../../../shared/contract';
import type { Tier } from '../../../shared/quote';
import { useApi } from '../api/context';
import { csvFileName, downloadCsv } from '../lib/csv-download';
import { errorText, humanizeTimes } from '../lib/errors';
import { formatClock, formatIn, formatInt, formatMoneyCompact } from '../lib/format';
import { sourceName } from '../lib/staleness';
import { useNow } from '../lib/use-now';
import { useAppStore } from '../store';
import { SymbolSearch } from './SymbolSearch';

/** 90 s → "1 min 30 s"; 3,600 s → "1 h"; 86,400 s → "1 d". */
export function formatInterval(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) {
    const m = Math.round(s / 60);
    return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
  }
  return `${Math.round(s / 8640) / 10} d`;
}

const JOB_NAMES: Record<JobStatus['name'], string> = {
  tier1: 'Tier 1',
  tier2: 'Tier 2',
  tier3: 'Tier 3',
  spare: 'Spare calls',
  reclassify: 'Reclassify',
  profiles: 'Profiles',
};

/** One sentence of what the keys buy, with what was stretched or shrunk and why. */
export function PlanSentence() {
  const plan = useAppStore((s) => s.status?.plan);
  const idle = useAppStore((s) => s.status?.scheduler?.idleReason ?? null);
  if (!plan) return null;
  return (
    <section className="plan-sentence" aria-label="Refresh plan">
      <p className="plan-text">{plan.sentence}</p>
      {(plan.adjustments.length > 0 || idle || !plan.feasible) && (
        <ul className="plan-notes">
          {!plan.feasible && <li className="warn-text">The plan cannot carry every pinned symbol at its interval.</li>}
          {plan.adjustments.map((a) => (
            <li key={a}>{a}</li>
          ))}
          {idle && <li>{idle}</li>}
        </ul>
      )}
    </section>
  );
}

function TierRow({ t }: { t: TierPlan }) {
  return (
    <tr className="row" data-tier={t.tier}>
      <th scope="row">Tier {t.tier}</th>
      <td className="num">{formatInt(t.symbols)}</td>
      <td className="num muted">{t.pinned > 0 ? formatInt(t.pinned) : '—'}</td>
      <td className="num muted">{t.streamed > 0 ? formatInt(t.streamed) : '—'}</td>
      <td className="num">
        {t.tier === 3 && !t.polling ? 'after the close' : formatInterval(t.intervalMs)}
        {t.intervalMs !== t.askedIntervalMs && (
          <span className="muted small"> (asked {formatInterval(t.askedIntervalMs)})</span>
        )}
      </td>
      <td className="num">{t.callsPerMinute < 10 ? t.callsPerMinute.toFixed(1) : Math.round(t.callsPerMinute)}</td>
      <td>
        {t.stretched && <span className="status-pill fired">stretched</span>}{' '}
        {t.shrunk && <span className="status-pill fired">shrunk</span>}
        {!t.stretched && !t.shrunk && <span className="muted small">as asked</span>}
      </td>
    </tr>
  );
}

function Jobs({ jobs, now }: { jobs: JobStatus[]; now: number }) {
  return (
    <table className="quotes compact" aria-label="Scheduler jobs">
      <thead>
        <tr>
          <th scope="col">Job</th>
          <th scope="col">State</th>
          <th scope="col">This cycle</th>
          <th scope="col">Last run</th>
          <th scope="col">Next run</th>
          <th scope="col" className="num">
            Failures
          </th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((j) => (
          <tr key={j.name} className="row" data-job={j.name}>
            <td>{JOB_NAMES[j.name]}</td>
            <td>
              <span className={`status-pill ${j.state === 'running' ? 'armed' : 'off'}`}>{j.state}</span>
            </td>
            <td>
              {j.total > 0 ? (
                <span className="progress" title={`${j.done} of ${j.total}`}>
                  <span className="progress-track" aria-hidden="true">
                    <span className="progress-fill" style={{ width: `${(100 * j.done) / j.total}%` }} />
                  </span>
                  {formatInt(j.done)} / {formatInt(j.total)}
                </span>
              ) : (
                <span className="muted">—</span>
              )}
              {j.note && <span className="muted small"> {j.note}</span>}
            </td>
            <td className="muted">{j.lastRun ? formatClock(j.lastRun) : '—'}</td>
            <td className="muted">
              {j.nextRun ? `${formatClock(j.nextRun)} (${formatIn(Date.parse(j.nextRun) - now)})` : '—'}
            </td>
            <td className={`num${j.failures > 0 ? ' warn-text' : ' muted'}`}>{j.failures}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PollIntervalsForm() {
  const api = useApi();
  const setExtendedHours = useAppStore((s) => s.setExtendedHours);
  const [data, setData] = useState<PollIntervals | null>(null);
  const [draft, setDraft] = useState<Record<number, { interval: string; size: string }>>({});
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const take = useCallback(
    (p: PollIntervals) => {
      setData(p);
      setExtendedHours(p.extendedHours);
      setDraft(
        Object.fromEntries(
          p.tiers.map((t) => [
            t.tier,
            { interval: String(t.intervalSeconds), size: t.size === null ? '' : String(t.size) },
          ]),
        ),
      );
    },
    [setExtendedHours],
  );
  useEffect(() => {
    api
      .call('getPollIntervals', {})
      .then(take, (err: unknown) =>
        setResult({ tone: 'error', text: errorText(err, 'The poll intervals did not load.') }),
      );
  }, [api, take]);
  if (!data) {
    return result ? (
      <p className="result result-error" role="alert">
        {result.text}
      </p>
    ) : (
      <div className="skeleton-rows">
        <span className="skeleton" />
      </div>
    );
  }
  const save = async (reset: boolean) => {
    const ask = (t: Tier) => {
      const d = draft[t];
      const cur = data.tiers.find((x) => x.tier === t);
      if (!d || !cur) return undefined;
      const interval = Number(d.interval);
      const size = d.size.trim() === '' ? undefined : Number(d.size);
      if (!Number.isInteger(interval) || interval < 1)
        throw new Error(`Tier ${t}: the interval is whole seconds, 1 or more.`);
      if (size !== undefined && (!Number.isInteger(size) || size < 0))
        throw new Error(`Tier ${t}: the size is a whole number of symbols.`);
      const out: { intervalSeconds?: number; size?: number } = {};
      if (interval !== cur.intervalSeconds) out.intervalSeconds = interval;
      if (t !== 3 && size !== undefined && size !== cur.size) out.size = size;
      return Object.keys(out).length > 0 ? out : undefined;
    };
    try {
      const body = reset
        ? { reset: true }
        : {
            ...(ask(1) ? { tier1: ask(1) } : {}),
            ...(ask(2) ? { tier2: ask(2) } : {}),
            ...(data.feed === 'simulated' && ask(3) ? { tier3: { intervalSeconds: ask(3)?.intervalSeconds } } : {}),
          };
      const p = await api.call('setPollIntervals', body);
      take(p);
      setResult({
        tone: 'ok',
        text: reset ? 'Back to the defaults.' : 'Saved: the plan below is what the budget gives.',
      });
    } catch (err) {
      setResult({
        tone: 'error',
        text: err instanceof Error && !('code' in err) ? err.message : errorText(err, 'Not saved. Try again.'),
      });
    }
  };
  return (
    <form
      className="poll-form"
      aria-label="Poll intervals"
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
    >
      <table className="quotes compact" aria-label="Poll intervals per tier">
        <thead>
          <tr>
            <th scope="col">Tier</th>
            <th scope="col">Every (seconds)</th>
            <th scope="col">Size (symbols)</th>
            <th scope="col">What the budget gives</th>
          </tr>
        </thead>
        <tbody>
          {data.tiers.map((t) => {
            const d = draft[t.tier] ?? { interval: '', size: '' };
            const fixed = t.tier === 3 && data.feed === 'live';
            return (
              <tr key={t.tier} className="row">
                <th scope="row">
                  Tier {t.tier}
                  {t.isDefault && <span className="muted small"> · default</span>}
                </th>
                <td>
                  <input
                    className="num-input small-input"
                    inputMode="numeric"
                    aria-label={`Tier ${t.tier} interval in seconds`}
                    value={fixed ? '' : d.interval}
                    placeholder={fixed ? 'after the close' : undefined}
                    disabled={fixed}
                    onChange={(e) => setDraft({ ...draft, [t.tier]: { ...d, interval: e.target.value } })}
                  />
                </td>
                <td>
                  {t.tier === 3 ? (
                    <span className="muted small">the rest of the universe</span>
                  ) : (
                    <input
                      className="num-input small-input"
                      inputMode="numeric"
                      aria-label={`Tier ${t.tier} size`}
                      placeholder="auto"
                      value={d.size}
                      onChange={(e) => setDraft({ ...draft, [t.tier]: { ...d, size: e.target.value } })}
                    />
                  )}
                </td>
                <td>
                  every {formatInterval(t.effectiveSeconds * 1000)}, {formatInt(t.effectiveSize)} symbols
                  {(t.effectiveSeconds !== t.intervalSeconds || (t.size !== null && t.effectiveSize !== t.size)) && (
                    <span className="warn-text small"> (the budget cannot carry the ask)</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="inline-form">
        <button type="submit" className="button">
          Save intervals
        </button>
        <button type="button" className="button button-quiet" onClick={() => void save(true)}>
          Reset to defaults
        </button>
        <span className="muted small">
          Pre- and post-market polling is {data.extendedHours ? 'on' : 'off'} (the <code>extendedHours</code> setting).
        </span>
      </div>
      {data.adjustments.length > 0 && (
        <ul className="plan-notes">
          {data.adjustments.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      {result && (
        <p className={`result result-${result.tone}`} role={result.tone === 'error' ? 'alert' : 'status'}>
          {result.text}
        </p>
      )}
    </form>
  );
}

export function RefreshPlanPanel() {
  const plan = useAppStore((s) => s.status?.plan);
  const scheduler = useAppStore((s) => s.status?.scheduler);
  const now = useNow();
  if (!plan) {
    return <div className="empty-state small">The refresh plan appears once the scheduler has made one.</div>;
  }
  return (
    <div className="admin-stack">
      <section className="panel" aria-labelledby="plan-tiers-title">
        <div className="panel-head">
          <h2 id="plan-tiers-title">How each tier is refreshed</h2>
          <span className="muted small">
            {plan.alwaysOpen ? 'Simulated market, open around the clock' : `Session: ${plan.session}`} · safety margin{' '}
            {Math.round(plan.safetyMargin * 100)}% · on-demand reserve {plan.reservePerMinute.toFixed(1)}/min
            {!plan.alwaysOpen &&
              ` · after-close snapshot ${formatInt(plan.snapshot.symbols)} symbols in ${Math.round(plan.snapshot.minutes)} min`}
          </span>
        </div>
        <table className="quotes compact" aria-label="Tiers in the plan">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col" className="num">
                Symbols
              </th>
              <th scope="col" className="num">
                Pinned
              </th>
              <th scope="col" className="num">
                Streamed
              </th>
              <th scope="col" className="num">
                Every
              </th>
              <th scope="col" className="num">
                Calls/min
              </th>
              <th scope="col">Budget</th>
            </tr>
          </thead>
          <tbody>
            {plan.tiers.map((t) => (
              <TierRow key={t.tier} t={t} />
            ))}
          </tbody>
        </table>
        <table className="quotes compact" aria-label="Providers in the plan">
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Plan</th>
              <th scope="col" className="num">
                Limit/min
              </th>
              <th scope="col" className="num">
                Usable/min
              </th>
              <th scope="col" className="num">
                Planned/min
              </th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {plan.providers.map((p) => (
              <tr key={p.id} className="row">
                <td>{sourceName(p.id)}</td>
                <td>
                  <code>{p.limits}</code> <span className="muted small">{p.label}</span>
                </td>
                <td className="num">{p.limitPerMinute.toFixed(1)}</td>
                <td className="num">{p.usablePerMinute.toFixed(1)}</td>
                <td className="num">{p.plannedPerMinute.toFixed(1)}</td>
                <td>{p.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="poll-title">
        <div className="panel-head">
          <h2 id="poll-title">Poll intervals</h2>
          <span className="muted small">
            Ask for faster or slower tiers: the planner stretches what the budget cannot carry
          </span>
        </div>
        <div className="panel-body">
          <PollIntervalsForm />
        </div>
      </section>
      {scheduler && (
        <section className="panel" aria-labelledby="jobs-title">
          <div className="panel-head">
            <h2 id="jobs-title">Scheduler</h2>
            <span className="muted small">
              {scheduler.running ? 'Running' : 'Stopped'} · {scheduler.callsInFlight} calls in flight ·{' '}
              {scheduler.onDemandQueued} on-demand queued
              {scheduler.idleReason ? ` · ${scheduler.idleReason}` : ''}
            </span>
          </div>
          <Jobs jobs={scheduler.jobs} now={now} />
        </section>
      )}
    </div>
  );
}

const REASON_TEXT: Record<Tiers['symbols'][number]['reason'], string> = {
  pinned: 'pinned (watchlist, portfolio or index)',
  override: 'your override',
  rank: 'by activity',
};

const PAGE_SIZE = 100;

function Overrides({ list, onChange }: { list: Override[] | null; onChange: (l: Override[]) => void }) {
  const api = useApi();
  const [symbol, setSymbol] = useState<string | null>(null);
  const [tier, setTier] = useState<Tier>(1);
  const [problem, setProblem] = useState<string | null>(null);
  const add = async () => {
    if (!symbol) return setProblem('Pick a symbol first (type it, then Enter).');
    try {
      onChange(await api.call('setOverrides', { symbols: [symbol], tier }));
      setSymbol(null);
      setProblem(null);
    } catch (err) {
      setProblem(errorText(err, 'The override was not saved. Try again.'));
    }
  };
  return (
    <section className="panel" aria-labelledby="overrides-title">
      <div className="panel-head">
        <h2 id="overrides-title">Overrides</h2>
        <span className="muted small">Pin a symbol to a tier whatever its rank (an override beats watchlist pins)</span>
      </div>
      <div className="panel-body">
        <form
          className="alert-form"
          aria-label="New override"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <div className="field">
            <span className="filter-label">Symbol</span>
            {symbol ? (
              <span className="chip">
                <strong>{symbol}</strong>
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Change symbol"
                  onClick={() => setSymbol(null)}
                >
                  ×
                </button>
              </span>
            ) : (
              <SymbolSearch onPick={setSymbol} placeholder="Symbol — press /" label="Override symbol" />
            )}
          </div>
          <label className="field">
            <span className="filter-label">Tier</span>
            <select value={tier} onChange={(e) => setTier(Number(e.target.value) as Tier)} aria-label="Override tier">
              <option value={1}>Tier 1 (fastest)</option>
              <option value={2}>Tier 2</option>
              <option value={3}>Tier 3 (after the close)</option>
            </select>
          </label>
          <button type="submit" className="button">
            Pin
          </button>
          {problem && (
            <p className="form-problem" role="alert">
              {problem}
            </p>
          )}
        </form>
      </div>
      {list === null ? (
        <div className="skeleton-rows">
          <span className="skeleton" />
        </div>
      ) : list.length === 0 ? (
        <div className="empty-state small">No overrides: every symbol sits where its activity puts it.</div>
      ) : (
        <table className="quotes compact" aria-label="Overrides">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Tier</th>
              <th scope="col">Since</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((o) => (
              <tr key={o.symbol} className="row" data-override={o.symbol}>
                <td className="sym-ticker">{o.symbol}</td>
                <td>Tier {o.tier}</td>
                <td className="muted">
                  {new Date(o.createdAt).toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove the override of ${o.symbol}`}
                    onClick={() =>
                      void api
                        .call('deleteOverrides', { symbols: [o.symbol] })
                        .then(onChange, (err: unknown) => setProblem(errorText(err, 'Not removed. Try again.')))
                    }
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function TiersPanel() {
  const api = useApi();
  const openDetail = useAppStore((s) => s.openDetail);
  const [tier, setTier] = useState<Tier | null>(1);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Tiers | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [overrides, setOverrides] = useState<Override[] | null>(null);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.call('getTiers', { ...(tier === null ? {} : { tier }), page, pageSize: PAGE_SIZE }).then(
      (t) => {
        if (cancelled) return;
        setData(t);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(errorText(err, 'The tiers did not load.')),
    );
    return () => {
      cancelled = true;
    };
  }, [api, tier, page, version]);
  useEffect(() => {
    api.call('listOverrides', {}).then(setOverrides, () => setOverrides([]));
  }, [api]);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const exportCsv = async () => {
    const all = await api.call('getTiers', { ...(tier === null ? {} : { tier }), page: 1, pageSize: 10_000 });
    downloadCsv(csvFileName(tier === null ? 'tiers' : `tier-${tier}`), all.symbols, [
      'symbol',
      'name',
      'tier',
      'reason',
      'rank',
      'dollarVolume',
      'marketCap',
    ]);
  };
  return (
    <div className="admin-stack">
      <section className="panel" aria-labelledby="tiers-title">
        <div className="panel-head">
          <h2 id="tiers-title">Tiers</h2>
          <span className="muted small">
            {data?.classifiedAt ? `Ranked ${humanizeTimes(data.classifiedAt)}` : 'Not ranked yet'} by dollar volume and
            market cap; ranked again after every trading day
          </span>
          <div className="spacer" />
          <div className="segmented small-seg" role="radiogroup" aria-label="Tier shown">
            {([1, 2, 3, null] as const).map((t) => (
              <label key={String(t)} className={`segment${tier === t ? ' active' : ''}`}>
                <input
                  type="radio"
                  name="tier-shown"
                  checked={tier === t}
                  onChange={() => {
                    setTier(t);
                    setPage(1);
                  }}
                />
                {t === null ? 'All' : `Tier ${t}`}
                {data && t !== null && (
                  <span className="muted small"> {formatInt(data.tiers.find((x) => x.tier === t)?.symbols ?? 0)}</span>
                )}
              </label>
            ))}
          </div>
          <button
            type="button"
            className="button button-quiet"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              api.call('reclassifyTiers', {}).then(
                (r) => {
                  setBusy(false);
                  setNote(`Ranked again: ${formatInt(r.changed)} symbols changed tier.`);
                  setVersion((v) => v + 1);
                },
                (err: unknown) => {
                  setBusy(false);
                  setNote(errorText(err, 'Not ranked again. Try later.'));
                },
              );
            }}
          >
            Rank again now
          </button>
          <button type="button" className="button button-quiet" onClick={() => void exportCsv()}>
            Export CSV
          </button>
        </div>
        {note && (
          <p className="result result-ok small-result" role="status">
            {note}
          </p>
        )}
        {error && (
          <div className="banner banner-error small" role="alert">
            {error}
          </div>
        )}
        {!data ? (
          <div className="skeleton-rows">
            <span className="skeleton" />
            <span className="skeleton" />
          </div>
        ) : (
          <>
            <table className="quotes compact" aria-label="Symbols by tier">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Rank
                  </th>
                  <th scope="col">Symbol</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Why</th>
                  <th scope="col" className="num">
                    Dollar volume
                  </th>
                  <th scope="col" className="num">
                    Mkt cap
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.symbols.map((m) => (
                  <tr key={m.symbol} className="row" data-symbol={m.symbol}>
                    <td className="num muted">{m.rank ?? '—'}</td>
                    <td className="sym">
                      <button type="button" className="link-button sym-cell" onClick={() => openDetail(m.symbol)}>
                        <span className="sym-ticker">{m.symbol}</span>
                        <span className="sym-name">{m.name}</span>
                      </button>
                    </td>
                    <td>Tier {m.tier}</td>
                    <td className={m.reason === 'override' ? 'accent-text' : 'muted'}>{REASON_TEXT[m.reason]}</td>
                    <td className="num">{formatMoneyCompact(m.dollarVolume)}</td>
                    <td className="num">{formatMoneyCompact(m.marketCap)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pager">
              <span className="muted small">
                {formatInt(data.total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1)}–
                {formatInt(Math.min(page * PAGE_SIZE, data.total))} of {formatInt(data.total)}
              </span>
              <button
                type="button"
                className="button button-quiet"
                disabled={page <= 1}
                onClick={() => setPage(page - 1)}
              >
                Previous
              </button>
              <button
                type="button"
                className="button button-quiet"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
              >
                Next
              </button>
            </div>
          </>
        )}
      </section>
      <Overrides
        list={overrides}
        onChange={(l) => {
          setOverrides(l);
          setVersion((v) => v + 1);
        }}
      />
    </div>
  );
}
