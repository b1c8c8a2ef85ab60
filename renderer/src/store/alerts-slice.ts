// Price alerts, the firings this window has seen, and the toasts that tell the user about them.
import type { StateCreator } from 'zustand';
import type { Alert, AlertFiring } from '../../../shared/contract';
import type { AppState } from './index';

export type Toast = {
  id: string;
  kind: 'alert' | 'error' | 'info';
  title: string;
  message: string;
  symbol?: string;
};

export type AlertsSlice = {
  alerts: Alert[] | null;
  /** Firing ids already shown, so a repeated `alert` event never notifies twice. */
  seenFirings: Record<number, true>;
  /** Bumped when a firing arrives, so the history screen reloads. */
  firingsVersion: number;
  toasts: Toast[];
  setAlerts: (list: Alert[]) => void;
  upsertAlert: (a: Alert) => void;
  removeAlert: (id: number) => void;
  /** Returns the firings not seen before (in arrival order) and marks them seen. */
  takeNewFirings: (recent: readonly AlertFiring[]) => AlertFiring[];
  pushToast: (t: Omit<Toast, 'id'>) => void;
  dismissToast: (id: string) => void;
};

let toastSeq = 0;

export const createAlertsSlice: StateCreator<AppState, [], [], AlertsSlice> = (set, get) => ({
  alerts: null,
  seenFirings: {},
  firingsVersion: 0,
  toasts: [],
  setAlerts: (alerts) => set({ alerts }),
  upsertAlert: (a) =>
    set((s) => {
      const list = s.alerts ?? [];
      return { alerts: list.some((x) => x.id === a.id) ? list.map((x) => (x.id === a.id ? a : x)) : [a, ...list] };
    }),
  removeAlert: (id) => set((s) => ({ alerts: (s.alerts ?? []).filter((a) => a.id !== id) })),
  takeNewFirings: (recent) => {
    const seen = get().seenFirings;
    const fresh = recent.filter((f) => !seen[f.id]).reverse();
    if (fresh.length === 0) return [];
    const next = { ...seen };
    for (const f of fresh) next[f.id] = true;
    set((s) => ({ seenFirings: next, firingsVersion: s.firingsVersion + 1 }));
    return fresh;
  },
  pushToast: (t) => set((s) => ({ toasts: [...s.toasts.slice(-4), { ...t, id: `t${++toastSeq}` }] })),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
