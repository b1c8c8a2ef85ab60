import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { ICNS_TYPES, ICO_SIZES, LINUX_ICON_SIZES } from '../build/make-icons';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const run = promisify(execFile);

type BuilderConfig = Record<string, unknown> & {
  appId: string;
  productName: string;
  asarUnpack: string[];
  afterPack: string;
  npmRebuild: boolean;
  extraResources: { from: string; to: string }[];
  linux: { target: string[]; executableName: string; icon: string };
  mac: { target: { target: string; arch: string[] }[]; icon: string; x64ArchFiles: string; entitlements: string };
  win: { target: string[]; icon: string };
};

/** electron-builder's own loader and schema check, as `electron-builder` runs them. */
const builderConfig = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debug: { isEnabled: boolean }): Promise<void>;
};

type AfterPackModule = {
  afterPack: (context: unknown) => Promise<void>;
  fuseConfig: (platform: string) => Record<string, unknown>;
};
const hookFile = path.join(ROOT, 'build', 'after-pack.mjs');
const loadHook = async () => (await import(hookFile)) as AfterPackModule;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's fuses as it ships them: run-as-node, NODE_OPTIONS, --inspect and file:// powers on. */
const STOCK_WIRE = '101100011';
const HARDENED_WIRE = '010011001';

/** A file that carries a fuse wire where Electron's binary does, for the hook to flip. */
function fakeElectronBinary(file: string, wire = STOCK_WIRE): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    Buffer.concat([
      Buffer.from('\x7fELF not really electron '),
      Buffer.from(SENTINEL),
      Buffer.from([1, wire.length]),
      Buffer.from(wire),
      Buffer.from(' rest of the binary'),
    ]),
    { mode: 0o755 },
  );
}

function wireOf(file: string): string {
  const data = fs.readFileSync(file);
  const at = data.indexOf(SENTINEL) + SENTINEL.length;
  const length = data[at + 1] ?? 0;
  return data.subarray(at + 2, at + 2 + length).toString('latin1');
}

function pngSize(file: string): [number, number] {
  const data = fs.readFileSync(file);
  expect(data.subarray(1, 4).toString('ascii'), file).toBe('PNG');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('electron-builder.yml', async () => {
  const config = await builderConfig.getConfig(ROOT, 'electron-builder.yml', null);

  it('passes electron-builder’s own schema check, and the check does catch mistakes', async () => {
    await builderConfig.validateConfiguration(config, { isEnabled: false });
    await expect(
      builderConfig.validateConfiguration(
        { ...config, mac: { ...config.mac, notAnOption: true } },
        { isEnabled: false },
      ),
    ).rejects.toThrow(/configuration\.mac/);
  });

  it('names the app and builds AppImage + deb, a universal dmg and an NSIS installer', () => {
    expect(config.appId).toBe('app.quotedesk.desktop');
    expect(config.productName).toBe('Quotedesk');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['universal'] }]);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('unpacks better-sqlite3 from the asar, rebuilds nothing and sets the fuses after packing', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
    expect(config.npmRebuild).toBe(false);
    expect(path.resolve(ROOT, config.afterPack)).toBe(hookFile);
    expect(config.mac.x64ArchFiles).toContain('better-sqlite3/prebuilds/darwin-');
  });

  it('has every file it points at', () => {
    for (const f of [config.mac.icon, config.win.icon, config.mac.entitlements, config.afterPack]) {
      expect(fs.existsSync(path.join(ROOT, f)), f).toBe(true);
    }
    for (const r of config.extraResources) expect(fs.existsSync(path.join(ROOT, r.from)), r.from).toBe(true);
    for (const s of LINUX_ICON_SIZES) {
      expect(pngSize(path.join(ROOT, config.linux.icon, `${s}x${s}.png`))).toEqual([s, s]);
    }
  });
});

