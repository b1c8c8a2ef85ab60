// Numbers and times formatted for people: $309.35, +1.24%, 52.8M, $4.51T, "3 min old".

const price2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const price4 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const DASH = '—';
const MINUS = '−';

/** Prices keep cents; sub-dollar prices keep four decimals as exchanges quote them. */
export function formatPrice(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  const text = abs !== 0 && abs < 1 ? price4.format(abs) : price2.format(abs);
  return n < 0 ? `${MINUS}${text}` : text;
}

/** A signed price change; cents, unless the stock itself trades below a dollar. */
export function formatChange(n: number | null | undefined, price?: number | null): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  const text = price !== undefined && price !== null && price < 1 ? price4.format(abs) : price2.format(abs);
  if (n > 0) return `+${text}`;
  if (n < 0) return `${MINUS}${text}`;
  return text;
}

export function formatPercent(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const text = price2.format(Math.abs(n));
  if (n > 0) return `+${text}%`;
  if (n < 0 && text !== '0.00') return `${MINUS}${text}%`;
  return `${text}%`;
}

const UNITS: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** 1,234 → 1.23K; 52,796,027 → 52.80M; 4.51e12 → 4.51T. */
export function formatCompact(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const abs = Math.abs(n);
  const sign = n < 0 ? MINUS : '';
  for (let i = 0; i < UNITS.length; i++) {
    const [size, unit] = UNITS[i] ?? [1, ''];
    if (abs < size) continue;
    const bigger = UNITS[i - 1];
    // 999,999 would print as 1000.00K: it is 1.00M.
    if (abs / size >= 999.995 && bigger) return `${sign}${price2.format(abs / bigger[0])}${bigger[1]}`;
    return `${sign}${price2.format(abs / size)}${unit}`;
  }
  if (abs >= 999.5) return `${sign}1.00K`;
  return `${sign}${int.format(abs)}`;
}

export function formatMoneyCompact(n: number | null | undefined): string {
  const text = formatCompact(n);
  if (text === DASH) return text;
  return text.startsWith(MINUS) ? `${MINUS}$${text.slice(1)}` : `$${text}`;
}

export function formatInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return int.format(n);
}

const timeFmt = new Intl.DateTimeFormat('en-US', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The local wall time of an ISO instant: 10:42:13. */
export function formatClock(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? timeFmt.format(t) : DASH;
}

/** How old something is, in words a trader reads at a glance: "just now", "42 s old", "3 min old". */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return DASH;
  const s = Math.floor(ms / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s old`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min old`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h old`;
  return `${Math.floor(h / 24)} d old`;
}

export type Direction = 'up' | 'down' | 'flat';

export function direction(change: number | null | undefined): Direction {
  if (change === null || change === undefined || !Number.isFinite(change) || change === 0) return 'flat';
  return change > 0 ? 'up' : 'down';
}

export function arrow(d: Direction): string {
  return d === 'up' ? '▲' : d === 'down' ? '▼' : '';
}

const money2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** $12,345.67; negative amounts as −$12.50. */
export function formatMoney(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const text = `$${money2.format(Math.abs(n))}`;
  return n < 0 && text !== '$0.00' ? `${MINUS}${text}` : text;
}

/** A gain or loss in dollars, always signed: +$1,234.56, −$80.00, $0.00. */
export function formatSignedMoney(n: number | null | undefined): string {
  const text = formatMoney(n);
  if (text === DASH || text === '$0.00' || text.startsWith(MINUS)) return text;
  return `+${text}`;
}

/** Share counts: whole numbers as 1,200; fractional shares keep up to four decimals (0.3521). */
export function formatShares(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 }).format(n);
}

/** A duration ahead in words: "in 45 s", "in 12 min", "in 3 h 20 min", "in 2 d". */
export function formatIn(ms: number): string {
  if (!Number.isFinite(ms)) return DASH;
  if (ms <= 0) return 'now';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `in ${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `in ${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `in ${h} h` : `in ${h} h ${m % 60} min`;
  return `in ${Math.round(h / 24)} d`;
}

/** A countdown for badges: 2:05:09, 4:07, 0:42. */
export function formatCountdown(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return DASH;
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
