// Portfolios: holdings (symbol, shares, cost) with live value, day P/L and total P/L from the engine.
import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import type { HoldingInput, HoldingValuation, Portfolio, PortfolioValuation } from '../../../shared/contract';
import { useApi } from '../api/context';
import { csvFileName, downloadCsv } from '../lib/csv-download';
import { errorText } from '../lib/errors';
import {
  direction,
  formatClock,
  formatMoney,
  formatPercent,
  formatPrice,
  formatShares,
  formatSignedMoney,
} from '../lib/format';
import { costBasisOf, parseAmount, sortHoldings, type HoldingSortKey } from '../lib/portfolio';
import { useAppStore } from '../store';
import { EditableTitle } from './EditableTitle';
import { useFlash } from './QuoteRow';
import { SymbolSearch } from './SymbolSearch';

/** "+$1,234.56" over "+1.23%", green or red; a dash when there is nothing to say yet. */
function PnL({ amount, percent, big }: { amount: number | null; percent: number | null; big?: boolean }) {
  const dir = direction(amount);
  return (
    <span className={`pnl chg ${dir}${big ? ' big' : ''}`}>
      <span className="pnl-amount">{formatSignedMoney(amount)}</span>
      {percent !== null && <span className="pnl-percent">{formatPercent(percent)}</span>}
    </span>
  );
}

function SummaryCard({ label, children, title }: { label: string; children: ReactNode; title?: string }) {
  return (
    <div className="summary-card" title={title}>
      <div className="filter-label">{label}</div>
      <div className="summary-value">{children}</div>
    </div>
  );
}

function Summary({ v }: { v: PortfolioValuation | undefined }) {
  const flash = useFlash(v?.value);
  if (!v) {
    return (
      <div className="summary-row" aria-busy="true">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="summary-card">
            <span className="skeleton" />
          </div>
        ))}
      </div>
    );
  }
  const unpriced = v.holdings.filter((h) => h.price === null).length;
  return (
    <div className={`summary-row${v.stale ? ' stale' : ''}`} aria-label="Portfolio totals">
      <SummaryCard label="Market value">
        <span className={`big-money price${flash ? ` flash-${flash}` : ''}`} data-field="value">
          {formatMoney(v.value)}
        </span>
      </SummaryCard>
      <SummaryCard label="Day P/L" title="Change of the value since the previous close">
        <span data-field="dayChange">
          <PnL amount={v.dayChange} percent={v.dayChangePercent} big />
        </span>
      </SummaryCard>
      <SummaryCard label="Total P/L" title="Value less what the holdings cost">
        <span data-field="totalGain">
          <PnL amount={v.totalGain} percent={v.totalGainPercent} big />
        </span>
      </SummaryCard>
      <SummaryCard label="Cost basis">
        <span className="big-money muted-money">{formatMoney(v.costBasis)}</span>
      </SummaryCard>
      <p className="summary-note muted small" role={v.stale ? 'status' : undefined}>
        {v.asOf ? `Prices as of ${formatClock(v.asOf)}` : 'Waiting for the first prices'}
        {v.stale && (
          <span className="stale-tag">
            {' '}
            · {unpriced > 0 ? `${unpriced} without a quote yet` : 'some prices are stale'}: totals count only the priced
            holdings
          </span>
        )}
      </p>
    </div>
  );
}

type EditState = { shares: string; cost: string };

