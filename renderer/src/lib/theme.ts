// The colour theme: `system` follows the OS; light or dark force one through data-theme on <html>.
import type { Theme } from '../../../shared/contract';

const KEY = 'quotedesk.theme';

/** The last theme this browser saw, so the first paint is already in it (the engine's answer follows). */
export function cachedTheme(): Theme {
  try {
    const t = typeof window === 'undefined' ? null : window.localStorage.getItem(KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(theme: Theme): void {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    window.localStorage.setItem(KEY, theme);
  } catch {
    // Not kept for the next start: the engine's setting still applies once it answers.
  }
}
