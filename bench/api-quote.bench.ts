// The local API against a bare node:http server that returns the same bytes: one quote, 10 connections.
import http from 'node:http';
import autocannon, { type Result } from 'autocannon';
import { startEngineApi } from '../electron/engine/api/index';
import { createTestEngine } from '../test-support/engine';
import { rawRequest } from '../test-support/http';
import type { BenchResult } from './harness';

const CONNECTIONS = 10;
const DURATION_S = Number(process.env.QUOTEDESK_BENCH_SECONDS ?? 8);
const TOKEN = 'test-admin-token-0123456789';

async function bare(body: string, contentType: string): Promise<{ port: number; close: () => Promise<void> }> {
  const bytes = Buffer.from(body);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function load(port: number, path: string): Promise<Result> {
  const headers = { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}` };
  // A short warm-up (JIT, caches) that is not counted.
  await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: CONNECTIONS, duration: 1, headers });
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers,
  });
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${path}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  return r;
}

export async function bench(): Promise<BenchResult[]> {
  // The simulated feed keeps running (prices change every second), as in real use; no rate limit,
  // which would otherwise answer most of a benchmark with 429.
  const engine = createTestEngine({ env: { QUOTEDESK_API_RATE_LIMIT: 'off' } });
  await engine.start();
  const server = await startEngineApi(engine, { port: 0 });
  const results: BenchResult[] = [];
  try {
    for (const path of ['/api/v1/tickers/AAPL/live', '/api/v1/tickers/AAPL/price']) {
      const sample = await rawRequest(server.port, path, {
        headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${TOKEN}` },
      });
      if (sample.status !== 200) throw new Error(`${path}: ${sample.status} ${sample.body}`);
      const baseline = await bare(sample.body, sample.headers['content-type'] ?? 'application/json');
      try {
        const api = await load(server.port, path);
        const raw = await load(baseline.port, path);
        const name = `GET ${path.replace('/api/v1', '')}, ${CONNECTIONS} connections`;
        const base = `bare node:http, same ${Buffer.byteLength(sample.body)} bytes`;
        results.push(
          {
            name,
            metric: 'requests/s',
            unit: 'req/s',
            value: api.requests.average,
            baseline: { name: base, value: raw.requests.average },
            higherIsBetter: true,
          },
          {
            name,
            metric: 'p99 latency',
            unit: 'ms',
            value: api.latency.p99,
            baseline: { name: base, value: raw.latency.p99 },
            higherIsBetter: false,
          },
        );
      } finally {
        await baseline.close();
      }
    }
  } finally {
    await server.close();
    await engine.stop();
  }
  return results;
}
