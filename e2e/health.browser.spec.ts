import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve';

const KEY = 'e2e-health-finnhub-key-0123456789';

let served: Served;

/** A port nothing listens on: every Finnhub call fails with a network error. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test.beforeAll(async () => {
  served = await startServe({
    QUOTEDESK_PROVIDERS: 'finnhub',
    QUOTEDESK_FINNHUB_KEY: KEY,
    QUOTEDESK_FINNHUB_URL: `http://127.0.0.1:${await closedPort()}`,
    QUOTEDESK_FINNHUB_WS_SYMBOLS: '0',
  });
});

// Playwright reads the fixtures from an object pattern; this hook needs none.
// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, info) => {
  if (info.status !== info.expectedStatus) console.log(served.output().slice(-4000));
});

test.afterAll(async () => {
  await served.stop();
});

test('the health screen shows live figures, a failing provider and its errors in the log viewer', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, colorScheme: 'dark' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);
  await expect(page.getByRole('navigation').getByText('Health')).toBeVisible();

  // From the sidebar, then the address keeps it.
  await page.getByRole('navigation').getByText('Health').click();
  await expect(page.getByRole('heading', { name: 'Health', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/#\/health$/);

  // Current figures are the process's own: a heap in MB, an event loop in ms, an uptime. (The first
  // answer may wait: with Finnhub unreachable, the watchlist's on-demand quote requests hold the
  // browser's six connections to the server for up to 10 s each.)
  await expect(page.getByLabel(/^Heap used: \d+(\.\d)? MB$/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel(/^Event loop p99: [\d.]+ (ms|s)$/)).toBeVisible();
  await expect(page.getByLabel(/^Uptime: \d+ (s|min)/)).toBeVisible();

  // Finnhub answers nothing (closed port): its calls fail as network errors, shown on its card.
  const card = page.getByRole('article', { name: 'Finnhub health' });
  await expect(card).toContainText(/[1-9]\d* failed/, { timeout: 30_000 });
  await expect(card).toContainText(/network \d+/);
  await expect(card).toContainText('60/min');

  // The failures are in the log viewer with their level, part and message; the key never is.
  const log = page.getByRole('table', { name: 'Log entries' });
  await expect(log.getByRole('row').filter({ hasText: 'provider call failed' }).first()).toBeVisible();
  await expect(log.getByRole('row').filter({ hasText: 'provider call failed' }).first()).toContainText('providers');
  await expect(log.getByRole('row').filter({ hasText: 'provider call failed' }).first()).toContainText('warn');
  await expect(log).toContainText('kind":"network"');
  await expect(page.locator('body')).not.toContainText(KEY);

  // The filter narrows the list: no entry is an error yet, and a text filter finds the failures.
  await page.getByLabel('Level shown').selectOption('error');
  await expect(page.getByText('No entry matches this filter.')).toBeVisible();
  await page.getByLabel('Level shown').selectOption('all');
  await page.getByLabel('Filter log messages').fill('call failed');
  await expect(log.getByRole('row').filter({ hasText: 'provider call failed' }).first()).toBeVisible();
  await expect(log.getByRole('row').filter({ hasNotText: 'call failed' })).toHaveCount(1); // the header row
  await page.getByLabel('Filter log messages').fill('');

  // The first 10-second sample draws the charts.
  await expect(page.getByRole('figure', { name: 'Provider calls per minute' })).toBeVisible({ timeout: 20_000 });
  await expect(
    page.getByRole('figure', { name: 'Memory' }).locator('path.recharts-curve, circle.recharts-dot').first(),
  ).toBeVisible();
  await expect(page.getByText(/A sample every 10 s · \d+ samples? \(/)).toBeVisible();

  // The same figures at /metrics.
  const metrics = await page.request.get(`${served.url}/metrics`, {
    headers: { authorization: `Bearer ${served.token}` },
  });
  const text = await metrics.text();
  expect(text).toMatch(/quotedesk_provider_errors_total\{provider="finnhub",kind="network"\} [1-9]/);
  expect(text).toMatch(/quotedesk_memory_bytes\{kind="rss"\} \d+/);

  // The log file holds the same failure, as JSON, without the key.
  const file = fs.readFileSync(path.join(served.dataDir, 'logs', 'quotedesk.log'), 'utf8');
  expect(file).toContain('"msg":"provider call failed"');
  expect(file).not.toContain(KEY);
  expect(file).not.toContain(served.token);

  // The whole screen, dark theme (the main area scrolls inside the window: make the window tall).
  await page.setViewportSize({ width: 1440, height: 1900 });
  await page.screenshot({ path: path.join('test-results', 'health-dark.png') });
  expect(errors).toEqual([]);
  await context.close();
});