describe('icons', () => {
  it('are real images of the sizes each OS asks for', () => {
    expect(pngSize(path.join(ROOT, 'build', 'icon.png'))).toEqual([1024, 1024]);
    expect(pngSize(path.join(ROOT, 'resources', 'icons', '512x512.png'))).toEqual([512, 512]);
    for (const [f, s] of [
      ['tray.png', 16],
      ['tray@2x.png', 32],
      ['trayTemplate.png', 16],
      ['trayTemplate@2x.png', 32],
    ] as const) {
      expect(pngSize(path.join(ROOT, 'resources', 'tray', f))).toEqual([s, s]);
    }

    const ico = fs.readFileSync(path.join(ROOT, 'build', 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    const icoSizes = ICO_SIZES.map((_, i) => ico[6 + 16 * i] || 256);
    expect(icoSizes).toEqual(ICO_SIZES);

    const icns = fs.readFileSync(path.join(ROOT, 'build', 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.subarray(at, at + 4).toString('ascii'));
    expect(types).toEqual(ICNS_TYPES.map(([t]) => t));
  });
});

describe('fuses (build/after-pack.mjs)', () => {
  const context = (platform: string, appOutDir: string) => ({
    appOutDir,
    electronPlatformName: platform,
    packager: {
      executableName: platform === 'linux' ? 'quotedesk' : undefined,
      appInfo: { productFilename: 'Quotedesk' },
    },
  });

  it('decides every fuse @electron/fuses knows, each the safe way', async () => {
    const { fuseConfig } = await loadHook();
    const config = fuseConfig('linux');
    const known = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');
    for (const fuse of known) expect(config[fuse], FuseV1Options[fuse]).toBeTypeOf('boolean');
    expect(config.strictlyRequireAllFuses).toBe(true);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });

  it('flips the fuses in the Linux and Windows executables', async () => {
    const { afterPack } = await loadHook();
    for (const [platform, file] of [
      ['linux', 'quotedesk'],
      ['win32', 'Quotedesk.exe'],
    ] as const) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-fuses-'));
      fakeElectronBinary(path.join(dir, file));
      await afterPack(context(platform, dir));
      expect(wireOf(path.join(dir, file)), platform).toBe(HARDENED_WIRE);
    }
  });

  it('flips them in the macOS framework, where the wire lives', async () => {
    const { afterPack } = await loadHook();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-fuses-'));
    const framework = path.join(
      dir,
      'Quotedesk.app',
      'Contents',
      'Frameworks',
      'Electron Framework.framework',
      'Electron Framework',
    );
    fakeElectronBinary(framework);
    // resetAdHocDarwinSignature runs codesign, which exists only on macOS.
    const hook = afterPack(context('darwin', dir));
    if (process.platform === 'darwin') await hook;
    else await expect(hook).rejects.toThrow();
    expect(wireOf(framework)).toBe(HARDENED_WIRE);
  });

  it('fails the build when the binary has a fuse nobody decided', async () => {
    const { afterPack } = await loadHook();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-fuses-'));
    fakeElectronBinary(path.join(dir, 'quotedesk'), `${STOCK_WIRE}1`);
    await expect(afterPack(context('linux', dir))).rejects.toThrow(/strictlyRequireAllFuses/);
  });
});

describe('better-sqlite3 in Electron', () => {
  const prebuilds = path.join(ROOT, 'node_modules', 'better-sqlite3', 'prebuilds');

  it('ships N-API prebuilds only: no V8 or libuv ABI that ties them to one Node version', () => {
    const files = fs.readdirSync(prebuilds).filter((f) => f.endsWith('.node'));
    expect(files.sort()).toEqual(
      [
        'darwin-arm64',
        'darwin-x64',
        'linux-arm64',
        'linux-x64',
        'linuxmusl-arm64',
        'linuxmusl-x64',
        'win32-arm64',
        'win32-x64',
      ].map((p) => `${p}.node`),
    );
    for (const f of files) {
      const bin = fs.readFileSync(path.join(prebuilds, f));
      expect(bin.includes('napi_register_module_v1'), f).toBe(true);
      // Itanium (ELF, Mach-O) and MSVC manglings of anything in namespace v8, and the
      // NODE_MODULE_VERSION-bound registration of non-N-API addons.
      expect(bin.includes('_ZN2v8'), f).toBe(false);
      expect(bin.includes('@v8@@'), f).toBe(false);
      expect(bin.includes('node_register_module_v'), f).toBe(false);
    }
  });
});

// A real electron-builder run, offline: an Electron "distribution" whose binary is only a fuse
// wire, a --dir target (no AppImage or fpm download). Everything else is what `npm run package` does.
describe.runIf(process.platform === 'linux' && fs.existsSync(path.join(ROOT, 'out', 'main', 'index.js')))(
  'npm run package (unpacked, with a stand-in Electron binary)',
  () => {
    it('packs the app into an asar with better-sqlite3 unpacked, resources beside it, fuses set', async () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-package-'));
      const electronDist = path.join(work, 'electron-dist');
      fakeElectronBinary(path.join(electronDist, 'electron'));
      fs.writeFileSync(path.join(electronDist, 'LICENSE'), 'MIT');
      const electronVersion = (require('electron/package.json') as { version: string }).version;
      await run(
        process.execPath,
        [
          require.resolve('electron-builder/cli.js'),
          '--config',
          'electron-builder.yml',
          '--linux',
          'dir',
          '--publish',
          'never',
          `-c.electronDist=${electronDist}`,
          `-c.electronVersion=${electronVersion}`,
          `-c.directories.output=${path.join(work, 'dist')}`,
        ],
        { cwd: ROOT, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, timeout: 180_000 },
      );
      const app = path.join(work, 'dist', 'linux-unpacked');
      expect(wireOf(path.join(app, 'quotedesk'))).toBe(HARDENED_WIRE);

      const asar = require('@electron/asar') as { listPackage(file: string, o: { isPack: boolean }): string[] };
      const files = asar.listPackage(path.join(app, 'resources', 'app.asar'), { isPack: false });
      for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) {
        expect(files, f).toContain(f);
      }
      const outside = files.filter((f) => !f.startsWith('/out/') && !f.startsWith('/node_modules/'));
      expect(outside.sort()).toEqual(['/node_modules', '/out', '/package.json']);
      expect(files.filter((f) => /\.(map|ts)$/.test(f))).toEqual([]);
      for (const dev of ['electron', 'vitest', 'react', 'typescript', 'electron-builder']) {
        expect(files, dev).not.toContain(`/node_modules/${dev}`);
      }

      const sqlite = path.join(app, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
      expect(fs.readdirSync(path.join(sqlite, 'prebuilds')).sort()).toEqual(['linux-arm64.node', 'linux-x64.node']);
      expect(fs.existsSync(path.join(sqlite, 'src'))).toBe(false);
      for (const r of ['universe/us-stocks.csv', 'universe/index-proxies.csv', 'tray/tray.png', 'icons/512x512.png']) {
        expect(fs.existsSync(path.join(app, 'resources', r)), r).toBe(true);
      }

      // The unpacked copy is the one the packaged app loads: open a database with it.
      if (process.arch === 'x64' || process.arch === 'arm64') {
        const Database = require(path.join(sqlite, 'lib', 'index.js')) as new (file: string) => {
          prepare(sql: string): { get(): unknown };
          close(): void;
        };
        const db = new Database(':memory:');
        expect(db.prepare('SELECT sqlite_version() AS v').get()).toMatchObject({ v: expect.any(String) as string });
        db.close();
      }
    }, 180_000);
  },
);
