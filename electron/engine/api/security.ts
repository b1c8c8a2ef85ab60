// The local API's guards: loopback Host allow-list, foreign-Origin refusal, tokens, scopes, strength.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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

/** A token must be at least this strong to be generated or stored. */
export const MIN_TOKEN_BITS = 128;

/**
 * A conservative estimate of a token's strength: its length times the bits per character of the
 * smallest alphabet that covers it. A random base64url token of 22 characters passes (132 bits); a
 * hex token needs 32 characters; a word like "password123" never passes.
 */
export function tokenStrengthBits(token: string): number {
  if (token.length === 0) return 0;
  let pool = 0;
  if (/^[0-9a-f]+$/i.test(token) && /[a-f]/i.test(token)) {
    pool = 16;
  } else {
    if (/[a-z]/.test(token)) pool += 26;
    if (/[A-Z]/.test(token)) pool += 26;
    if (/[0-9]/.test(token)) pool += 10;
    if (/[-_]/.test(token)) pool += 2;
    if (/[^a-zA-Z0-9_-]/.test(token)) pool += 32;
  }
  // A token made of a handful of distinct characters ("aaaa…", "abab…") is not random.
  const distinct = new Set(token).size;
  if (distinct < 10) pool = Math.min(pool, Math.max(2, distinct * 2));
  return Math.floor(token.length * Math.log2(pool));
}

/** 256 bits, URL-safe, prefixed so a leaked read token is recognisable in a file or a log. */
export function generateReadToken(): string {
  return `qdr_${randomBytes(32).toString('base64url')}`;
}

export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function tokenHashHex(token: string): string {
  return tokenDigest(token).toString('hex');
}

/** Enough of a token to recognise it: `qdr_AbC…xYz9`. */
export function tokenHint(token: string): string {
  return token.length <= 12 ? '…' : `${token.slice(0, 7)}…${token.slice(-4)}`;
}

export type TokenIdentity = {
  scope: Scope;
  /** Stable per token: `admin`, or the read token's id. Rate limits and usage are kept per key. */
  key: string;
};

export type ReadTokenHash = { id: string; hash: string };

export type TokenSet = {
  /** Who a token is, or undefined for an unknown one. Every entry is compared, in constant time. */
  identify(token: string): TokenIdentity | undefined;
  setAdmin(token: string): void;
  setRead(entries: readonly ReadTokenHash[]): void;
};

export function createTokenSet(admin: string, read: readonly ReadTokenHash[]): TokenSet {
  let adminHash = tokenDigest(admin);
  let readEntries: { hash: Buffer; id: string }[] = [];
  const set: TokenSet = {
    identify(token) {
      const h = tokenDigest(token);
      let found: TokenIdentity | undefined;
      // Compare against every entry so timing does not reveal which one matched.
      if (timingSafeEqual(h, adminHash)) found = { scope: 'admin', key: 'admin' };
      for (const e of readEntries) {
        if (timingSafeEqual(h, e.hash) && !found) found = { scope: 'read', key: e.id };
      }
      return found;
    },
    setAdmin(token) {
      adminHash = tokenDigest(token);
    },
    setRead(entries) {
      readEntries = entries.map((e) => ({ id: e.id, hash: Buffer.from(e.hash, 'hex') }));
    },
  };
  set.setRead(read);
  return set;
}

export const TOKEN_COOKIE = 'qd_token';

export type TokenSource = 'header' | 'query' | 'cookie';

/** The token a request carries: Bearer header, then `?token=`, then the browser UI's cookie. */
export function requestToken(
  req: IncomingMessage,
  query: unknown,
  cookies: Record<string, string | undefined>,
): { token: string; source: TokenSource } | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1]) return { token: m[1], source: 'header' };
  }
  if (query && typeof query === 'object' && 'token' in query) {
    const t = query.token;
    if (typeof t === 'string' && t !== '') return { token: t, source: 'query' };
  }
  const c = cookies[TOKEN_COOKIE];
  return c ? { token: c, source: 'cookie' } : undefined;
}

export function allows(granted: Scope, needed: Scope): boolean {
  return granted === 'admin' || needed === 'read';
}
