import { describe, expect, it } from 'vitest';
import { hashOf, routeFromHash } from './routes';

describe('routes in the address', () => {
  it('reads and writes screens, the open watchlist and the open portfolio', () => {
    expect(routeFromHash('#/universe')).toEqual({ view: 'universe', watchlistId: null, portfolioId: null });
    expect(routeFromHash('#/watchlists/7')).toEqual({ view: 'watchlists', watchlistId: 7, portfolioId: null });
    expect(routeFromHash('#/watchlists/x')).toEqual({ view: 'watchlists', watchlistId: null, portfolioId: null });
    expect(routeFromHash('#/portfolios/2')).toEqual({ view: 'portfolios', watchlistId: null, portfolioId: 2 });
    expect(routeFromHash('#/settings')?.view).toBe('settings');
    expect(routeFromHash('#/nope')).toBeNull();
    expect(routeFromHash('')).toBeNull();
    expect(hashOf({ view: 'watchlists', watchlistId: 7 })).toBe('#/watchlists/7');
    expect(hashOf({ view: 'alerts', watchlistId: 7 })).toBe('#/alerts');
    expect(hashOf({ view: 'portfolios', watchlistId: 7, portfolioId: 3 })).toBe('#/portfolios/3');
    expect(hashOf({ view: 'portfolios', watchlistId: null, portfolioId: null })).toBe('#/portfolios');
  });
});
