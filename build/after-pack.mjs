// electron-builder's afterPack hook: flips Electron's fuses in the packed binary, before signing,
// then reads them back and fails the build if any is not as set here.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';

/**
 * Every fuse is decided (strictlyRequireAllFuses): an Electron that adds one fails the build until
 * someone decides it here (and updates @electron/fuses).
 * @param {string} platform electron-builder's electronPlatformName
 */
export function fuseConfig(platform) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Apple silicon refuses to run a binary whose ad-hoc signature no longer matches; a real
    // signature (mac.identity) is applied after this hook anyway.
    resetAdHocDarwinSignature: platform === 'darwin',
    // No `ELECTRON_RUN_AS_NODE=1 Quotedesk script.js`: the signed app is never a general Node.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    // No NODE_OPTIONS=--require=evil.js, no --inspect on the main process.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // The app's code comes from app.asar only, and app.asar must match the hash built into the
    // binary (checked on macOS and Windows; Linux has no embedded hash yet).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The renderer is served from app://, so file:// needs none of its old extra powers.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    [FuseV1Options.WasmTrapHandlers]: true,
  };
}

/**
 * Where the fuse wire lives in the packed app, as electron-builder names the executable.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { executableName?: string, appInfo: { productFilename: string } } }} context
 */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
    default:
      throw new Error(`fuses: unknown platform ${electronPlatformName}`);
  }
}

/** @param {Parameters<typeof electronBinaryPath>[0]} context */
export async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const config = fuseConfig(context.electronPlatformName);
  await flipFuses(binary, config);
  const wire = await getCurrentFuseWire(binary);
  for (const [key, value] of Object.entries(config)) {
    const index = Number(key);
    if (!Number.isInteger(index)) continue;
    const want = value ? '1'.charCodeAt(0) : '0'.charCodeAt(0);
    if (wire[index] !== want) {
      throw new Error(`fuses: ${FuseV1Options[index]} is not ${value ? 'on' : 'off'} in ${binary}`);
    }
  }
}
