// The current screen in the address (#/universe), so reload and back/forward keep it.
import { VIEWS, type View } from '../store';

export function viewFromHash(hash: string): View | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : null;
}

export function hashOf(view: View): string {
  return `#/${view}`;
}
