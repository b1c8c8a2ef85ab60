import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DESKTOP_SETTINGS } from '../../shared/contract/desktop';
import { defaultSettings } from '../../shared/settings';
import { tempDir } from '../../test-support/engine';
import { createRecordingLogger } from '../engine/logger';
import { confStore } from './conf-test-store';
import { openShellSettings, SETTINGS_FORMAT, type StoreFactory } from './settings';

const TOKEN = 'spreadsheet-token-0123456789abcdef';
const NOW = Date.UTC(2026, 2, 10, 14, 30, 5, 123);

function open(dir: string) {
  const logger = createRecordingLogger();
  return { settings: openShellSettings({ createStore: confStore, dir, logger, now: () => NOW }), logger };
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('shell settings on a real file', () => {
  it('starts on defaults and keeps what was saved across runs', () => {
    const dir = tempDir();
    const first = open(dir).settings;
    expect(first.engine.get()).toEqual(defaultSettings());
    expect(first.desktop()).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(first.windowState()).toBeUndefined();
    expect(first.notices).toEqual([]);

    first.engine.update((s) => ({ ...s, theme: 'dark', api: { ...s.api, token: TOKEN } }));
    first.updateDesktop({ closeToTray: true });
    first.saveWindowState({ x: 10, y: 20, width: 1000, height: 700, maximized: true, fullScreen: false });

    const second = open(dir).settings;
    expect(second.engine.get()).toMatchObject({ theme: 'dark', api: { token: TOKEN } });
    expect(second.desktop()).toEqual({ ...DEFAULT_DESKTOP_SETTINGS, closeToTray: true });
    expect(second.windowState()).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: true,
      fullScreen: false,
    });
    const onDisk = readJson(second.file);
    expect(onDisk).toMatchObject({
      desktop: { closeToTray: true },
      __internal__: { migrations: { version: SETTINGS_FORMAT } },
    });
  });

  it('moves the first builds’ flat settings under "engine", API token included', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ theme: 'light', api: { port: 7800, token: TOKEN }, extendedHours: true }));
    const { settings } = open(dir);
    expect(settings.engine.get()).toMatchObject({
      theme: 'light',
      extendedHours: true,
      api: { port: 7800, token: TOKEN },
    });
    expect(settings.notices).toEqual([]);
    const onDisk = readJson(file);
    expect(Object.keys(onDisk).sort()).toEqual(['__internal__', 'engine']);
  });

  it('keeps a file that is not JSON aside and starts on defaults', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    const garbage = '{"engine": {"theme": "dark", "api": {"tok';
    fs.writeFileSync(file, garbage);
    const { settings, logger } = open(dir);
    expect(settings.engine.get()).toEqual(defaultSettings());
    const backup = path.join(dir, 'settings.corrupt-2026-03-10T14-30-05-123Z.json');
    expect(fs.readFileSync(backup, 'utf8')).toBe(garbage);
    expect(settings.notices).toEqual([
      {
        code: 'settings-reset',
        message: `Your settings file could not be read, so Quotedesk started with default settings. The old file was saved as ${backup}.`,
      },
    ]);
    expect(logger.records.some((r) => r.level === 'warn' && r.msg.includes('kept it aside'))).toBe(true);
    settings.updateDesktop({ showTray: false });
    expect(open(dir).settings.desktop().showTray).toBe(false);
  });

  it('keeps the sections that still parse when one section fails the schema', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        engine: { api: { token: TOKEN, port: 7717 } },
        desktop: { closeToTray: 'sometimes' },
        window: { x: 5, y: 6, width: 900, height: 600, maximized: false, fullScreen: false },
        __internal__: { migrations: { version: SETTINGS_FORMAT } },
      }),
    );
    const { settings } = open(dir);
    expect(settings.engine.get().api.token).toBe(TOKEN);
    expect(settings.windowState()).toMatchObject({ x: 5, y: 6 });
    expect(settings.desktop()).toEqual(DEFAULT_DESKTOP_SETTINGS);
    expect(settings.notices[0]?.message).toContain('What could be read was kept (engine, window).');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('settings.corrupt-'))).toHaveLength(1);
    expect(readJson(file)).toMatchObject({ engine: { api: { token: TOKEN } } });
  });

  it('treats an empty file (a crash at the wrong moment) as damaged, not as a reason to stop', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), '');
    const { settings } = open(dir);
    expect(settings.notices.map((n) => n.code)).toEqual(['settings-reset']);
    expect(settings.desktop()).toEqual(DEFAULT_DESKTOP_SETTINGS);
  });

  it('never writes a value the schema refuses, and keeps the old one', () => {
    const dir = tempDir();
    const { settings } = open(dir);
    settings.engine.update((s) => ({ ...s, api: { ...s.api, port: 7801 } }));
    expect(() => settings.engine.update((s) => ({ ...s, api: { ...s.api, port: 70000 } }))).toThrow();
    expect(() => settings.updateDesktop({ closeToTray: true, openDevTools: true } as never)).toThrow(/openDevTools/);
    expect(settings.engine.get().api.port).toBe(7801);
    expect(open(dir).settings.engine.get().api.port).toBe(7801);
    expect(open(dir).settings.desktop().closeToTray).toBe(false);
  });

  it('runs on memory, leaving the file alone, when the disk refuses', () => {
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ engine: { theme: 'dark' } }));
    const refusing: StoreFactory = () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    const logger = createRecordingLogger();
    const settings = openShellSettings({ createStore: refusing, dir, logger });
    expect(settings.notices.map((n) => n.code)).toEqual(['settings-not-saved']);
    settings.updateDesktop({ notifications: false });
    expect(settings.desktop().notifications).toBe(false);
    expect(readJson(file)).toEqual({ engine: { theme: 'dark' } });
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });
});
