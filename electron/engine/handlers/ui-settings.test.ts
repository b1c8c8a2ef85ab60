import { describe, expect, it } from 'vitest';
import { createMemorySettingsStore } from '../settings-store';
import { createUiSettingsHandlers } from './ui-settings';

describe('UI settings', () => {
  it('keeps the theme in the engine settings, system by default', async () => {
    const settings = createMemorySettingsStore();
    const h = createUiSettingsHandlers(settings);
    expect(await h.getUiSettings({})).toEqual({ theme: 'system' });
    expect(await h.updateUiSettings({ theme: 'light' })).toEqual({ theme: 'light' });
    expect(settings.get().theme).toBe('light');
    // An empty change changes nothing.
    expect(await h.updateUiSettings({})).toEqual({ theme: 'light' });
    expect(await createUiSettingsHandlers(settings).getUiSettings({})).toEqual({ theme: 'light' });
  });
});
