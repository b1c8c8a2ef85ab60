// Handlers for portfolio CRUD and valuation, and the live `portfolio` event fed by quote changes.
import type {
  HoldingInput,
  HoldingValuation,
  Handlers,
  Portfolio,
  PortfolioValuation,
  portfolioEndpoints,
} from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { Quote } from '../../../shared/quote';
import type { Clock } from '../clock';
import type { EventHub } from '../events';
import type { PortfoliosRepo } from '../store/portfolios-repo';

export type PortfolioDeps = {
  clock: Clock;
  portfolios: PortfoliosRepo;
  isKnown: (symbol: string) => boolean;
  /** Current quotes of these symbols, without counting cache reads (valuations are derived). */
  quotes: (symbols: ReadonlySet<string>) => Quote[];
  events: EventHub;
  /** Called after a change with the symbols now held, so they are refreshed at once. */
  onChange: (symbols: string[]) => void;
};

// Money to the cent, percentages to 4 decimals: no 0.30000000000000004 in a spreadsheet cell.
const cents = (n: number) => Math.round(n * 100) / 100;
const pct = (n: number) => Math.round(n * 10_000) / 10_000;

/** Values a portfolio at the given quotes; holdings without a quote count for nothing. */
export function valuePortfolio(p: Portfolio, quotes: ReadonlyMap<string, Quote>): PortfolioValuation {
  let value = 0;
  let dayChange = 0;
  let cost = 0;
  let newest: string | null = null;
  let stale = false;
  const lines = p.holdings.map((h) => {
    const q = quotes.get(h.symbol);
    if (!q) {
      stale = true;
      return { h, q: undefined, value: 0, dayChange: 0 };
    }
    const v = h.shares * q.price;
    const d = h.shares * q.change;
    value += v;
    dayChange += d;
    cost += h.costBasis;
    if (newest === null || q.asOf > newest) newest = q.asOf;
    if (q.stale) stale = true;
    return { h, q, value: v, dayChange: d };
  });
  const holdings: HoldingValuation[] = lines.map(({ h, q, value: v, dayChange: d }) => {
    if (!q) {
      return {
        symbol: h.symbol,
        shares: h.shares,
        costBasis: h.costBasis,
        price: null,
        value: null,
        dayChange: null,
        dayChangePercent: null,
        gain: null,
        gainPercent: null,
        weightPercent: null,
        asOf: null,
        stale: true,
      };
    }
    const previous = v - d;
    return {
      symbol: h.symbol,
      shares: h.shares,
      costBasis: h.costBasis,
      price: q.price,
      value: cents(v),
      dayChange: cents(d),
      dayChangePercent: previous > 0 ? pct((d / previous) * 100) : 0,
      gain: cents(v - h.costBasis),
      gainPercent: h.costBasis > 0 ? pct(((v - h.costBasis) / h.costBasis) * 100) : null,
      weightPercent: value > 0 ? pct((v / value) * 100) : 0,
      asOf: q.asOf,
      stale: q.stale,
    };
  });
  const previous = value - dayChange;
  return {
    id: p.id,
    name: p.name,
    value: cents(value),
    dayChange: cents(dayChange),
    dayChangePercent: previous > 0 ? pct((dayChange / previous) * 100) : 0,
    costBasis: cents(cost),
    totalGain: cents(value - cost),
    totalGainPercent: cost > 0 ? pct(((value - cost) / cost) * 100) : null,
    holdings,
    asOf: newest,
    stale,
  };
}

export type PortfolioService = {
  handlers: Pick<Handlers, keyof typeof portfolioEndpoints>;
  /** Every symbol held in any portfolio (the scheduler pins them to tier 1). */
  symbols(): string[];
  /** Valuations of every portfolio, in display order. */
  valuations(): PortfolioValuation[];
  /** Starts pushing `portfolio` events when held symbols get new quotes; returns the stop function. */
  watch(): () => void;
};

export function createPortfolioService(deps: PortfolioDeps): PortfolioService {
  const { portfolios, events } = deps;
  let held = new Set(portfolios.allSymbols());

  const quoteMap = (symbols: ReadonlySet<string>) => new Map(deps.quotes(symbols).map((q) => [q.symbol, q]));
  const valuations = () => {
    const list = portfolios.list();
    const quotes = quoteMap(new Set(list.flatMap((p) => p.holdings.map((h) => h.symbol))));
    return list.map((p) => valuePortfolio(p, quotes));
  };
  const publish = () => {
    if (events.listenerCount('portfolio') > 0) events.emit('portfolio', valuations());
  };
  const changed = () => {
    held = new Set(portfolios.allSymbols());
    deps.onChange([...held]);
    publish();
  };
  const checkHoldings = (holdings: readonly HoldingInput[] | undefined) => {
    const unknown = (holdings ?? []).map((h) => h.symbol).filter((s) => !deps.isKnown(s));
    if (unknown.length > 0) {
      throw new ApiError('bad_request', `not in the symbol universe: ${unknown.slice(0, 10).join(', ')}`);
    }
  };
  const missing = (id: number) => new ApiError('not_found', `there is no portfolio ${id}`);

  return {
    handlers: {
      listPortfolios: () => portfolios.list(),
      getPortfolio: ({ id }) => {
        const p = portfolios.get(id);
        if (!p) throw missing(id);
        return p;
      },
      createPortfolio: ({ name, holdings }) => {
        checkHoldings(holdings);
        const p = portfolios.create(name, holdings, deps.clock.now());
        changed();
        return p;
      },
      updatePortfolio: ({ id, name, holdings }) => {
        checkHoldings(holdings);
        const p = portfolios.update(id, { name, holdings });
        if (!p) throw missing(id);
        changed();
        return p;
      },
      deletePortfolio: ({ id }) => {
        if (!portfolios.delete(id)) throw missing(id);
        changed();
        return null;
      },
      getPortfolioValuation: ({ id }) => {
        const p = portfolios.get(id);
        if (!p) throw missing(id);
        return valuePortfolio(p, quoteMap(new Set(p.holdings.map((h) => h.symbol))));
      },
    },
    symbols: () => [...held],
    valuations,
    watch() {
      return events.on('quote', (quotes) => {
        if (held.size > 0 && quotes.some((q) => held.has(q.symbol))) publish();
      });
    },
  };
}
