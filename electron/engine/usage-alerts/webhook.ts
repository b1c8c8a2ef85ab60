// Posts alert messages to a Slack-compatible webhook ({"text": ...}): queued, timed out, retried, never thrown.
import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import { sleep, type Clock } from '../clock';
import type { Logger } from '../logger';

export type WebhookOutcome = { delivered: boolean; status: number | null; detail: string };

export type WebhookSenderOptions = {
  clock: Clock;
  fetch: typeof fetch;
  logger: Logger;
  /** The URL in force now (environment or setting), or null: read at each delivery. */
  url: () => string | null;
  /** The whole request (connect, headers, body) on the injected clock. */
  timeoutMs?: number;
  /** Tries per message (the first plus retries). */
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Messages waiting beyond this are dropped, oldest first (a webhook down for hours). */
  maxQueue?: number;
};

export type WebhookSender = {
  /** Queues a message; returns at once. */
  send(text: string): void;
  /** One try now, for the settings' "send a test" (no retries: the user is waiting). */
  tryOnce(text: string): Promise<WebhookOutcome>;
  lastDelivery(): { at: number; ok: boolean; detail: string } | null;
  /** Resolves once the queue is empty (tests, shutdown). */
  idle(): Promise<void>;
  stop(): void;
};

/** http(s) with a host, else null; anything else is refused before a request is made. */
export function webhookTarget(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    const u = new URL(url.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' ? u : null;
  } catch {
    return null;
  }
}

/** What logs and the UI may show of a webhook: a Slack URL's path is its secret. */
export function webhookOrigin(url: string | null | undefined): string | null {
  return webhookTarget(url)?.origin ?? null;
}

/** 5xx, 429, timeouts and network failures may pass on a later try; other answers will not. */
function retryable(status: number | null): boolean {
  return status === null || status === 429 || status >= 500;
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { clock, logger } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxAttempts = options.maxAttempts ?? 4;
  const maxQueue = options.maxQueue ?? 50;
  const backoffs = new ExponentialBackoff({
    initialDelay: options.initialDelayMs ?? 1000,
    maxDelay: options.maxDelayMs ?? 30_000,
  });
  const queue: string[] = [];
  let running = false;
  let stopped = false;
  const stop = new AbortController();
  let last: { at: number; ok: boolean; detail: string } | null = null;
  let waiters: (() => void)[] = [];

  const post = async (target: URL, text: string): Promise<WebhookOutcome> => {
    const ac = new AbortController();
    const timer = clock.setTimeout(() => ac.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const res = await options.fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        // A redirect could carry the message somewhere the user did not name.
        redirect: 'error',
        signal: AbortSignal.any([ac.signal, stop.signal]),
      });
      // Read the answer within the same timeout, so a stalled body cannot hold the queue.
      const body = (await res.text()).slice(0, 200);
      if (res.ok) return { delivered: true, status: res.status, detail: `answered ${res.status}` };
      return { delivered: false, status: res.status, detail: `answered ${res.status}${body ? `: ${body}` : ''}` };
    } catch (err) {
      const reason = ac.signal.aborted
        ? `no answer within ${timeoutMs} ms`
        : err instanceof Error
          ? (err.cause instanceof Error ? err.cause.message : err.message).replaceAll(target.pathname, '/…')
          : String(err);
      return { delivered: false, status: null, detail: reason };
    } finally {
      clock.clearTimeout(timer);
    }
  };

  const deliver = async (text: string) => {
    let backoff: IBackoff<unknown> | undefined;
    for (let attempt = 1; ; attempt++) {
      const target = webhookTarget(options.url());
      if (!target || stopped) return;
      const r = await post(target, text);
      last = { at: clock.now(), ok: r.delivered, detail: r.detail };
      if (r.delivered) return;
      const again = retryable(r.status) && attempt < maxAttempts && !stopped;
      logger.warn(
        { webhook: target.origin, attempt, status: r.status, detail: r.detail, retry: again },
        'alert webhook delivery failed',
      );
      if (!again) return;
      backoff = backoff ? backoff.next(undefined) : backoffs.next();
      await sleep(clock, Math.round(backoff.duration), stop.signal);
    }
  };

  const run = async () => {
    running = true;
    try {
      while (queue.length > 0 && !stopped) {
        const text = queue[0]!;
        try {
          await deliver(text);
        } catch (err) {
          // Only a stop aborts a wait; whatever it is, the engine never sees it.
          if (!stopped) logger.warn({ err: String(err) }, 'alert webhook delivery failed');
        }
        queue.shift();
      }
    } finally {
      running = false;
      if (stopped) queue.length = 0;
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  };

  return {
    send(text) {
      if (stopped || !webhookTarget(options.url())) return;
      queue.push(text);
      if (queue.length > maxQueue) {
        const dropped = queue.splice(running ? 1 : 0, queue.length - maxQueue).length;
        logger.warn({ dropped }, 'alert webhook queue full: oldest messages dropped');
      }
      if (!running) void run();
    },
    async tryOnce(text) {
      const target = webhookTarget(options.url());
      if (!target) return { delivered: false, status: null, detail: 'no webhook is configured' };
      const r = await post(target, text);
      last = { at: clock.now(), ok: r.delivered, detail: r.detail };
      if (!r.delivered)
        logger.warn({ webhook: target.origin, status: r.status, detail: r.detail }, 'webhook test failed');
      return r;
    },
    lastDelivery: () => last,
    idle: () => (running ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
    stop() {
      stopped = true;
      stop.abort(new Error('stopped'));
    },
  };
}
