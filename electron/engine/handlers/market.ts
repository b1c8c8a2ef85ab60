// Handlers for the market clock.
import type { Handlers, marketEndpoints } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { MarketClock } from '../../../shared/market';

export function createMarketHandlers(deps: {
  market: MarketClock;
  now: () => number;
}): Pick<Handlers, keyof typeof marketEndpoints> {
  return {
    getMarketStatus: ({ at }) => {
      const t = at === undefined ? deps.now() : Date.parse(at);
      try {
        return deps.market.status(t);
      } catch (err) {
        if (err instanceof RangeError) throw new ApiError('bad_request', `at: ${err.message}`);
        throw err;
      }
    },
  };
}
