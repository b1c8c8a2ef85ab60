// The one redaction list for every log line (shell and headless, file, stdout and the in-memory ring).
import { createRedactor, MASK, type Redactor } from '../providers/redact';

/** What a secret is replaced with: the same mark as in provider error texts. */
export const REDACTED = MASK;

/** Field names whose value is never logged, at any depth (pino's paths cover the common shapes). */
export const SECRET_FIELDS = ['token', 'key', 'apiKey', 'apikey', 'authorization', 'password', 'secret'] as const;

/** pino's own redaction: fields by name, before serialisation (values that are not strings too). */
export const LOG_REDACT = {
  paths: [
    ...SECRET_FIELDS,
    ...SECRET_FIELDS.map((f) => `*.${f}`),
    'headers.authorization',
    'req.headers.authorization',
    'req.headers.cookie',
    'headers["x-finnhub-token"]',
  ],
  censor: REDACTED,
};

/**
 * Patterns applied to each serialised line, so a secret inside a message, an error text or a URL
 * is masked wherever it sits. The provider patterns (`?apikey=`, `?token=`, X-Finnhub-Token,
 * Alpha Vantage's "detected your API key as X") come from providers/redact.ts.
 */
const LINE_PATTERNS: [RegExp, string][] = [
  // A secret field nested deeper than pino's paths reach.
  [new RegExp(`("(?:${SECRET_FIELDS.join('|')})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1${REDACTED}"`],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${REDACTED}`],
  [/(qd_token=)[^;\s"']+/gi, `$1${REDACTED}`],
];

export type LogRedactor = {
  /** Masks known secrets and secret-shaped patterns in a text (a whole JSON line or a message). */
  (text: string): string;
  /** Where the secrets known now come from (provider keys, the admin token); read at each call. */
  setSecrets(source: () => Iterable<string | undefined>): void;
};

export function createLogRedactor(): LogRedactor {
  let source: () => Iterable<string | undefined> = () => [];
  let signature = '';
  let providerRedactor: Redactor = createRedactor();
  const redact = ((text: string) => {
    const known = [...source()].filter((s): s is string => typeof s === 'string' && s.length >= 4);
    const sig = known.join('\u0000');
    if (sig !== signature) {
      signature = sig;
      providerRedactor = createRedactor(known);
    }
    let out = providerRedactor(text);
    for (const [re, replacement] of LINE_PATTERNS) out = out.replace(re, replacement);
    return out;
  }) as LogRedactor;
  redact.setSecrets = (s) => {
    source = s;
  };
  return redact;
}
