import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test-support/engine';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MAIN = path.join(ROOT, 'out', 'main', 'index.js');
const REGISTER = path.join(ROOT, 'test-support', 'fake-electron', 'register.mjs');
const APP_URL = 'app://quotedesk/index.html';

type Envelope = { ok: boolean; value?: unknown; error?: { code: string } };
type State = {
  schemes: { scheme: string; privileges: Record<string, boolean> }[];
  sandbox: boolean;
  channels: string[];
  window?: {
    options: { webPreferences: Record<string, unknown> };
    loaded: string[];
    visible: boolean;
    destroyed: boolean;
    sentChannels: string[];
    guarded: boolean;
  };
  tray?: { icon: string; tooltip: string; labels: string[]; destroyed: boolean };
  menu: string[];
  session: string[];
  notifications: { title: string; body: string }[];
  errorBoxes: { title: string; content: string }[];
  quitSteps: string[];
};

/** The built shell, running in a Node child process on a stand-in Electron (test-support/fake-electron). */
function launch(dataDir: string) {
  const child: ChildProcess = fork(MAIN, [], {
    cwd: ROOT,
    execArgv: ['--import', REGISTER],
    env: { ...process.env, QUOTEDESK_DATA_DIR: dataDir, QUOTEDESK_PORT: '0', QUOTEDESK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let next = 1;
  const ask = <T>(type: string, payload: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      const onMessage = (m: { id: number; value?: unknown; error?: string }) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m.value as T);
      };
      child.on('message', onMessage);
      child.send({ id, type, ...payload });
    });
  const until = async (what: string, test: (s: State) => boolean, timeoutMs = 20_000): Promise<State> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await ask<State>('state');
      if (test(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const invoke = (channel: string, arg: unknown, url = APP_URL) =>
    ask<Envelope>('invoke', { channel, args: [arg], url });
  return { child, ask, until, invoke, exited, output: () => output };
}

let running: ReturnType<typeof launch> | undefined;
afterEach(() => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  running = undefined;
});

const booted = (s: State) =>
  s.window !== undefined && s.window.loaded.length > 0 && s.channels.length > 0 && s.tray !== undefined;

describe.runIf(fs.existsSync(MAIN))('the built shell on a stand-in Electron', () => {
  it('boots hardened, serves the app, answers IPC, fills the tray, and quits cleanly', async () => {
    const dataDir = tempDir();
    running = launch(dataDir);
    const app = running;
    const s = await app.until('boot', booted);

    expect(s.sandbox).toBe(true);
    expect(s.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(s.window?.loaded).toEqual([APP_URL]);
    expect(s.window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: true,
    });
    expect(fs.existsSync(String(s.window?.options.webPreferences.preload))).toBe(true);
    expect(s.window?.guarded).toBe(true);
    expect(s.session).toEqual(['beforeRequest', 'devicePermission', 'permissionCheck', 'permissionRequest']);
    expect(s.menu).toEqual(
      process.platform === 'darwin'
        ? ['Quotedesk', 'File', 'Edit', 'View', 'Window', 'Help']
        : ['&File', '&Edit', '&View', '&Window', '&Help'],
    );
    expect(s.errorBoxes).toEqual([]);

    const page = await app.ask<{ status: number; csp: string; text: string }>('fetch', { url: APP_URL });
    expect(page.status).toBe(200);
    expect(page.csp).toContain("script-src 'self'");
    expect(page.text).toContain('<div id="root">');
    expect((await app.ask<{ status: number }>('fetch', { url: 'app://quotedesk/../../package.json' })).status).toBe(
      404,
    );

    const lists = await app.invoke('qd:call:listWatchlists', {});
    expect(lists).toMatchObject({ ok: true, value: [{ name: 'My watchlist' }] });
    expect(await app.invoke('qd:call:listWatchlists', {}, 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const info = await app.invoke('qd:desktop:getDesktopInfo', {});
    expect(info).toMatchObject({
      ok: true,
      value: { dataDir, logsDir: path.join(dataDir, 'logs'), keyProtection: { level: 'os' }, notices: [] },
    });
    expect(await app.ask('navigate', { url: 'https://evil.example/' })).toEqual({ prevented: true });
    expect(await app.ask('permission', { permission: 'media' })).toBe(false);

    const ticking = await app.until('quotes pushed to the window and shown in the tray', (st) =>
      Boolean(
        st.window?.sentChannels.includes('qd:event:quote') &&
        st.tray?.labels.some((l) => /^SPY {2}[\d,]+\.\d\d {2}/.test(l)),
      ),
    );
    expect(ticking.tray?.labels[0]).toBe('My watchlist (simulated data)');
    expect(ticking.tray?.labels.slice(-2)).toEqual(['---', 'Quit Quotedesk']);
    expect(ticking.tray?.icon).toBe(
      path.join(ROOT, 'resources', 'tray', process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'),
    );

    await app.ask('power', { event: 'suspend' });
    await app.ask('power', { event: 'resume' });

    expect(await app.invoke('qd:desktop:updateDesktopSettings', { closeToTray: true })).toMatchObject({
      ok: true,
      value: { closeToTray: true },
    });
    expect(await app.ask('close-window')).toBe(false);
    const hidden = await app.ask<State>('state');
    expect([hidden.window?.visible, hidden.window?.destroyed]).toEqual([false, false]);
    expect(hidden.notifications.map((n) => n.title)).toEqual(['Quotedesk is still running']);

    await app.ask('quit');
    expect(await app.exited).toBe(0);
    // The engine closed SQLite (the WAL is folded back and removed) and the log says so.
    expect(fs.existsSync(path.join(dataDir, 'quotedesk.sqlite-wal'))).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'quotedesk.log'), 'utf8')).toBeTruthy();

    const settings = JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(settings).toMatchObject({ desktop: { closeToTray: true }, window: { width: 1360, height: 860 } });
  }, 60_000);

  it('starts on a damaged settings file, keeps it aside and says so', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{"engine": {"api": ');
    running = launch(dataDir);
    const app = running;
    await app.until('boot', booted);
    const info = await app.invoke('qd:desktop:getDesktopInfo', {});
    expect(info).toMatchObject({ ok: true, value: { notices: [{ code: 'settings-reset' }] } });
    expect(fs.readdirSync(dataDir).some((f) => f.startsWith('settings.corrupt-'))).toBe(true);
    await app.ask('quit');
    expect(await app.exited).toBe(0);
  }, 60_000);

  it('as a second launch, quits at once without touching the first one’s files', async () => {
    const dataDir = tempDir();
    const child = fork(MAIN, [], {
      cwd: ROOT,
      execArgv: ['--import', REGISTER],
      env: { ...process.env, QUOTEDESK_DATA_DIR: dataDir, FAKE_ELECTRON_LOCK_HELD: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  }, 60_000);

  it('shows why it cannot start, and exits, when the configuration is wrong', async () => {
    const dataDir = tempDir();
    const child = fork(MAIN, [], {
      cwd: ROOT,
      execArgv: ['--import', REGISTER],
      env: { ...process.env, QUOTEDESK_DATA_DIR: dataDir, QUOTEDESK_PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /\[error box\] Quotedesk could not start: QUOTEDESK_PORT: "not-a-port" is not a port number/,
    );
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'quotedesk.log'), 'utf8')).toContain('QUOTEDESK_PORT');
  }, 60_000);
});
