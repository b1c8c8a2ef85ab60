// One HTTP GET for a provider client: injected fetch, a timeout on the injected clock, typed errors.
import type { ProviderId } from '../../../shared/quote';
import type { Clock } from '../clock';
import type { Redactor } from './redact';
import { ProviderError } from './types';

export type HttpResponse = { status: number; headers: Headers; text: string };

export type HttpDeps = {
  fetch: typeof fetch;
  clock: Clock;
  provider: ProviderId;
  redact: Redactor;
  /** Whole-request budget (connect, headers and body), on the injected clock. */
  timeoutMs: number;
};

/** True when the caller (not our timeout) cancelled: the error is then the caller's to handle. */
export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

/**
 * GETs `url` and reads the whole body within the timeout. A timeout becomes a `timeout`
 * ProviderError, a failed connection a `network` one; the caller's own abort is rethrown as is.
 */
export async function httpGet(
  deps: HttpDeps,
  url: string,
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<HttpResponse> {
  const { clock, provider, redact } = deps;
  const caller = options.signal;
  caller?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, deps.timeoutMs);
  const onCallerAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    const res = await deps.fetch(url, {
      method: 'GET',
      headers: { accept: 'application/json, text/csv;q=0.9, */*;q=0.1', ...options.headers },
      signal: controller.signal,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (timedOut) {
      throw new ProviderError(provider, 'timeout', `${provider} did not answer within ${deps.timeoutMs} ms`, {
        cause: err,
      });
    }
    if (caller?.aborted) throw caller.reason instanceof Error ? caller.reason : err;
    const detail = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new ProviderError(provider, 'network', `could not reach ${provider}: ${redact(detail)}`, { cause: err });
  } finally {
    clock.clearTimeout(timer);
    caller?.removeEventListener('abort', onCallerAbort);
  }
}
