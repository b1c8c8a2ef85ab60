// The webhook against a real HTTP server on 127.0.0.1; retries and timeouts on the manual clock.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test-support/wait';
import { createManualClock, type ManualClock } from '../clock';
import { createRecordingLogger, type Logger, type RecordedLog } from '../logger';
import { createWebhookSender, webhookOrigin, webhookTarget, type WebhookSender } from './webhook';

type Hit = { body: string; contentType: string | undefined; path: string | undefined };

async function startServer(answer: (n: number, res: http.ServerResponse) => void) {
  const hits: Hit[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ body, contentType: req.headers['content-type'], path: req.url });
      answer(hits.length, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secret-part`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function recordingLogger() {
  const logger = createRecordingLogger();
  const warnings: RecordedLog[] = logger.records;
  return { logger, warnings, fields: (i: number) => warnings[i]?.obj as Record<string, unknown> | undefined };
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function sender(clock: ManualClock, url: string, logger: Logger, over: { timeoutMs?: number } = {}): WebhookSender {
  const s = createWebhookSender({
    clock,
    fetch,
    logger,
    url: () => url,
    timeoutMs: over.timeoutMs ?? 5000,
    initialDelayMs: 1000,
    maxDelayMs: 8000,
    maxAttempts: 4,
  });
  cleanup.push(() => s.stop());
  return s;
}

/** Moves the manual clock forward while real I/O happens in between, until `done`. */
async function driveUntil(clock: ManualClock, done: () => boolean, stepMs = 500) {
  for (let i = 0; i < 400 && !done(); i++) {
    await new Promise((r) => setTimeout(r, 5));
    await clock.advance(stepMs);
  }
}

describe('alert webhook', () => {
  it('posts Slack-compatible JSON {"text"} and returns at once', async () => {
    const server = await startServer((_, res) => res.writeHead(200).end('ok'));
    cleanup.push(server.close);
    const clock = createManualClock(Date.parse('2026-11-23T15:00:00Z'));
    const { logger, warnings } = recordingLogger();
    const s = sender(clock, server.url, logger);
    s.send('Finnhub is down');
    await waitFor(() => server.hits.length === 1);
    await s.idle();
    expect(JSON.parse(server.hits[0]!.body)).toEqual({ text: 'Finnhub is down' });
    expect(server.hits[0]!.contentType).toBe('application/json');
    expect(s.lastDelivery()).toMatchObject({ ok: true, detail: 'answered 200' });
    expect(warnings).toEqual([]);
  });

  it('retries a 500 with backoff and delivers on the next try', async () => {
    const server = await startServer((n, res) => res.writeHead(n === 1 ? 500 : 200).end(n === 1 ? 'oops' : 'ok'));
    cleanup.push(server.close);
    const clock = createManualClock(Date.parse('2026-11-23T15:00:00Z'));
    const { logger, warnings } = recordingLogger();
    const s = sender(clock, server.url, logger);
    s.send('Alpha Vantage: 80% of the daily limit used');
    await waitFor(() => server.hits.length === 1 && clock.pending() > 0);
    // Nothing is sent again before the backoff has passed on the engine's clock.
    await new Promise((r) => setTimeout(r, 50));
    expect(server.hits).toHaveLength(1);
    await driveUntil(clock, () => server.hits.length === 2);
    await s.idle();
    expect(server.hits.map((h) => JSON.parse(h.body) as unknown)).toEqual([
      { text: 'Alpha Vantage: 80% of the daily limit used' },
      { text: 'Alpha Vantage: 80% of the daily limit used' },
    ]);
    expect(s.lastDelivery()?.ok).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.obj).toMatchObject({ status: 500, attempt: 1, retry: true });
    // The log names the host, never the webhook's secret path.
    expect(JSON.stringify(warnings)).not.toContain('secret-part');
  });

  it('times out a server that never answers, retries, then gives up without throwing', async () => {
    const server = await startServer(() => undefined);
    cleanup.push(server.close);
    const clock = createManualClock(Date.parse('2026-11-23T15:00:00Z'));
    const { logger, warnings } = recordingLogger();
    const s = sender(clock, server.url, logger, { timeoutMs: 2000 });
    s.send('stale tier 1');
    let idle = false;
    void s.idle().then(() => (idle = true));
    await driveUntil(clock, () => idle);
    expect(idle).toBe(true);
    expect(server.hits).toHaveLength(4);
    expect(warnings.map((w) => (w.obj as { detail?: string }).detail)).toEqual(
      Array(4).fill('no answer within 2000 ms'),
    );
    expect(warnings.at(-1)?.obj).toMatchObject({ retry: false });
    expect(s.lastDelivery()).toMatchObject({ ok: false, detail: 'no answer within 2000 ms' });
  });

  it('does not retry an answer that will not change (404), nor send to a URL that is not http(s)', async () => {
    const server = await startServer((_, res) => res.writeHead(404).end('no_service'));
    cleanup.push(server.close);
    const clock = createManualClock(Date.parse('2026-11-23T15:00:00Z'));
    const { logger } = recordingLogger();
    const s = sender(clock, server.url, logger);
    s.send('x');
    await waitFor(() => server.hits.length === 1);
    await s.idle();
    expect(s.lastDelivery()).toMatchObject({ ok: false, detail: 'answered 404: no_service' });
    expect(clock.pending()).toBe(0);

    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.com/x', 'not a url', '']) {
      expect(webhookTarget(bad)).toBeNull();
    }
    const refused = sender(clock, 'file:///etc/passwd', logger);
    refused.send('x');
    await refused.idle();
    expect(await refused.tryOnce('x')).toEqual({ delivered: false, status: null, detail: 'no webhook is configured' });
    expect(webhookOrigin(server.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a connection refused as a failed try (the test button), never an exception', async () => {
    const server = await startServer((_, res) => res.writeHead(200).end());
    const url = server.url;
    await server.close();
    const clock = createManualClock(Date.parse('2026-11-23T15:00:00Z'));
    const { logger } = recordingLogger();
    const r = await sender(clock, url, logger).tryOnce('test');
    expect(r.delivered).toBe(false);
    expect(r.status).toBeNull();
    expect(r.detail).toMatch(/ECONNREFUSED|fetch failed/);
  });
});
