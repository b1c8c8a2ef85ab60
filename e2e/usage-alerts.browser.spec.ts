import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { createSystemClock } from '../electron/engine/clock';
import { startFakeFinnhub, type FakeFinnhub } from '../test-support/fake-finnhub/index';
import { startServe, type Served } from './serve';

const KEY = 'e2e-usage-alerts-key';

let served: Served;
let finnhub: FakeFinnhub;
let sink: http.Server;
const posted: { text?: string }[] = [];

test.beforeAll(async () => {
  // A Slack-compatible webhook on loopback that keeps what it is sent.
  sink = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      posted.push(JSON.parse(body) as { text?: string });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/services/T0/B0/secret`;
  finnhub = await startFakeFinnhub({ clock: createSystemClock(), keys: [KEY] });
  // A plan of 10 calls a minute: the first watchlist and the index proxies fill 80% of it at once.
  served = await startServe({
    QUOTEDESK_FINNHUB_KEY: KEY,
    QUOTEDESK_FINNHUB_URL: finnhub.url,
    QUOTEDESK_FINNHUB_WS_URL: finnhub.wsUrl,
    QUOTEDESK_FINNHUB_WS_SYMBOLS: '0',
    QUOTEDESK_FINNHUB_LIMITS: '30/s,10/min',
    QUOTEDESK_ALERT_WEBHOOK: sinkUrl,
  });
});

// Playwright reads the fixtures from an object pattern; this hook needs none.
// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, info) => {
  if (info.status !== info.expectedStatus) console.log(served.output().slice(-4000));
});

test.afterAll(async () => {
  await served.stop();
  await finnhub.stop();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
});

async function goUsage(page: Page) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('m');
  await expect(page.getByRole('heading', { name: /Usage/, level: 1 })).toBeVisible();
}

test('usage alerts fire, toast, reach the webhook, and the daily report shows the day', async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);
  await expect(page.locator('tr[data-symbol="NVDA"] td[data-field="price"]')).toHaveText(/\d\.\d{2}$/, {
    timeout: 30_000,
  });

  await goUsage(page);
  const panel = page.getByRole('region', { name: 'Usage alerts' });
  // 80% of the per-minute window: listed (info: the planner spends minute windows by design).
  const windowAlert = panel.locator('[data-key="window:finnhub:min:60000"]');
  await expect(windowAlert).toContainText(/Finnhub: \d+% of the per-minute limit used \(\d+ of 10\)/, {
    timeout: 30_000,
  });
  await expect(windowAlert.locator('.status-pill')).toHaveText('Info');
  await expect(panel).toContainText('127.0.0.1');

  // The next Finnhub call (the scheduler keeps calling, 10 a minute) is refused with a 429: a
  // warning, a toast, the webhook, then the all-clear.
  finnhub.setScenario({ kind: 'rate-limit' }, { times: 1 });
  const toast = page.locator('.toast', { hasText: 'Finnhub: rate limit answer (429)' });
  await expect(toast).toBeVisible({ timeout: 90_000 });
  const down = panel.getByRole('list', { name: 'Active usage alerts' }).locator('[data-key="down:finnhub"]');
  await expect(down).toContainText('Finnhub answered that its rate limit is reached (429): paused until');
  await expect(down.locator('.status-pill')).toHaveText('Warning');
  await expect
    .poll(() => posted.map((p) => p.text ?? ''), { timeout: 15_000 })
    .toContainEqual(expect.stringMatching(/^\[Quotedesk\] Warning: Finnhub answered that its rate limit is reached/));
  await page.screenshot({ path: 'e2e/artifacts/usage-alerts.png' });

  // Daily reports: today so far, with the calls and the 429 counted from the usage table.
  const reports = page.getByRole('table', { name: 'Daily usage reports' });
  const today = reports.locator('tbody tr').first();
  await expect(today).toContainText('(today so far)');
  await expect(today.locator('td').nth(2)).toHaveText(/^[1-9]/, { timeout: 40_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv.split(/\r?\n/)[0]).toBe(
    'date,complete,provider,calls,errors,rateLimited,errorsByKind,endpoints,peakUse,symbolsRefreshed,usageAlertsFired,priceAlertsFired',
  );
  expect(csv).toMatch(/,false,finnhub,\d+,\d+,[1-9]\d*,rate_limited:\d+/);

  // Its all-clear comes once the pause (a whole minute window) is over: the engine's unit tests
  // cover it on the simulated clock rather than a minute of waiting here.
  await reports.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/artifacts/usage-daily-reports.png' });

  // The same over REST, CSV included.
  const rest = await fetch(`${served.url}/api/v1/admin/usage-reports?days=7&format=csv`, {
    headers: { authorization: `Bearer ${served.token}` },
  });
  expect(rest.status).toBe(200);
  expect(await rest.text()).toContain(',all,');
  expect(errors).toEqual([]);
  await context.close();
});
