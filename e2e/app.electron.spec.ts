import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The Electron binary: QUOTEDESK_ELECTRON_BINARY, or the one the electron package installed
 * (node_modules/electron/dist, named in path.txt). Since Electron 42 the package downloads it on
 * first use rather than at install: `npx install-electron` fetches it ahead of time.
 */
function electronBinary(): string | undefined {
  const explicit = process.env.QUOTEDESK_ELECTRON_BINARY?.trim();
  if (explicit) return fs.existsSync(explicit) ? explicit : undefined;
  const pathFile = path.join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const bin = path.join(ROOT, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : undefined;
}

const binary = electronBinary();

function freshDataDir(): string {
  fs.mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  return fs.mkdtempSync(path.join(ROOT, 'test-results', 'electron-'));
}

/** The built app (package.json's main: out/main/index.js), on its own data folder. */
function launch(dataDir: string): Promise<ElectronApplication> {
  return electron.launch({
    executablePath: binary,
    args: [ROOT],
    env: { ...process.env, QUOTEDESK_DATA_DIR: dataDir, QUOTEDESK_PORT: '0' },
  });
}

async function quit(app: ElectronApplication): Promise<void> {
  const closed = new Promise<void>((resolve) => app.once('close', () => resolve()));
  // The app may be gone before the answer to this call comes back: that is the point.
  await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined);
  await closed;
}

test.describe('Electron window', () => {
  // Skipped, not failed: this machine installs electron with ELECTRON_SKIP_BINARY_DOWNLOAD=1 because
  // it cannot download the binary. Wherever one is installed (or named by QUOTEDESK_ELECTRON_BINARY),
  // these run. The shell's wiring is also run without Electron by electron/main/composition.test.ts.
  test.skip(
    !binary,
    'no Electron binary: node_modules/electron/dist is empty (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1); ' +
      'run `npx install-electron` or set QUOTEDESK_ELECTRON_BINARY',
  );

  test('launches the built app, shows a watchlist that ticks, keeps the page sandboxed, and quits', async () => {
    const dataDir = freshDataDir();
    const app = await launch(dataDir);
    const win = await app.firstWindow();
    expect(win.url()).toBe('app://quotedesk/index.html');
    await expect(win.getByText('Simulated data')).toBeVisible();
    const price = win.locator('tr[data-symbol="SPY"] td[data-field="price"]');
    await expect(price).toHaveText(/\d/);
    const first = await price.textContent();
    await expect.poll(async () => price.textContent(), { timeout: 15_000 }).not.toBe(first);
    await win.screenshot({ path: 'e2e/artifacts/electron-watchlist.png' });

    // What the page can reach: the two bridges' functions, no Node, no eval (the CSP).
    const reach = await win.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      const kinds = (o: unknown) => [...new Set(Object.values(o as object).map((v) => typeof v))];
      let evalResult: string;
      try {
        // The CSP (script-src 'self') must make this throw.
        evalResult = String(eval('1 + 1'));
      } catch (e) {
        evalResult = (e as Error).name;
      }
      return {
        require: typeof w.require,
        process: typeof w.process,
        bridge: kinds(w.quotedesk),
        desktop: kinds(w.quotedeskDesktop),
        evalResult,
      };
    });
    expect(reach).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: ['function'],
      desktop: ['function'],
      evalResult: 'EvalError',
    });
    const info = await win.evaluate(async () => {
      const desktop = (globalThis as unknown as { quotedeskDesktop: { getDesktopInfo(i: object): Promise<unknown> } })
        .quotedeskDesktop;
      return desktop.getDesktopInfo({});
    });
    expect(info).toMatchObject({ ok: true, value: { dataDir, notices: [] } });

    await quit(app);
    expect(fs.existsSync(path.join(dataDir, 'quotedesk.sqlite-wal'))).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'quotedesk.log'), 'utf8')).toContain('"msg":"stopped"');
  });

  test('a second launch hands over to the first and exits', async () => {
    const dataDir = freshDataDir();
    const app = await launch(dataDir);
    await app.firstWindow();
    const second = spawn(binary ?? '', [ROOT], {
      env: { ...process.env, QUOTEDESK_DATA_DIR: dataDir, QUOTEDESK_PORT: '0' },
      stdio: 'ignore',
    });
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(0);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await quit(app);
  });

  test('keeps running in the tray when the window is closed, if the user chose so', async () => {
    const dataDir = freshDataDir();
    const app = await launch(dataDir);
    const win = await app.firstWindow();
    await expect(win.getByText('Simulated data')).toBeVisible();
    const saved = await win.evaluate(async () => {
      const desktop = (
        globalThis as unknown as { quotedeskDesktop: { updateDesktopSettings(i: object): Promise<unknown> } }
      ).quotedeskDesktop;
      return desktop.updateDesktopSettings({ closeToTray: true });
    });
    expect(saved).toMatchObject({ ok: true, value: { closeToTray: true } });
    const state = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      w?.close();
      return { windows: BrowserWindow.getAllWindows().length, visible: w?.isVisible() };
    });
    expect(state).toEqual({ windows: 1, visible: false });
    await quit(app);
  });
});
