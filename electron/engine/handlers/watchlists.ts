// Handlers for watchlist CRUD; symbols must be in the universe.
import type { Handlers, watchlistEndpoints } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { WatchlistsRepo } from '../store/watchlists-repo';

export type WatchlistHandlerDeps = {
  clock: Clock;
  watchlists: WatchlistsRepo;
  isKnown: (symbol: string) => boolean;
  /** Called after any change, so the new symbols are refreshed at once. */
  onChange: (symbols: string[]) => void;
};

export function createWatchlistHandlers(deps: WatchlistHandlerDeps): Pick<Handlers, keyof typeof watchlistEndpoints> {
  const { watchlists } = deps;
  const checkSymbols = (symbols: string[] | undefined) => {
    const unknown = (symbols ?? []).filter((s) => !deps.isKnown(s));
    if (unknown.length > 0) {
      throw new ApiError('bad_request', `not in the symbol universe: ${unknown.slice(0, 10).join(', ')}`);
    }
  };
  const missing = (id: number) => new ApiError('not_found', `there is no watchlist ${id}`);
  return {
    listWatchlists: () => watchlists.list(),
    getWatchlist: ({ id }) => {
      const w = watchlists.get(id);
      if (!w) throw missing(id);
      return w;
    },
    createWatchlist: ({ name, symbols }) => {
      checkSymbols(symbols);
      const w = watchlists.create(name, symbols, deps.clock.now());
      deps.onChange(w.symbols);
      return w;
    },
    updateWatchlist: ({ id, name, symbols, position }) => {
      checkSymbols(symbols);
      const w = watchlists.update(id, { name, symbols, position });
      if (!w) throw missing(id);
      deps.onChange(w.symbols);
      return w;
    },
    deleteWatchlist: ({ id }) => {
      if (!watchlists.delete(id)) throw missing(id);
      deps.onChange([]);
      return null;
    },
  };
}
