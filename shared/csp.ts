// The UI's Content-Security-Policy, written once: the app:// protocol and the local HTTP server
// send it as a header, and the build writes it into renderer/index.html's <meta>.
//
// Both transports serve the renderer from its own origin (app://quotedesk, or http://127.0.0.1:PORT
// whose API and SSE stream are the same origin), so 'self' is the whole policy for both; the
// Electron window talks to the engine over IPC and needs no connect-src beyond it.

/** Directives in the order they are sent. */
export const CSP_DIRECTIVES: readonly (readonly [name: string, value: string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  // React sets style attributes (virtualized rows, bars): inline styles, never inline script.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['font-src', "'self' data:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'self'"],
  ['frame-ancestors', "'none'"],
];

/** Directives a <meta> CSP cannot carry; browsers ignore them there. */
export const HEADER_ONLY_DIRECTIVES: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox'];

const join = (directives: readonly (readonly [string, string])[]) =>
  directives.map(([name, value]) => `${name} ${value}`).join('; ');

/** The policy sent as a header with every page and file of the UI. */
export const CONTENT_SECURITY_POLICY = join(CSP_DIRECTIVES);

/** The same policy for the page's <meta http-equiv>, without what only a header can say. */
export const META_CONTENT_SECURITY_POLICY = join(CSP_DIRECTIVES.filter(([n]) => !HEADER_ONLY_DIRECTIVES.includes(n)));