const HoldingRow = memo(function HoldingRow({
  h,
  name,
  onSave,
  onRemove,
}: {
  h: HoldingValuation;
  name: string | undefined;
  onSave: (symbol: string, next: HoldingInput) => Promise<boolean>;
  onRemove: (symbol: string) => void;
}) {
  const openDetail = useAppStore((s) => s.openDetail);
  const open = useAppStore((s) => s.detailSymbol === h.symbol);
  const flash = useFlash(h.price ?? undefined);
  const [edit, setEdit] = useState<EditState | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const avgCost = h.shares > 0 ? h.costBasis / h.shares : null;

  const save = async () => {
    if (!edit) return;
    const shares = parseAmount(edit.shares);
    const price = parseAmount(edit.cost);
    if (shares === null || shares <= 0) return setProblem('Shares must be a number above zero.');
    if (price === null || price < 0) return setProblem('Average cost must be a number, zero or more.');
    setProblem(null);
    if (await onSave(h.symbol, { symbol: h.symbol, shares, costBasis: costBasisOf(shares, price) })) setEdit(null);
  };

  return (
    <tr className={`row${open ? ' open' : ''}${h.stale ? ' stale' : ''}`} data-holding={h.symbol}>
      <td className="sym">
        <button type="button" className="link-button sym-cell" onClick={() => openDetail(h.symbol)}>
          <span className="sym-ticker">{h.symbol}</span>
          <span className="sym-name">{name ?? ''}</span>
        </button>
      </td>
      {edit ? (
        <>
          <td className="num">
            <input
              className="num-input small-input"
              aria-label={`Shares of ${h.symbol}`}
              inputMode="decimal"
              value={edit.shares}
              autoFocus
              onChange={(e) => setEdit({ ...edit, shares: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void save();
                if (e.key === 'Escape') setEdit(null);
              }}
            />
          </td>
          <td className="num">
            <input
              className="num-input small-input"
              aria-label={`Average cost per share of ${h.symbol}`}
              inputMode="decimal"
              value={edit.cost}
              onChange={(e) => setEdit({ ...edit, cost: e.target.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter') void save();
                if (e.key === 'Escape') setEdit(null);
              }}
            />
          </td>
        </>
      ) : (
        <>
          <td className="num" data-field="shares">
            {formatShares(h.shares)}
          </td>
          <td className="num" title={`Cost basis ${formatMoney(h.costBasis)}`}>
            {formatPrice(avgCost)}
          </td>
        </>
      )}
      <td className="num">
        {h.price === null ? (
          <span className="awaiting">awaiting quote</span>
        ) : (
          <span className={`price${flash ? ` flash-${flash}` : ''}`} data-field="price">
            {formatPrice(h.price)}
          </span>
        )}
        {h.stale && h.price !== null && (
          <span className="stale-tag" title={h.asOf ? `Last update ${formatClock(h.asOf)}` : undefined}>
            {' '}
            stale
          </span>
        )}
      </td>
      <td className="num" data-field="dayChange">
        <PnL amount={h.dayChange} percent={h.dayChangePercent} />
      </td>
      <td className="num value-cell" data-field="value">
        {formatMoney(h.value)}
      </td>
      <td className="num" data-field="gain">
        <PnL amount={h.gain} percent={h.gainPercent} />
      </td>
      <td className="num weight-cell">
        {h.weightPercent === null ? (
          '—'
        ) : (
          <span className="weight" title={`${h.weightPercent.toFixed(1)}% of the portfolio`}>
            <span className="weight-track" aria-hidden="true">
              <span className="weight-fill" style={{ width: `${Math.min(100, h.weightPercent)}%` }} />
            </span>
            {h.weightPercent.toFixed(1)}%
          </span>
        )}
      </td>
      <td className="actions wide">
        {edit ? (
          <>
            <button type="button" className="button" onClick={() => void save()}>
              Save
            </button>
            <button type="button" className="button button-quiet" onClick={() => setEdit(null)}>
              Cancel
            </button>
            {problem && (
              <span className="form-problem inline" role="alert">
                {problem}
              </span>
            )}
          </>
        ) : (
          <>
            <button
              type="button"
              className="button button-quiet"
              aria-label={`Edit ${h.symbol}`}
              onClick={() => {
                setProblem(null);
                setEdit({ shares: String(h.shares), cost: avgCost === null ? '' : String(roundCents(avgCost)) });
              }}
            >
              Edit
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${h.symbol} from the portfolio`}
              onClick={() => onRemove(h.symbol)}
            >
              ×
            </button>
          </>
        )}
      </td>
    </tr>
  );
});

function roundCents(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

const SORTS: { key: HoldingSortKey; label: string; numeric: boolean; title?: string }[] = [
  { key: 'symbol', label: 'Symbol', numeric: false },
  { key: 'shares', label: 'Shares', numeric: true },
  { key: 'avgCost', label: 'Avg cost', numeric: true, title: 'What you paid per share (cost basis ÷ shares)' },
  { key: 'price', label: 'Last', numeric: true },
  { key: 'dayChange', label: 'Day P/L', numeric: true },
  { key: 'value', label: 'Value', numeric: true },
  { key: 'gain', label: 'Total P/L', numeric: true },
  { key: 'weight', label: 'Weight', numeric: true },
];

function AddHolding({ portfolio, onAdd }: { portfolio: Portfolio; onAdd: (h: HoldingInput) => Promise<boolean> }) {
  const [symbol, setSymbol] = useState<string | null>(null);
  const quote = useAppStore((s) => (symbol ? s.quotes[symbol] : undefined));
  const [shares, setShares] = useState('');
  const [cost, setCost] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // After an add (and in an empty portfolio, as in an empty watchlist) the search box has the focus:
  // the next holding is typed at once.
  const [added, setAdded] = useState(0);
  const sharesRef = useRef<HTMLInputElement>(null);
  const held = useMemo(() => new Set(portfolio.holdings.map((h) => h.symbol)), [portfolio.holdings]);
  const n = parseAmount(shares);
  const p = parseAmount(cost);
  const total = n !== null && p !== null && n > 0 && p >= 0 ? costBasisOf(n, p) : null;

  const submit = async () => {
    if (!symbol) return setProblem('Pick a symbol first: type it in the search box, then Enter.');
    if (n === null || n <= 0) return setProblem('Enter how many shares you hold (more than 0).');
    if (p === null || p < 0) return setProblem('Enter what you paid per share (0 for a gift or a grant).');
    setBusy(true);
    setProblem(null);
    const existing = portfolio.holdings.find((h) => h.symbol === symbol);
    // Another lot of a symbol already held: shares and cost add up into its one line.
    const next = existing
      ? { symbol, shares: existing.shares + n, costBasis: existing.costBasis + costBasisOf(n, p) }
      : { symbol, shares: n, costBasis: costBasisOf(n, p) };
    const ok = await onAdd(next);
    setBusy(false);
    if (ok) {
      setSymbol(null);
      setShares('');
      setCost('');
      setAdded((n) => n + 1);
    }
  };

  return (
    <form
      className="alert-form holding-form"
      aria-label="Add a holding"
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
            <button type="button" className="icon-button" aria-label="Change symbol" onClick={() => setSymbol(null)}>
              ×
            </button>
          </span>
        ) : (
          <SymbolSearch
            key={added}
            autoFocus={added > 0 || portfolio.holdings.length === 0}
            onPick={(s) => {
              setSymbol(s);
              setProblem(null);
              requestAnimationFrame(() => sharesRef.current?.focus());
            }}
            exclude={held}
            placeholder="Symbol — press /"
            label="Holding symbol"
          />
        )}
      </div>
      <label className="field">
        <span className="filter-label">Shares</span>
        <input
          ref={sharesRef}
          className="num-input"
          inputMode="decimal"
          aria-label="Shares"
          placeholder="10"
          value={shares}
          aria-invalid={shares !== '' && (n === null || n <= 0)}
          onChange={(e) => {
            setShares(e.target.value);
            setProblem(null);
          }}
        />
      </label>
      <label className="field">
        <span className="filter-label">Avg cost / share</span>
        <input
          className="num-input"
          inputMode="decimal"
          aria-label="Average cost per share"
          placeholder={quote ? formatPrice(quote.price).replace(/,/g, '') : '0.00'}
          value={cost}
          aria-invalid={cost !== '' && (p === null || p < 0)}
          onChange={(e) => {
            setCost(e.target.value);
            setProblem(null);
          }}
        />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {symbol && held.has(symbol) ? 'Add to holding' : 'Add holding'}
      </button>
      {problem ? (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      ) : (
        <p className="form-note muted small">
          {total !== null
            ? `Cost basis ${formatMoney(total)}${symbol && held.has(symbol) ? ` — added to the ${symbol} you hold` : ''}.`
            : 'One line per symbol: another purchase of a symbol you hold adds to its line.'}
        </p>
      )}
    </form>
  );
}

function PortfolioName({ p }: { p: Portfolio }) {
  const api = useApi();
  const upsert = useAppStore((s) => s.upsertPortfolio);
  return (
    <EditableTitle
      name={p.name}
      what="portfolio"
      rename={(name) => api.call('updatePortfolio', { id: p.id, name }).then(upsert)}
    />
  );
}

function PortfolioPanel({ p }: { p: Portfolio }) {
  const api = useApi();
  const v = useAppStore((s) => s.valuations[p.id]);
  const names = useAppStore((s) => s.universeBySymbol);
  const upsert = useAppStore((s) => s.upsertPortfolio);
  const setValuation = useAppStore((s) => s.setValuation);
  const remove = useAppStore((s) => s.removePortfolio);
  const pushToast = useAppStore((s) => s.pushToast);
  const [sort, setSort] = useState<{ key: HoldingSortKey; order: 'asc' | 'desc' } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const saveHoldings = async (holdings: HoldingInput[], failTitle: string): Promise<boolean> => {
    try {
      const updated = await api.call('updatePortfolio', { id: p.id, holdings });
      upsert(updated);
      // The `portfolio` event follows; this answer makes the change show at once on any transport.
      setValuation(await api.call('getPortfolioValuation', { id: p.id }));
      return true;
    } catch (err) {
      pushToast({ kind: 'error', title: failTitle, message: errorText(err, 'Nothing was changed. Try again.') });
      return false;
    }
  };
  const current = (): HoldingInput[] => p.holdings.map((h) => ({ ...h }));
  const onSave = (symbol: string, next: HoldingInput) =>
    saveHoldings(
      current().map((h) => (h.symbol === symbol ? next : h)),
      'Holding not saved',
    );
  const onRemove = (symbol: string) =>
    void saveHoldings(
      current().filter((h) => h.symbol !== symbol),
      'Holding not removed',
    );
  const onAdd = (h: HoldingInput) =>
    saveHoldings(
      current().some((x) => x.symbol === h.symbol)
        ? current().map((x) => (x.symbol === h.symbol ? h : x))
        : [...current(), h],
      'Holding not added',
    );

  // Valuation rows follow the portfolio's own order until a header is clicked.
  const rows = useMemo(() => {
    const byOrder = new Map(v?.holdings.map((h) => [h.symbol, h]) ?? []);
    const ordered = p.holdings
      .map((h) => byOrder.get(h.symbol))
      .filter((h): h is HoldingValuation => h !== undefined && h.shares > 0);
    return sort ? sortHoldings(ordered, sort.key, sort.order) : ordered;
  }, [p.holdings, v, sort]);

  const exportCsv = () => {
    if (!v) return;
    downloadCsv(csvFileName(`portfolio-${p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`), rows, [
      'symbol',
      'shares',
      'costBasis',
      'price',
      'value',
      'dayChange',
      'dayChangePercent',
      'gain',
      'gainPercent',
      'weightPercent',
      'asOf',
      'stale',
    ]);
  };

  return (
    <section className="panel" aria-label={`Portfolio ${p.name}`}>
      <div className="panel-head">
        <PortfolioName p={p} />
        <span className="muted">
          {p.holdings.length} {p.holdings.length === 1 ? 'holding' : 'holdings'}
        </span>
        <div className="spacer" />
        <button type="button" className="button button-quiet" onClick={exportCsv} disabled={rows.length === 0}>
          Export CSV
        </button>
        {confirmDelete ? (
          <span className="confirm-row" role="group" aria-label={`Delete portfolio ${p.name}?`}>
            <span>Delete “{p.name}” and its holdings?</span>
            <button
              type="button"
              className="button button-danger"
              onClick={() =>
                void api.call('deletePortfolio', { id: p.id }).then(
                  () => remove(p.id),
                  (err: unknown) =>
                    pushToast({ kind: 'error', title: 'Not deleted', message: errorText(err, 'Try again.') }),
                )
              }
            >
              Delete
            </button>
            <button type="button" className="button button-quiet" autoFocus onClick={() => setConfirmDelete(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="button button-quiet" onClick={() => setConfirmDelete(true)}>
            Delete portfolio
          </button>
        )}
      </div>
      <div className="panel-body">
        <Summary v={v} />
      </div>
      <div className="panel-body">
        <AddHolding portfolio={p} onAdd={onAdd} />
      </div>
      {p.holdings.length === 0 ? (
        <div className="empty-state">
          <p>
            No holdings yet. Press <kbd>/</kbd>, pick a symbol, then enter your shares and what you paid per share.
          </p>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="quotes holdings" aria-label={`${p.name} holdings`}>
            <thead>
              <tr>
                {SORTS.map((c) => {
                  const active = sort?.key === c.key ? sort.order : null;
                  return (
                    <th
                      key={c.key}
                      scope="col"
                      className={`th${c.numeric ? ' num' : ''}${active ? ' sorted' : ''}`}
                      aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : 'none'}
                    >
                      <button
                        type="button"
                        className="th-button"
                        title={c.title}
                        onClick={() =>
                          setSort((s) =>
                            s?.key !== c.key
                              ? { key: c.key, order: c.numeric ? 'desc' : 'asc' }
                              : s.order === (c.numeric ? 'desc' : 'asc')
                                ? { key: c.key, order: c.numeric ? 'asc' : 'desc' }
                                : null,
                          )
                        }
                      >
                        {c.label}
                        <span className="sort-mark" aria-hidden="true">
                          {active === 'asc' ? '↑' : active === 'desc' ? '↓' : ''}
                        </span>
                      </button>
                    </th>
                  );
                })}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {!v
                ? p.holdings.map((h) => (
                    <tr key={h.symbol}>
                      <td className="sym">{h.symbol}</td>
                      {Array.from({ length: 8 }, (_, i) => (
                        <td key={i}>
                          <span className="skeleton" />
                        </td>
                      ))}
                    </tr>
                  ))
                : rows.map((h) => (
                    <HoldingRow key={h.symbol} h={h} name={names[h.symbol]?.name} onSave={onSave} onRemove={onRemove} />
                  ))}
            </tbody>
            {v && rows.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td colSpan={3} />
                  <td className="num">
                    <PnL amount={v.dayChange} percent={v.dayChangePercent} />
                  </td>
                  <td className="num value-cell">{formatMoney(v.value)}</td>
                  <td className="num">
                    <PnL amount={v.totalGain} percent={v.totalGainPercent} />
                  </td>
                  <td className="num">100%</td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </section>
  );
}

function NewPortfolio({ first }: { first: boolean }) {
  const api = useApi();
  const upsert = useAppStore((s) => s.upsertPortfolio);
  const select = useAppStore((s) => s.selectPortfolio);
  const setValuation = useAppStore((s) => s.setValuation);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = async () => {
    const trimmed = name.trim();
    if (!trimmed) return setProblem('Give the portfolio a name, like “Retirement”.');
    try {
      const p = await api.call('createPortfolio', { name: trimmed, holdings: [] });
      upsert(p);
      select(p.id);
      setName('');
      setProblem(null);
      setValuation(await api.call('getPortfolioValuation', { id: p.id }));
    } catch (err) {
      setProblem(errorText(err, 'The portfolio was not created. Try again.'));
    }
  };
  return (
    <form
      className="new-portfolio"
      aria-label="New portfolio"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <input
        className="search-input"
        aria-label="New portfolio name"
        placeholder={first ? 'Name your first portfolio…' : 'New portfolio…'}
        value={name}
        maxLength={80}
        autoFocus={first}
        onChange={(e) => {
          setName(e.target.value);
          setProblem(null);
        }}
      />
      <button type="submit" className={`button${first ? '' : ' button-quiet'}`}>
        Create portfolio
      </button>
      {problem && (
        <span className="form-problem inline" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}

/** Tab strip: each portfolio with its live value and day change. */
function PortfolioTab({ p, active }: { p: Portfolio; active: boolean }) {
  const v = useAppStore((s) => s.valuations[p.id]);
  const select = useAppStore((s) => s.selectPortfolio);
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      className={`portfolio-tab${active ? ' active' : ''}`}
      onClick={() => select(p.id)}
    >
      <span className="portfolio-tab-name">{p.name}</span>
      <span className="portfolio-tab-figures">
        {v ? formatMoney(v.value) : '—'}{' '}
        {v && <span className={`chg ${direction(v.dayChange)}`}>{formatPercent(v.dayChangePercent)}</span>}
      </span>
    </button>
  );
}

export function PortfoliosView() {
  const portfolios = useAppStore((s) => s.portfolios);
  const activeId = useAppStore((s) => s.activePortfolioId);
  if (portfolios === null) {
    return (
      <section className="panel" aria-busy="true" aria-label="Loading portfolios">
        <div className="panel-head">
          <span className="skeleton skeleton-title" />
        </div>
        <div className="skeleton-rows">
          {Array.from({ length: 5 }, (_, i) => (
            <span key={i} className="skeleton" />
          ))}
        </div>
      </section>
    );
  }
  if (portfolios.length === 0) {
    return (
      <section className="panel empty-state portfolio-empty">
        <h1>Track what you own</h1>
        <p>
          A portfolio holds your positions — symbol, shares and what you paid — and shows their value, today’s gain or
          loss and the total since you bought, live.
        </p>
        <NewPortfolio first />
      </section>
    );
  }
  const active = portfolios.find((p) => p.id === activeId) ?? portfolios[0];
  return (
    <div className="portfolios-view">
      <div className="portfolio-bar">
        <div className="portfolio-tabs" role="tablist" aria-label="Portfolios">
          {portfolios.map((p) => (
            <PortfolioTab key={p.id} p={p} active={p.id === active?.id} />
          ))}
        </div>
        <div className="spacer" />
        <NewPortfolio first={false} />
      </div>
      {active && <PortfolioPanel key={active.id} p={active} />}
    </div>
  );
}
