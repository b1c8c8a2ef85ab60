// Small pieces every quote table and pane shares: change text, freshness, sortable headers, range bar.
import type { ReactNode } from 'react';
import type { Quote } from '../../../shared/quote';
import { arrow, direction, formatAge, formatChange, formatClock, formatPercent, formatPrice } from '../lib/format';
import { nextSort, rangePosition, type SortKey, type SortState } from '../lib/quote-sort';
import { freshness } from '../lib/staleness';
import { useFreshness } from '../lib/use-freshness';

/** ▲ +1.23 in green, ▼ −0.45 in red; the arrow is decoration, the sign carries the meaning. */
export function ChangeText({ change, price, percent }: { change: number; price?: number; percent?: boolean }) {
  const dir = direction(change);
  return (
    <span className={`chg ${dir}`}>
      {!percent && (
        <span className="arrow" aria-hidden="true">
          {arrow(dir)}
        </span>
      )}
      {percent ? formatPercent(change) : formatChange(change, price)}
    </span>
  );
}

/** The "updated" cell: the quote's time while fresh; an amber "stale · 12 min old" once it is not. */
export function FreshnessTag({
  quote,
  now,
}: {
  quote: Pick<Quote, 'stale' | 'fetchedAt' | 'tier' | 'asOf' | 'source'>;
  now: number;
}) {
  const f = freshness(quote, now);
  if (f.stale) {
    return (
      <span className="stale-tag" title={`Last update ${formatClock(quote.asOf)} from ${quote.source}`}>
        stale · {formatAge(f.ageMs)}
      </span>
    );
  }
  return (
    <time className="asof" dateTime={quote.asOf} title={`as of ${quote.asOf} from ${quote.source}`}>
      {formatClock(quote.asOf)}
    </time>
  );
}

/** FreshnessTag that redraws itself when the quote turns stale, not every second. */
export function LiveFreshnessTag({ quote }: { quote: Quote }) {
  const { now } = useFreshness(quote);
  return <FreshnessTag quote={quote} now={now} />;
}

/** The day's low-high with a marker at the last price, and a tick at the open. */
export function DayRangeBar({
  quote,
  wide,
}: {
  quote: Pick<Quote, 'low' | 'high' | 'price' | 'open'>;
  wide?: boolean;
}) {
  const pos = rangePosition(quote);
  if (pos === null || quote.low === null || quote.high === null) return <span className="muted">—</span>;
  const open =
    quote.open !== null && quote.high > quote.low
      ? Math.min(1, Math.max(0, (quote.open - quote.low) / (quote.high - quote.low)))
      : null;
  return (
    <span
      className={`range-bar${wide ? ' wide' : ''}`}
      role="img"
      aria-label={`Day range ${formatPrice(quote.low)} to ${formatPrice(quote.high)}, last ${formatPrice(quote.price)}`}
    >
      {wide && <span className="range-end">{formatPrice(quote.low)}</span>}
      <span className="range-track">
        {open !== null && <span className="range-open" style={{ left: `${open * 100}%` }} />}
        <span className="range-dot" style={{ left: `${pos * 100}%` }} />
      </span>
      {wide && <span className="range-end">{formatPrice(quote.high)}</span>}
    </span>
  );
}

export type Column = { key: SortKey; label: string; numeric?: boolean; title?: string };

/** A column header that sorts on click or Enter and says its state to screen readers. */
export function SortHeader({
  column,
  sort,
  onSort,
  className,
  children,
  as = 'div',
}: {
  column: Column;
  sort: SortState | null;
  onSort: (s: SortState | null) => void;
  className?: string;
  children?: ReactNode;
  /** `th` inside a real table; `div` with role columnheader in the virtualized grid. */
  as?: 'th' | 'div';
}) {
  const active = sort?.key === column.key ? sort.order : null;
  const Cell = as;
  return (
    <Cell
      role={as === 'div' ? 'columnheader' : undefined}
      scope={as === 'th' ? 'col' : undefined}
      className={`th${column.numeric ? ' num' : ''}${active ? ' sorted' : ''}${className ? ` ${className}` : ''}`}
      aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : 'none'}
    >
      <button
        type="button"
        className="th-button"
        title={column.title}
        onClick={() => onSort(nextSort(sort, column.key))}
      >
        {children ?? column.label}
        <span className="sort-mark" aria-hidden="true">
          {active === 'asc' ? '↑' : active === 'desc' ? '↓' : ''}
        </span>
      </button>
    </Cell>
  );
}
