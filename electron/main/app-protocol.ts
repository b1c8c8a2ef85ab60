// The app:// protocol: serves the built renderer from one folder, with the app's CSP on every reply.
//
// Why not file://: a file:// page is a null origin that Electron lets read other local files;
// app://quotedesk is a standard, secure origin of its own, so 'self' in the CSP means exactly the
// renderer's files, and the GrantFileProtocolExtraPrivileges fuse can be turned off.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'quotedesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Registered before the app is ready: an origin that behaves like https for 'self', modules and fetch. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

function reply(status: number, body: string | Uint8Array | null, type: string): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': type,
      // The one policy of the UI (shared/csp.ts), on every reply.
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    },
  });
}

/** Maps an app:// URL to a file under root, or undefined when it is not one of the app's files. */
export function resolveAppPath(root: string, url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
  // An encoded "/", "\" or NUL is how a path escapes a folder after decoding: none is a file of ours.
  if (pathname.includes('\0') || pathname.includes('\\') || /(^|\/)\.\.(\/|$)/.test(pathname)) return undefined;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  const base = path.resolve(root);
  return resolved.startsWith(base + path.sep) ? resolved : undefined;
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/** The handler for protocol.handle('app', …): GET and HEAD of the renderer's files, nothing else. */
export function createAppProtocolHandler(
  root: string,
  read: ReadFile = (f) => readFile(f),
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply(405, 'method not allowed', 'text/plain; charset=utf-8');
    }
    const file = resolveAppPath(root, request.url);
    if (!file) return reply(404, 'not found', 'text/plain; charset=utf-8');
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return reply(404, 'not found', 'text/plain; charset=utf-8');
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return reply(200, request.method === 'HEAD' ? null : body, type);
  };
}
