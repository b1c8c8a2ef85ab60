// `/` focuses the screen's search box, as in most trading and developer tools (and so does the menu's Find).
import { useEffect, type RefObject } from 'react';
import { useAppStore } from '../store';

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

/** An ask for the focus counts this long: long enough for a screen switch to mount the box. */
export const FOCUS_REQUEST_MS = 1500;

/** Focuses `ref` when `requestedAt` is a recent ask (also when the box mounts just after it). */
export function useFocusRequest(ref: RefObject<HTMLInputElement | null>, requestedAt: number) {
  useEffect(() => {
    if (requestedAt === 0 || Date.now() - requestedAt > FOCUS_REQUEST_MS) return;
    ref.current?.focus();
    ref.current?.select();
  }, [ref, requestedAt]);
}

export function useSlashFocus(ref: RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
        e.preventDefault();
        ref.current?.focus();
        ref.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ref]);
  useFocusRequest(
    ref,
    useAppStore((s) => s.searchFocusRequest),
  );
}
