// The current screen in the address (#/universe, #/watchlists/3, #/portfolios/2), so reload and back/forward keep it.
import { VIEWS, type View } from '../store';

export type Route = { view: View; watchlistId: number | null; portfolioId?: number | null };

export function routeFromHash(hash: string): Route | null {
  const [name = '', id] = hash.replace(/^#\/?/, '').split('/');
  if (!(VIEWS as readonly string[]).includes(name)) return null;
  const n = Number(id);
  const valid = Number.isInteger(n) && n > 0;
  return {
    view: name as View,
    watchlistId: name === 'watchlists' && valid ? n : null,
    portfolioId: name === 'portfolios' && valid ? n : null,
  };
}

export function hashOf(route: Route): string {
  if (route.view === 'watchlists' && route.watchlistId !== null) return `#/watchlists/${route.watchlistId}`;
  if (route.view === 'portfolios' && route.portfolioId) return `#/portfolios/${route.portfolioId}`;
  return `#/${route.view}`;
}
