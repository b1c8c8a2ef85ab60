import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseCsvRecords } from '../shared/csv';
import { QUOTE_FIELDS } from '../shared/quote';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

const pctOf = (t: string) => Number(t.replace('−', '-').replace(/[+%]/g, ''));

test('dashboard: index proxies and movers that refresh on their own', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.url}/?token=${served.token}#/dashboard`);
  for (const s of ['SPY', 'QQQ', 'DIA', 'IWM']) {
    await expect(page.locator(`.index-card[data-symbol="${s}"] .index-price`)).toHaveText(/^\d{1,3}(,\d{3})*\.\d{2}$/);
  }
  const gainers = page.locator('[data-list="gainers"] tbody tr');
  const losers = page.locator('[data-list="losers"] tbody tr');
  await expect(gainers).toHaveCount(10);
  await expect(losers).toHaveCount(10);
  const up = (await gainers.locator('[data-field="changePercent"]').allTextContents()).map(pctOf);
  const down = (await losers.locator('[data-field="changePercent"]').allTextContents()).map(pctOf);
  // The lists came sorted from the engine; live cells may have moved a little since.
  expect(Math.max(...down)).toBeLessThan(Math.min(...up));
  await expect(page.locator('[data-list="volume-leaders"] tbody tr')).toHaveCount(10);

  // Auto-refresh: the "updated" time moves without any click.
  const updated = page.getByText(/^Lists updated \d\d:\d\d:\d\d · every 5 s$/);
  const first = await updated.textContent();
  await expect.poll(async () => updated.textContent(), { timeout: 15_000 }).not.toBe(first);
  await page.screenshot({ path: 'e2e/artifacts/dashboard.png' });

  // Clicking a mover opens its detail pane.
  const symbol = await gainers.first().getAttribute('data-symbol');
  await gainers.first().locator('.link-button').click();
  await expect(page.getByRole('complementary', { name: symbol ?? '' })).toBeVisible();
});

test('export a list to CSV: the file has the quote columns and the rows shown', async ({ page }) => {
  await page.goto(`${served.url}/?token=${served.token}#/dashboard`);
  const gainers = page.locator('[data-list="gainers"] tbody tr');
  await expect(gainers).toHaveCount(10);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Top gainers to CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^quotedesk-gainers-\d{8}-\d{4}\.csv$/);
  const file = await download.path();
  const text = fs.readFileSync(file, 'utf8');
  fs.copyFileSync(file, 'e2e/artifacts/export-gainers.csv');
  expect(text.split('\r\n')[0]).toBe(QUOTE_FIELDS.join(','));
  const records = parseCsvRecords(text);
  expect(records).toHaveLength(10);
  for (const r of records) {
    expect(r.symbol).toMatch(/^[A-Z]/);
    // Plain numbers, no thousands separators; times in ISO-8601 UTC.
    expect(r.price).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(r.changePercent)).toBeGreaterThan(0);
    expect(r.asOf).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  const pcts = records.map((r) => Number(r.changePercent));
  expect(pcts).toEqual([...pcts].sort((a, b) => b - a));

  // The watchlist exports the same way.
  await page.goto(`${served.url}/#/watchlists`);
  await expect(page.locator('tr[data-symbol="SPY"] td[data-field="price"]')).toHaveText(/\d/);
  const dl2 = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const wl = parseCsvRecords(fs.readFileSync(await (await dl2).path(), 'utf8'));
  expect(wl.map((r) => r.symbol)).toEqual(['SPY', 'QQQ', 'NVDA', 'MSFT', 'AMZN']);
});
