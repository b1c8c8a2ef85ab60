// Usage alerts reach the user wherever they are: a toast (and, in a browser tab, its notification).
import { useEffect } from 'react';
import type { MarketApi } from '../../../shared/contract';
import { isDesktopShell } from '../api';
import { useAppStore } from '../store';
import { NOTIFY_WITHIN_MS, notificationsSupported } from './notify';

/** What has been shown: `<id>` for a firing, `<id>:resolved` for its all-clear. */
const shown = new Set<string>();

function browserNotification(title: string, body: string, tag: string) {
  // Inside Electron the shell shows the engine's own `notification` event instead.
  if (isDesktopShell() || !notificationsSupported() || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, tag });
  } catch {
    // Some browsers allow notifications from a service worker only; the toast still shows.
  }
}

/** Toasts each warning or outage once, and the all-clear of an outage; info alerts stay in the list. */
export function useUsageAlertToasts(api: MarketApi) {
  useEffect(() => {
    let first = true;
    const off = api.subscribe('usageAlert', ({ recent, active }) => {
      const store = useAppStore.getState();
      const now = Date.now();
      for (const a of [...recent, ...active].reverse()) {
        if (a.severity === 'info') continue;
        const resolved = a.resolvedAt !== null;
        const id = resolved ? `${a.id}:resolved` : String(a.id);
        if (shown.has(id)) continue;
        shown.add(id);
        const at = Date.parse(resolved ? (a.resolvedAt ?? a.firedAt) : a.firedAt);
        // The first event after connecting repeats older alerts: the list shows them, no toast.
        if (first && now - at > NOTIFY_WITHIN_MS) continue;
        if (resolved && a.kind !== 'provider-down' && a.kind !== 'stale-tier1') continue;
        const title = resolved ? `Resolved: ${a.title}` : a.title;
        const message = resolved ? (a.resolvedMessage ?? a.message) : a.message;
        store.pushToast({ kind: resolved ? 'info' : 'alert', title, message });
        browserNotification(title, message, `quotedesk-usage-${id}`);
      }
      first = false;
    });
    return off;
  }, [api]);
}
