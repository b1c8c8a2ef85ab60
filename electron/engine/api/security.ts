// The local API's guards: loopback Host allow-list, foreign-Origin refusal, tokens and scopes.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Scope } from '../../../shared/contract';

/**
 * DNS rebinding defence: a browser tricked into calling us under another name sends that name as
 * Host. Only the loopback names on our own port are accepted.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
}

/** A page of another site must not drive the API from a user's browser (CSRF, Zoom 2019). */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return (
    origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}` || origin === `http://[::1]:${port}`
  );
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export type TokenSet = {
  /** The scope a token grants, or undefined for an unknown token. Constant time per known token. */
  scopeOf(token: string): Scope | undefined;
  replace(admin: string, read: string[]): void;
};

export function createTokenSet(admin: string, read: string[]): TokenSet {
  let entries: { hash: Buffer; scope: Scope }[] = [];
  const set: TokenSet = {
    scopeOf(token) {
      const h = digest(token);
      let found: Scope | undefined;
      // Compare against every entry so timing does not reveal which one matched.
      for (const e of entries) {
        if (timingSafeEqual(h, e.hash) && found !== 'admin') found = e.scope;
      }
      return found;
    },
    replace(adminToken, readTokens) {
      entries = [
        { hash: digest(adminToken), scope: 'admin' },
        ...readTokens.map((t) => ({ hash: digest(t), scope: 'read' as const })),
      ];
    },
  };
  set.replace(admin, read);
  return set;
}

export const TOKEN_COOKIE = 'qd_token';

/** The token a request carries: Bearer header, then `?token=`, then the browser UI's cookie. */
export function requestToken(
  req: IncomingMessage,
  query: unknown,
  cookies: Record<string, string | undefined>,
): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  if (query && typeof query === 'object' && 'token' in query) {
    const t = query.token;
    if (typeof t === 'string' && t !== '') return t;
  }
  return cookies[TOKEN_COOKIE];
}

export function allows(granted: Scope, needed: Scope): boolean {
  return granted === 'admin' || needed === 'read';
}
