// The built-in simulated feed: a seeded random walk per symbol behind the real provider interface.
import type { RateWindow } from '../../../../shared/contract';
import { formatDate, nyWallTime } from '../../../../shared/market/ny-time';
import type { Clock } from '../../clock';
import type { ProviderQuote, QuoteBatch, QuoteProvider, ProviderProfile, UniverseEntry } from '../types';
import { createRandom, gaussian, hash32 } from './random';

export type SimulatedSymbol = {
  symbol: string;
  name: string;
  exchange: string;
  refPrice: number;
  avgVolume: number | null;
  sharesOutstanding: number | null;
};

/** The walk of a universe row; a symbol with no last price starts at 10. */
export function simulatedSymbolOf(row: {
  symbol: string;
  name: string;
  exchange: string;
  refPrice: number | null;
  avgVolume: number | null;
  sharesOutstanding: number | null;
}): SimulatedSymbol {
  return {
    symbol: row.symbol,
    name: row.name,
    exchange: row.exchange,
    refPrice: row.refPrice ?? 10,
    avgVolume: row.avgVolume,
    sharesOutstanding: row.sharesOutstanding,
  };
}

export type SimulatedProviderOptions = {
  seed: number;
  clock: Clock;
  /** The symbols the feed knows, with the reference price each walk starts from. */
  universe: () => ReadonlyMap<string, SimulatedSymbol>;
  limits: RateWindow[];
  bulkSize?: number;
};

type Walk = {
  random: () => number;
  /** Annualised volatility of this symbol. */
  sigma: number;
  day: string;
  price: number;
  previousClose: number;
  open: number;
  high: number;
  low: number;
  /** This day's total volume relative to the average (0.6-1.4). */
  dayFactor: number;
  lastT: number;
};

function nyClock(t: number): { day: string; minutes: number } {
  const w = nyWallTime(t);
  return {
    day: formatDate(w.year, w.month, w.day),
    minutes: w.hour * 60 + w.minute + w.second / 60,
  };
}

const SECONDS_PER_TRADING_YEAR = 252 * 6.5 * 3600;
const PRE = { start: 4 * 60, end: 9.5 * 60 };
const REGULAR = { start: 9.5 * 60, end: 16 * 60 };
const POST = { start: 16 * 60, end: 20 * 60 };

function fraction(minutes: number, w: { start: number; end: number }): number {
  return Math.min(1, Math.max(0, (minutes - w.start) / (w.end - w.start)));
}

/**
 * Share of the regular session's volume traded by fraction x of the session, for a U-shaped
 * intensity 1 + 2(2u-1)^2: busy at the open and the close, quiet at lunch.
 */
export function uShapeCumulative(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return (c + ((2 * c - 1) ** 3 + 1) / 3) / (5 / 3);
}

/** Share of a whole day's volume traded by `minutes` after midnight New York time. */
export function dayVolumeShare(minutes: number): number {
  return (
    0.03 * fraction(minutes, PRE) + 0.94 * uShapeCumulative(fraction(minutes, REGULAR)) + 0.03 * fraction(minutes, POST)
  );
}

function roundPrice(p: number): number {
  const digits = p >= 1 ? 100 : 10_000;
  return Math.max(1 / 10_000, Math.round(p * digits) / digits);
}

export function createSimulatedProvider(options: SimulatedProviderOptions): QuoteProvider {
  const { clock, seed } = options;
  const walks = new Map<string, Walk>();

  const startWalk = (s: SimulatedSymbol, t: number, day: string): Walk => {
    const random = createRandom(hash32(`${seed}:${s.symbol}`));
    // Small caps move more than mega caps.
    const sigma = 0.2 + 0.5 * random();
    const open = roundPrice(s.refPrice * (1 + 0.01 * gaussian(random)));
    return {
      random,
      sigma,
      day,
      price: open,
      previousClose: s.refPrice,
      open,
      high: open,
      low: open,
      dayFactor: 0.6 + 0.8 * random(),
      lastT: t,
    };
  };

  const step = (w: Walk, s: SimulatedSymbol, t: number): ProviderQuote => {
    const { day, minutes } = nyClock(t);
    if (day !== w.day) {
      w.previousClose = w.price;
      w.day = day;
      w.dayFactor = 0.6 + 0.8 * w.random();
      w.open = roundPrice(w.price * (1 + 0.005 * gaussian(w.random)));
      w.price = w.open;
      w.high = w.open;
      w.low = w.open;
    }
    const dt = Math.min(Math.max(0, (t - w.lastT) / 1000), 3600);
    if (dt > 0) {
      const vol = w.sigma * Math.sqrt(dt / SECONDS_PER_TRADING_YEAR);
      // Gentle pull back toward the reference price keeps a long-running demo realistic.
      const pull = -0.02 * Math.log(w.price / s.refPrice) * (dt / 3600);
      w.price = roundPrice(w.price * Math.exp(pull + vol * gaussian(w.random)));
      w.high = Math.max(w.high, w.price);
      w.low = Math.min(w.low, w.price);
      w.lastT = t;
    }
    const change = w.price - w.previousClose;
    const volume = Math.floor((s.avgVolume ?? 0) * w.dayFactor * dayVolumeShare(minutes));
    return {
      symbol: s.symbol,
      price: w.price,
      change: Math.round(change * 10_000) / 10_000,
      changePercent: Math.round((change / w.previousClose) * 100 * 10_000) / 10_000,
      open: w.open,
      high: w.high,
      low: w.low,
      previousClose: w.previousClose,
      volume,
      asOf: t,
    };
  };

  return {
    id: 'simulated',
    capabilities: { bulkSize: options.bulkSize ?? 1000, streaming: false, consolidatedVolume: true },
    limits: options.limits,
    fetchQuotes(symbols) {
      const universe = options.universe();
      const t = clock.now();
      const batch: QuoteBatch = { quotes: [], unknown: [] };
      for (const symbol of symbols) {
        const s = universe.get(symbol);
        if (!s) {
          batch.unknown.push(symbol);
          continue;
        }
        let w = walks.get(symbol);
        if (!w) {
          w = startWalk(s, t, nyClock(t).day);
          walks.set(symbol, w);
        }
        batch.quotes.push(step(w, s, t));
      }
      return Promise.resolve(batch);
    },
    fetchProfile(symbol) {
      const s = options.universe().get(symbol);
      const profile: ProviderProfile | null = s
        ? {
            symbol,
            name: s.name,
            exchange: s.exchange,
            sharesOutstanding: s.sharesOutstanding,
            marketCap: s.sharesOutstanding === null ? null : s.sharesOutstanding * s.refPrice,
          }
        : null;
      return Promise.resolve(profile);
    },
    fetchUniverse() {
      const entries: UniverseEntry[] = [...options.universe().values()].map((s) => ({
        symbol: s.symbol,
        name: s.name,
        exchange: s.exchange,
        type: 'Common Stock',
      }));
      return Promise.resolve(entries);
    },
  };
}
