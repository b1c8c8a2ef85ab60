// The current screen in the address (#/universe, #/watchlists/3), so reload and back/forward keep it.
import { VIEWS, type View } from '../store';

export type Route = { view: View; watchlistId: number | null };

export function routeFromHash(hash: string): Route | null {
  const [name = '', id] = hash.replace(/^#\/?/, '').split('/');
  if (!(VIEWS as readonly string[]).includes(name)) return null;
  const n = Number(id);
  return { view: name as View, watchlistId: name === 'watchlists' && Number.isInteger(n) && n > 0 ? n : null };
}

export function hashOf(route: Route): string {
  return route.view === 'watchlists' && route.watchlistId !== null
    ? `#/watchlists/${route.watchlistId}`
    : `#/${route.view}`;
}
