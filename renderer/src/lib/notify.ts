// Alert notifications: an in-app toast always, plus the browser's Notification when the user allowed it.
import type { AlertFiring } from '../../../shared/contract';
import { isDesktopShell } from '../api';

/** Firings older than this when they reach us were missed while away: history shows them, no toast. */
export const NOTIFY_WITHIN_MS = 2 * 60_000;

export function notificationsSupported(): boolean {
  return !isDesktopShell() && typeof window !== 'undefined' && 'Notification' in window;
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
  return notificationsSupported() ? Notification.permission : 'unsupported';
}

/** Asks once, from a user gesture (creating an alert); the answer is the browser's to keep. */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!notificationsSupported()) return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** The desktop notification of a browser tab. In Electron the shell shows its own from the same event. */
export function showSystemNotification(f: AlertFiring, onClick: () => void): void {
  if (!notificationsSupported() || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(`${f.symbol} alert`, { body: f.message, tag: `quotedesk-alert-${f.id}` });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the toast still shows.
  }
}
