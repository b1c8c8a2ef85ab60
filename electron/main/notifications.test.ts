import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { DesktopNotification } from '../../shared/contract/desktop';
import { createRecordingLogger } from '../engine/logger';
import { createNotifier, type NotificationConstructor } from './notifications';

function fakeNotificationClass(supported = true) {
  const shown: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = () => supported;
    constructor(readonly options: { title: string; body: string; silent: boolean; icon?: string }) {
      super();
    }
    show() {
      shown.push(this);
    }
  }
  return { Notification: FakeNotification satisfies NotificationConstructor, shown };
}

describe('desktop notifications', () => {
  it('shows the notification, and a click opens what it is about', () => {
    const { Notification, shown } = fakeNotificationClass();
    const clicked: DesktopNotification[] = [];
    const notifier = createNotifier({
      Notification,
      enabled: () => true,
      onClick: (n) => clicked.push(n),
      logger: createRecordingLogger(),
      now: () => 0,
      icon: '/icons/512.png',
    });
    expect(notifier.notify({ title: 'NVDA above 900', body: 'NVDA 901.20 ▲ +3.10%', symbol: 'NVDA' })).toBe(true);
    expect(shown.map((n) => n.options)).toEqual([
      { title: 'NVDA above 900', body: 'NVDA 901.20 ▲ +3.10%', silent: false, icon: '/icons/512.png' },
    ]);
    shown[0]?.emit('click');
    expect(clicked).toEqual([{ title: 'NVDA above 900', body: 'NVDA 901.20 ▲ +3.10%', symbol: 'NVDA' }]);
  });

  it('stays quiet when the user turned notifications off or the OS has none', () => {
    let enabled = false;
    const a = fakeNotificationClass(true);
    const off = createNotifier({
      Notification: a.Notification,
      enabled: () => enabled,
      onClick: () => undefined,
      logger: createRecordingLogger(),
      now: () => 0,
    });
    expect(off.notify({ title: 'x', body: 'y' })).toBe(false);
    enabled = true;
    expect(off.notify({ title: 'x', body: 'y' })).toBe(true);
    const b = fakeNotificationClass(false);
    const unsupported = createNotifier({
      Notification: b.Notification,
      enabled: () => true,
      onClick: () => undefined,
      logger: createRecordingLogger(),
      now: () => 0,
    });
    expect(unsupported.notify({ title: 'x', body: 'y' })).toBe(false);
    expect(a.shown).toHaveLength(1);
    expect(b.shown).toHaveLength(0);
  });

  it('drops malformed notifications', () => {
    const { Notification, shown } = fakeNotificationClass();
    const notifier = createNotifier({
      Notification,
      enabled: () => true,
      onClick: () => undefined,
      logger: createRecordingLogger(),
      now: () => 0,
    });
    expect(notifier.notify({ title: '', body: 'no title' })).toBe(false);
    expect(notifier.notify({ title: 'x'.repeat(500), body: '' })).toBe(false);
    expect(shown).toHaveLength(0);
  });

  it('sums up a burst in one notification instead of flooding the screen', () => {
    let now = 0;
    const { Notification, shown } = fakeNotificationClass();
    const notifier = createNotifier({
      Notification,
      enabled: () => true,
      onClick: () => undefined,
      logger: createRecordingLogger(),
      now: () => now,
      perMinute: 3,
    });
    const results = Array.from({ length: 10 }, (_, i) => notifier.notify({ title: `alert ${i}`, body: '' }));
    expect(results).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(shown.map((n) => n.options.title)).toEqual(['alert 0', 'alert 1', 'alert 2', 'More alerts']);
    now = 61_000;
    expect(notifier.notify({ title: 'later', body: '' })).toBe(true);
  });
});
