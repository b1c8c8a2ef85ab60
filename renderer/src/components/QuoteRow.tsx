import { memo, useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { formatCompact, formatMoneyCompact, formatPrice } from '../lib/format';
import { useFreshness } from '../lib/use-freshness';
import { useAppStore } from '../store';
import { ChangeText, DayRangeBar, FreshnessTag } from './QuoteBits';

export type RowAction =
  | { type: 'select'; index: number }
  | { type: 'open'; symbol: string }
  | { type: 'remove'; symbol: string }
  | { type: 'move'; from: number; to: number }
  | { type: 'drag-start'; index: number }
  | { type: 'drop'; over: number; after: boolean };

type Props = {
  symbol: string;
  index: number;
  selected: boolean;
  focusable: boolean;
  reorderable: boolean;
  dropAt: 'before' | 'after' | null;
  onAction: (a: RowAction) => void;
  onDragOverRow: (index: number, after: boolean) => void;
};

/** Price flash: a short green or red wash when the last price moves, none on first paint. */
export function useFlash(price: number | undefined): 'up' | 'down' | null {
  const last = useRef<number | undefined>(undefined);
  const [flash, setFlash] = useState<'up' | 'down' | null>(null);
  useEffect(() => {
    const prev = last.current;
    last.current = price;
    if (prev === undefined || price === undefined || prev === price) return;
    setFlash(price > prev ? 'up' : 'down');
    const t = setTimeout(() => setFlash(null), 450);
    return () => clearTimeout(t);
  }, [price]);
  return flash;
}

/** One watchlist row; it re-renders only when its own quote (or its selection) changes. */
export const QuoteRow = memo(function QuoteRow({
  symbol,
  index,
  selected,
  focusable,
  reorderable,
  dropAt,
  onAction,
  onDragOverRow,
}: Props) {
  const quote = useAppStore((s) => s.quotes[symbol]);
  const open = useAppStore((s) => s.detailSymbol === symbol);
  const flash = useFlash(quote?.price);
  const fresh = useFreshness(quote);
  const stale = quote ? fresh.stale : false;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      if (reorderable) onAction({ type: 'move', from: index, to: index + (e.key === 'ArrowUp' ? -1 : 1) });
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      onAction({ type: 'select', index: index + (e.key === 'ArrowUp' ? -1 : 1) });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onAction({ type: 'open', symbol });
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onAction({ type: 'remove', symbol });
    }
  };
  const onDragOver = (e: DragEvent<HTMLTableRowElement>) => {
    if (!reorderable) return;
    e.preventDefault();
    const r = e.currentTarget.getBoundingClientRect();
    onDragOverRow(index, e.clientY > r.top + r.height / 2);
  };

  const className = [
    'row',
    stale ? 'stale' : '',
    selected ? 'selected' : '',
    open ? 'open' : '',
    dropAt ? `drop-${dropAt}` : '',
    quote ? '' : 'loading',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <tr
      className={className}
      data-symbol={symbol}
      tabIndex={focusable ? 0 : -1}
      aria-selected={selected}
      aria-keyshortcuts="Enter Delete Alt+ArrowUp Alt+ArrowDown"
      draggable={reorderable}
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', symbol);
        onAction({ type: 'drag-start', index });
      }}
      onDragOver={onDragOver}
      onDrop={(e) => {
        e.preventDefault();
        if (dropAt) onAction({ type: 'drop', over: index, after: dropAt === 'after' });
      }}
      onClick={() => {
        onAction({ type: 'select', index });
        onAction({ type: 'open', symbol });
      }}
      onKeyDown={onKeyDown}
    >
      <td className="sym">
        <div className="sym-cell">
          {reorderable && (
            <span className="grip" aria-hidden="true">
              ⋮⋮
            </span>
          )}
          <span className="sym-ticker">{symbol}</span>
          <span className="sym-name" title={quote?.name}>
            {quote?.name ?? ''}
          </span>
        </div>
      </td>
      {quote ? (
        <>
          <td className={`num price${flash ? ` flash-${flash}` : ''}`} data-field="price">
            {formatPrice(quote.price)}
          </td>
          <td className="num" data-field="change">
            <ChangeText change={quote.change} price={quote.price} />
          </td>
          <td className="num" data-field="changePercent">
            <ChangeText change={quote.changePercent} percent />
          </td>
          <td className="num" data-field="volume">
            {formatCompact(quote.volume)}
          </td>
          <td className="num" data-field="marketCap">
            {formatMoneyCompact(quote.marketCap)}
          </td>
          <td className="num range-cell">
            <DayRangeBar quote={quote} wide />
          </td>
          <td className="num updated">
            <FreshnessTag quote={quote} now={fresh.now} />
          </td>
        </>
      ) : (
        <td colSpan={7}>
          <span className="skeleton" aria-label="Loading quote" />
        </td>
      )}
      <td className="actions">
        <button
          type="button"
          className="icon-button reveal"
          tabIndex={-1}
          aria-label={`Remove ${symbol}`}
          onClick={(e) => {
            e.stopPropagation();
            onAction({ type: 'remove', symbol });
          }}
        >
          ×
        </button>
      </td>
    </tr>
  );
});
