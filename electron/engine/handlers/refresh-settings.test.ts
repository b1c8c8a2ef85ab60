import { afterEach, describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../test-support/engine';
import { createManualClock } from '../clock';
import type { Engine } from '../index';
import { createMemorySettingsStore } from '../settings-store';
import { createRefreshSettingsHandlers } from './refresh-settings';

describe('refresh settings', () => {
  it('keeps extendedHours in the engine settings, off by default, and plans again only on a change', async () => {
    const settings = createMemorySettingsStore();
    let replans = 0;
    const h = createRefreshSettingsHandlers({ settings, replan: () => replans++ });
    expect(await h.updateRefreshSettings({})).toEqual({ extendedHours: false });
    expect(replans).toBe(0);
    expect(await h.updateRefreshSettings({ extendedHours: true })).toEqual({ extendedHours: true });
    expect(settings.get().extendedHours).toBe(true);
    expect(replans).toBe(1);
    // The same value again is no change: no new plan.
    expect(await h.updateRefreshSettings({ extendedHours: true })).toEqual({ extendedHours: true });
    expect(replans).toBe(1);
    expect(await h.updateRefreshSettings({ extendedHours: false })).toEqual({ extendedHours: false });
    expect(replans).toBe(2);
  });

  describe('in the engine', () => {
    let engine: Engine | undefined;
    afterEach(async () => {
      await engine?.stop();
      engine = undefined;
    });

    it('is what the poll intervals report, and a change makes a new plan at once', async () => {
      const settings = createMemorySettingsStore();
      engine = createTestEngine({ settings, clock: createManualClock(Date.parse('2026-11-24T12:00:00Z')) });
      await engine.start();
      expect((await engine.api.getPollIntervals({})).extendedHours).toBe(false);
      const before = engine.refresh.scheduler.plan();
      expect(await engine.api.updateRefreshSettings({})).toEqual({ extendedHours: false });
      expect(engine.refresh.scheduler.plan()).toBe(before);
      expect(await engine.api.updateRefreshSettings({ extendedHours: true })).toEqual({ extendedHours: true });
      expect(engine.refresh.scheduler.plan()).not.toBe(before);
      expect(settings.get().extendedHours).toBe(true);
      expect((await engine.api.getPollIntervals({})).extendedHours).toBe(true);
    });
  });
});
