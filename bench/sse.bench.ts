// The SSE stream with 50 clients: push latency (engine event → client parsed it) and quote updates
// delivered, against a bare node:http SSE server writing the same frames the moment a batch exists.
import http from 'node:http';
import type { Quote } from '../shared/quote';
import { startEngineApi } from '../electron/engine/api/index';
import { createTestEngine } from '../test-support/engine';
import type { BenchResult } from './harness';

const CLIENTS = 50;
const BATCH = 100;
const EVERY_MS = 50;
const SECONDS = Number(process.env.QUOTEDESK_BENCH_SSE_SECONDS ?? 5);
const TOKEN = 'test-admin-token-0123456789';
/** Prices carry the batch number, so a client knows which push a frame belongs to. */
const BASE_PRICE = 1000;

type Client = { arrivals: Map<number, number>; updates: number; close: () => void };

function connect(port: number, path: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const arrivals = new Map<number, number>();
    const client: Client = { arrivals, updates: 0, close: () => undefined };
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}` } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!frame.includes('event: quote')) continue;
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (!data) continue;
            const quotes = JSON.parse(data.slice(6)) as Quote[];
            client.updates += quotes.length;
            for (const q of quotes) {
              const seq = Math.round(q.price - BASE_PRICE);
              if (seq >= 0 && !arrivals.has(seq)) arrivals.set(seq, at);
            }
          }
        });
        client.close = () => req.destroy();
        resolve(client);
      },
    );
    // Before the answer this is a failed connection; after it, the bench closing its own clients.
    req.on('error', reject);
  });
}

async function bareServer(): Promise<{ port: number; push: (body: string) => void; close: () => Promise<void> }> {
  const open = new Set<http.ServerResponse>();
  let id = 0;
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write(': hello\n\n');
    open.add(res);
    req.on('close', () => open.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    push(body) {
      id++;
      const frame = `id: ${id}\nevent: quote\ndata: ${body}\n\n`;
      for (const r of open) r.write(frame);
    },
    close: () =>
      new Promise((resolve) => {
        for (const r of open) r.destroy();
        server.close(() => resolve());
      }),
  };
}

type Run = { p50: number; p99: number; updatesPerSecond: number; delivered: number };

function percentile(values: number[], q: number): number {
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
}

/** Pushes numbered batches for SECONDS and measures what the clients got. */
async function drive(clients: Client[], push: (batch: Quote[]) => void, template: Quote[]): Promise<Run> {
  const pushedAt = new Map<number, number>();
  const count = Math.floor((SECONDS * 1000) / EVERY_MS);
  for (let seq = 0; seq < count; seq++) {
    const started = performance.now();
    const batch = template.map((q) => ({ ...q, price: BASE_PRICE + seq, asOf: new Date(Date.now()).toISOString() }));
    pushedAt.set(seq, performance.now());
    push(batch);
    await new Promise((r) => setTimeout(r, Math.max(0, EVERY_MS - (performance.now() - started))));
  }
  await new Promise((r) => setTimeout(r, 500));
  const latencies: number[] = [];
  let delivered = 0;
  for (const c of clients) {
    for (const [seq, at] of c.arrivals) {
      const from = pushedAt.get(seq);
      if (from === undefined) continue;
      latencies.push(at - from);
      delivered++;
    }
  }
  const updates = clients.reduce((n, c) => n + c.updates, 0);
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    updatesPerSecond: updates / SECONDS,
    delivered: delivered / clients.length,
  };
}

export async function bench(): Promise<BenchResult[]> {
  const engine = createTestEngine({ env: { QUOTEDESK_API_RATE_LIMIT: 'off' } });
  await engine.start();
  // The simulated feed's own batches would mix with the numbered ones: only the bench pushes.
  await engine.refresh.scheduler.stop();
  const server = await startEngineApi(engine, { port: 0 });
  const template = engine.snapshot(undefined).slice(0, BATCH);
  const bare = await bareServer();
  try {
    const apiClients = await Promise.all(
      Array.from({ length: CLIENTS }, () => connect(server.port, '/api/v1/market-data/stream?events=quote')),
    );
    await new Promise((r) => setTimeout(r, 500));
    const api = await drive(apiClients, (b) => engine.events.emit('quote', b), template);
    for (const c of apiClients) c.close();

    const bareClients = await Promise.all(Array.from({ length: CLIENTS }, () => connect(bare.port, '/')));
    await new Promise((r) => setTimeout(r, 500));
    const raw = await drive(bareClients, (b) => bare.push(JSON.stringify(b)), template);
    for (const c of bareClients) c.close();

    const name = `SSE, ${CLIENTS} clients, a ${BATCH}-quote batch every ${EVERY_MS} ms for ${SECONDS} s`;
    const base = 'bare node:http SSE, same frames written at once';
    return [
      {
        name,
        metric: 'push latency p50',
        unit: 'ms',
        value: api.p50,
        baseline: { name: base, value: raw.p50 },
        higherIsBetter: false,
      },
      {
        name,
        metric: 'push latency p99',
        unit: 'ms',
        value: api.p99,
        baseline: { name: base, value: raw.p99 },
        higherIsBetter: false,
      },
      {
        name,
        metric: 'batches seen per client',
        unit: 'batches',
        value: api.delivered,
        baseline: { name: base, value: raw.delivered },
        higherIsBetter: true,
      },
      {
        name,
        metric: 'quote updates delivered',
        unit: 'quotes/s',
        value: api.updatesPerSecond,
        baseline: { name: base, value: raw.updatesPerSecond },
        higherIsBetter: true,
      },
    ];
  } finally {
    await bare.close();
    await server.close();
    await engine.stop();
  }
}
