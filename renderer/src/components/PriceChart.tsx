// The intraday chart: stored history plus live ticks, downsampled (LTTB) so it stays fast.
import { useEffect, useMemo, useState } from 'react';
import { Area, AreaChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../api/context';
import { errorText } from '../lib/errors';
import { formatClock, formatPrice } from '../lib/format';
import { lttb, type XY } from '../lib/lttb';
import { useAppStore } from '../store';

/** Points drawn at most; recharts' SVG slows down long before a day of minutes. */
export const CHART_POINTS = 400;
/** Spacing of the live points added while the chart is open. */
export const LIVE_SPACING_MS = 5000;

const timeFmt = new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const secondsFmt = new Intl.DateTimeFormat('en-US', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function ChartTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: XY }[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="chart-tip">
      <span className="muted">{formatClock(new Date(p.x).toISOString())}</span> <strong>{formatPrice(p.y)}</strong>
    </div>
  );
}

/**
 * Adds a live tick. The last point is a moving head that follows each quote; once it is
 * LIVE_SPACING_MS past the point before it, it stays and a new head starts. Older ticks are
 * ignored. (Stored history has one point a minute; live points are finer so a chart opened on a
 * fresh start shows motion at once.)
 */
export function extendSeries(cur: readonly XY[], at: number, price: number): XY[] {
  const last = cur.at(-1);
  if (last && at < last.x) return cur.slice();
  const prev = cur.at(-2);
  if (last && prev && at - prev.x < LIVE_SPACING_MS && last.x - prev.x < LIVE_SPACING_MS) {
    return [...cur.slice(0, -1), { x: at, y: price }];
  }
  return [...cur, { x: at, y: price }];
}

export function PriceChart({ symbol }: { symbol: string }) {
  const api = useApi();
  const quote = useAppStore((s) => s.quotes[symbol]);
  const [points, setPoints] = useState<XY[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.call('getPrices', { symbol }).then(
      (h) => {
        if (cancelled) return;
        setPoints(h.points.map((p) => ({ x: Date.parse(p.t), y: p.price })));
        setError(null);
      },
      (err: unknown) => {
        if (!cancelled) setError(errorText(err, 'The history did not load.'));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, symbol, attempt]);

  // Live ticks extend the line: the last minute's point moves with each quote, a new minute adds one.
  // (State derived while rendering, as React advises, rather than an effect that renders twice.)
  const price = quote?.price;
  const asOf = quote ? Date.parse(quote.asOf) : null;
  const [seenAsOf, setSeenAsOf] = useState<number | null>(null);
  if (points && price !== undefined && asOf !== null && asOf !== seenAsOf) {
    setSeenAsOf(asOf);
    setPoints(extendSeries(points, asOf, price));
  }

  const data = useMemo(() => (points ? lttb(points, CHART_POINTS) : []), [points]);
  const prevClose = quote?.previousClose ?? null;
  const up = quote ? quote.change >= 0 : true;

  if (error) {
    return (
      <div className="chart chart-message" role="alert">
        <p>Could not load the chart: {error}</p>
        <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
          Retry
        </button>
      </div>
    );
  }
  if (!points) return <div className="chart skeleton-chart" aria-busy="true" aria-label="Loading chart" />;
  if (data.length < 2) {
    return (
      <div className="chart chart-message">
        <p className="muted">No intraday history yet: the chart fills in as quotes arrive.</p>
      </div>
    );
  }
  const ys = data.map((d) => d.y);
  if (prevClose !== null) ys.push(prevClose);
  // A short span (a fresh start) needs seconds on the axis, or every tick reads the same minute.
  const span = (data.at(-1)?.x ?? 0) - (data[0]?.x ?? 0);
  const axisFmt = span < 10 * 60_000 ? secondsFmt : timeFmt;
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo) * 0.08 || hi * 0.002;
  return (
    <figure
      className={`chart ${up ? 'up' : 'down'}`}
      aria-label={`Intraday chart of ${symbol}, ${data.length} points from ${timeFmt.format(data[0]?.x ?? 0)} to ${timeFmt.format(data.at(-1)?.x ?? 0)}`}
      data-points={data.length}
    >
      <ResponsiveContainer width="100%" height={220}>
        <AreaChart data={data} margin={{ top: 8, right: 0, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id={`fill-${symbol}`} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="currentColor" stopOpacity={0.28} />
              <stop offset="100%" stopColor="currentColor" stopOpacity={0} />
            </linearGradient>
          </defs>
          <XAxis
            dataKey="x"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => axisFmt.format(v)}
            axisLine={false}
            tickLine={false}
            minTickGap={48}
            fontSize={11}
          />
          <YAxis
            dataKey="y"
            orientation="right"
            domain={[lo - pad, hi + pad]}
            tickFormatter={(v: number) => formatPrice(v)}
            axisLine={false}
            tickLine={false}
            width={64}
            fontSize={11}
            tickCount={5}
          />
          <Tooltip content={ChartTooltip} isAnimationActive={false} />
          {prevClose !== null && (
            <ReferenceLine y={prevClose} className="prev-close-line" strokeDasharray="4 4" ifOverflow="extendDomain" />
          )}
          <Area
            type="linear"
            dataKey="y"
            stroke="currentColor"
            strokeWidth={1.5}
            fill={`url(#fill-${symbol})`}
            isAnimationActive={false}
            dot={false}
            activeDot={{ r: 3 }}
          />
        </AreaChart>
      </ResponsiveContainer>
      <figcaption className="chart-caption muted">
        Intraday, last 24 hours · dashed line: previous close
        {prevClose !== null ? ` ${formatPrice(prevClose)}` : ''}
      </figcaption>
    </figure>
  );
}
