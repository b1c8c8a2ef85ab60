import { describe, expect, it } from 'vitest';
import { hashOf, routeFromHash } from './routes';

describe('routes in the address', () => {
  it('reads and writes screens and the open watchlist', () => {
    expect(routeFromHash('#/universe')).toEqual({ view: 'universe', watchlistId: null });
    expect(routeFromHash('#/watchlists/7')).toEqual({ view: 'watchlists', watchlistId: 7 });
    expect(routeFromHash('#/watchlists/x')).toEqual({ view: 'watchlists', watchlistId: null });
    expect(routeFromHash('#/nope')).toBeNull();
    expect(routeFromHash('')).toBeNull();
    expect(hashOf({ view: 'watchlists', watchlistId: 7 })).toBe('#/watchlists/7');
    expect(hashOf({ view: 'alerts', watchlistId: 7 })).toBe('#/alerts');
  });
});
