import { memo, useEffect, useRef, useState } from 'react';
import {
  arrow,
  direction,
  formatAge,
  formatChange,
  formatClock,
  formatCompact,
  formatMoneyCompact,
  formatPercent,
  formatPrice,
  DASH,
} from '../lib/format';
import { useAppStore } from '../store';

type Props = { symbol: string; now: number; onRemove: (symbol: string) => void };

/** One watchlist row; it re-renders only when its own quote (or the shared clock) changes. */
export const QuoteRow = memo(function QuoteRow({ symbol, now, onRemove }: Props) {
  const quote = useAppStore((s) => s.quotes[symbol]);
  const lastPrice = useRef<number | undefined>(undefined);
  const [flash, setFlash] = useState<'up' | 'down' | null>(null);

  useEffect(() => {
    const prev = lastPrice.current;
    const price = quote?.price;
    lastPrice.current = price;
    if (prev === undefined || price === undefined || prev === price) return;
    setFlash(price > prev ? 'up' : 'down');
    const t = setTimeout(() => setFlash(null), 700);
    return () => clearTimeout(t);
  }, [quote?.price]);

  if (!quote) {
    return (
      <tr className="row loading" data-symbol={symbol}>
        <td className="sym">
          <span className="sym-ticker">{symbol}</span>
        </td>
        <td colSpan={7}>
          <span className="skeleton" />
        </td>
        <td className="actions">
          <button className="icon-button" aria-label={`Remove ${symbol}`} onClick={() => onRemove(symbol)}>
            ×
          </button>
        </td>
      </tr>
    );
  }

  const dir = direction(quote.change);
  const age = now - Date.parse(quote.fetchedAt);
  const range =
    quote.low !== null && quote.high !== null ? `${formatPrice(quote.low)} – ${formatPrice(quote.high)}` : DASH;
  return (
    <tr className={`row${quote.stale ? ' stale' : ''}`} data-symbol={symbol}>
      <td className="sym">
        <span className="sym-ticker">{quote.symbol}</span>
        <span className="sym-name" title={quote.name}>
          {quote.name}
        </span>
      </td>
      <td className={`num price${flash ? ` flash-${flash}` : ''}`} data-field="price">
        {formatPrice(quote.price)}
      </td>
      <td className={`num ${dir}`}>
        <span className="arrow" aria-hidden="true">
          {arrow(dir)}
        </span>
        {formatChange(quote.change, quote.price)}
      </td>
      <td className={`num ${dir}`}>{formatPercent(quote.changePercent)}</td>
      <td className="num">{formatCompact(quote.volume)}</td>
      <td className="num">{formatMoneyCompact(quote.marketCap)}</td>
      <td className="num range">{range}</td>
      <td className="num updated" title={`as of ${quote.asOf} from ${quote.source}`}>
        {quote.stale ? <span className="stale-tag">stale · {formatAge(age)}</span> : formatClock(quote.asOf)}
      </td>
      <td className="actions">
        <button className="icon-button" aria-label={`Remove ${symbol}`} onClick={() => onRemove(symbol)}>
          ×
        </button>
      </td>
    </tr>
  );
});
