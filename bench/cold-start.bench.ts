// Cold start of the built headless server (`node out/main/headless.js`) to its first AAPL quote over
// REST, on a new data directory and on an existing one, against a bare `node -e` HTTP server started
// and asked the same way. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, tempDir } from '../test-support/engine';
import { rawRequest } from '../test-support/http';
import type { BenchResult } from './harness';

const HEADLESS = path.join(REPO_ROOT, 'out', 'main', 'headless.js');
const TOKEN = 'bench-token-0123456789abcdef';
const RUNS = Number(process.env.QUOTEDESK_BENCH_COLD_RUNS ?? 3);
const BARE = `require('node:http').createServer((q, s) => s.end('{"symbol":"AAPL"}')).listen(0, '127.0.0.1', function () { console.log('serving on http://127.0.0.1:' + this.address().port); });`;

/** Spawns, waits for the port on stdout, then asks for AAPL until it answers 200; ms from spawn. */
async function firstQuote(args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
    });
    for (;;) {
      const res = await rawRequest(port, '/api/v1/tickers/AAPL/live', {
        headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}` },
      });
      if (res.status === 200 && res.body.includes('"AAPL"')) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error(`no quote after 60 s: ${res.status} ${res.body}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

export async function bench(): Promise<BenchResult[]> {
  if (!fs.existsSync(HEADLESS)) throw new Error(`${HEADLESS} is missing: run \`npm run build\` first`);
  const env = (dir: string) => ({
    QUOTEDESK_DATA_DIR: dir,
    QUOTEDESK_PORT: '0',
    QUOTEDESK_API_TOKEN: TOKEN,
    QUOTEDESK_LOG_LEVEL: 'silent',
    QUOTEDESK_PROVIDERS: 'simulated',
  });
  const fresh: number[] = [];
  const existing: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = tempDir('quotedesk-bench-cold-');
    fresh.push(await firstQuote([HEADLESS], env(dir)));
    existing.push(await firstQuote([HEADLESS], env(dir)));
    bare.push(await firstQuote(['-e', BARE], {}));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const base = { name: 'bare `node -e` http server, first answer', value: median(bare) };
  return [
    {
      name: `serve (built) to the first AAPL quote over REST, new data dir (median of ${RUNS})`,
      metric: 'time',
      unit: 'ms',
      value: median(fresh),
      baseline: base,
      higherIsBetter: false,
    },
    {
      name: `serve (built) to the first AAPL quote over REST, existing data dir (median of ${RUNS})`,
      metric: 'time',
      unit: 'ms',
      value: median(existing),
      baseline: base,
      higherIsBetter: false,
    },
  ];
}
