// Desktop notifications: the engine emits `notification` events (price alerts), the shell shows
// them as the OS's own notifications, rate-limited, and a click opens the symbol in the window.
import { notificationSchema, type DesktopNotification } from '../../shared/contract/desktop';
import type { Logger } from '../engine/logger';

/** The parts of an Electron Notification used here. */
export type NotificationLike = {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
};

/** Electron's Notification class, as far as it is used here (a fake in tests). */
export type NotificationConstructor = {
  new (options: { title: string; body: string; silent: boolean; icon?: string }): NotificationLike;
  isSupported(): boolean;
};

export type Notifier = {
  /** Shows the notification; false when it was not shown (turned off, unsupported, too many). */
  notify(notification: DesktopNotification): boolean;
};

export function createNotifier(deps: {
  Notification: NotificationConstructor;
  enabled: () => boolean;
  onClick: (notification: DesktopNotification) => void;
  logger: Logger;
  now: () => number;
  icon?: string;
  /** At most this many per minute; a burst beyond it is summed up in one notification. */
  perMinute?: number;
}): Notifier {
  const { Notification, logger } = deps;
  const perMinute = deps.perMinute ?? 6;
  const shownAt: number[] = [];
  let suppressed = 0;
  let summaryShownAt = -Infinity;
  // Electron drops a notification's click handler once the object is garbage-collected.
  const alive = new Set<NotificationLike>();

  const show = (n: DesktopNotification) => {
    const note = new Notification({
      title: n.title,
      body: n.body,
      silent: false,
      ...(deps.icon ? { icon: deps.icon } : {}),
    });
    alive.add(note);
    note.on('click', () => {
      alive.delete(note);
      deps.onClick(n);
    });
    note.on('close', () => alive.delete(note));
    note.show();
  };

  return {
    notify(raw) {
      const parsed = notificationSchema.safeParse(raw);
      if (!parsed.success) {
        logger.warn({ issues: parsed.error.issues.length }, 'malformed notification dropped');
        return false;
      }
      if (!deps.enabled()) return false;
      if (!Notification.isSupported()) {
        logger.info({ title: parsed.data.title }, 'desktop notifications are not supported here');
        return false;
      }
      const t = deps.now();
      while (shownAt.length > 0 && (shownAt[0] ?? 0) <= t - 60_000) shownAt.shift();
      if (shownAt.length >= perMinute) {
        suppressed++;
        if (t - summaryShownAt >= 60_000) {
          summaryShownAt = t;
          show({ title: 'More alerts', body: 'Several alerts fired at once: open Quotedesk to see them all.' });
        }
        logger.info({ title: parsed.data.title, suppressed }, 'notification held back (too many this minute)');
        return false;
      }
      shownAt.push(t);
      show(parsed.data);
      return true;
    },
  };
}
