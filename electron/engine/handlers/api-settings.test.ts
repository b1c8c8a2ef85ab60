import { describe, expect, it } from 'vitest';
import { createTestEngine } from '../../../test-support/engine';
import { tokenHashHex } from '../api/security';
import { createMemorySettingsStore } from '../settings-store';

describe('local API settings', () => {
  it('stores on/off and port for the next start and says a restart is needed', async () => {
    const settings = createMemorySettingsStore();
    const engine = createTestEngine({ settings, env: { QUOTEDESK_API_TOKEN: undefined } });
    const before = await engine.api.getApiSettings({});
    expect(before).toMatchObject({ enabled: true, port: 7717, running: null, restartRequired: false });
    expect(before.adminTokenSource).toBe('settings');
    const after = await engine.api.updateApiSettings({ port: 8800 });
    expect(after).toMatchObject({ port: 8800, restartRequired: true });
    expect(settings.get().api.port).toBe(8800);
    const back = await engine.api.updateApiSettings({ port: 7717, enabled: false });
    expect(back).toMatchObject({ enabled: false, restartRequired: true });
    await engine.stop();
  });

  it('reports environment overrides; the environment token cannot be rotated from settings', async () => {
    const engine = createTestEngine({ env: { QUOTEDESK_PORT: '0' } });
    const s = await engine.api.getApiSettings({});
    expect(s.environmentOverrides.sort()).toEqual(['QUOTEDESK_API_TOKEN', 'QUOTEDESK_PORT']);
    expect(s.adminTokenSource).toBe('environment');
    // The stored port is not what this run uses; changing it still changes nothing until the variable goes.
    expect((await engine.api.updateApiSettings({ port: 9000 })).restartRequired).toBe(false);
    expect(() => engine.api.rotateAdminToken({})).toThrow(/QUOTEDESK_API_TOKEN/);
    await engine.stop();
  });

  it('hashes read tokens kept in plain text by an older version', async () => {
    const plain = 'qdr_' + 'Ab3'.repeat(15);
    const settings = createMemorySettingsStore({
      api: { enabled: true, port: 7717, readTokens: [plain] },
    });
    const engine = createTestEngine({ settings });
    const stored = settings.get().api.readTokens;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ hash: tokenHashHex(plain), label: 'read token' });
    expect(JSON.stringify(stored)).not.toContain(plain);
    expect(engine.localApi.tokens.identify(plain)).toMatchObject({ scope: 'read' });
    const listed = await engine.api.listReadTokens({});
    expect(listed[0]?.hint).toBe('qdr_Ab3…3Ab3');
    await engine.stop();
  });
});
