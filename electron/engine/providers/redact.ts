// Keeps API keys out of error messages and logs (Alpha Vantage echoes the key in its limit text).

export const MASK = '[redacted]';

/** Patterns that carry a key whatever its value: query parameters and AV's "detected your API key as X". */
const PATTERNS: [RegExp, string][] = [
  [/([?&](?:apikey|token)=)[^&#\s"']+/gi, `$1${MASK}`],
  [/(x-finnhub-token["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, `$1${MASK}`],
  [/(detected your API key as\s+)[^\s,.;]+/gi, `$1${MASK}`],
];

export type Redactor = (text: string) => string;

/** A redactor for these keys (and for any key-shaped pattern, known key or not). */
export function createRedactor(keys: readonly (string | undefined)[] = []): Redactor {
  // Longest first so a key that contains another is masked whole.
  const known = [...new Set(keys.filter((k): k is string => typeof k === 'string' && k.trim().length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text;
    for (const k of known) out = out.split(k).join(MASK);
    for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
    return out;
  };
}

/** A provider's text as it may appear in a message: redacted, one line, bounded. */
export function quoteText(text: string, redact: Redactor, max = 240): string {
  const one = redact(text).replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
