// Starts the built headless server (`npm run serve` without the build step) for one test file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Served = {
  url: string;
  token: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  output(): string;
};

const ROOT = path.resolve(import.meta.dirname, '..');

export async function startServe(env: Record<string, string> = {}): Promise<Served> {
  const entry = path.join(ROOT, 'out', 'main', 'headless.js');
  if (!fs.existsSync(entry)) throw new Error('out/main/headless.js is missing: run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotedesk-e2e-'));
  const token = 'e2e-token-0123456789abcdef';
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, QUOTEDESK_DATA_DIR: dataDir, QUOTEDESK_PORT: '0', QUOTEDESK_API_TOKEN: token, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const started = Date.now();
  while (!/serving .* on (http:\/\/127\.0\.0\.1:\d+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`serve exited early:\n${out}`);
    if (Date.now() - started > 20_000) throw new Error(`serve did not start in 20 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /serving .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
  return {
    url,
    token,
    port: Number(new URL(url).port),
    dataDir,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
