import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

test('first run: a live watchlist on simulated data; add AAPL by keyboard and see it tick', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);
  // The token moved into a cookie and out of the address bar.
  await expect(page).toHaveURL(`${served.url}/`);
  await expect(page.getByText('Simulated data')).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/Live/);
  await expect(page.locator('tr[data-symbol="SPY"] td[data-field="price"]')).toHaveText(/\d/);

  await page.keyboard.press('/');
  await expect(page.getByRole('combobox', { name: 'Search symbols to add' })).toBeFocused();
  await page.keyboard.type('AAPL');
  await expect(page.getByRole('option').first()).toContainText('Apple Inc.');
  await page.keyboard.press('Enter');

  const price = page.locator('tr[data-symbol="AAPL"] td[data-field="price"]');
  await expect(price).toHaveText(/^\d{1,3}(,\d{3})*\.\d{2}$/);
  const first = await price.textContent();
  await expect.poll(async () => price.textContent(), { timeout: 15_000 }).not.toBe(first);
  await page.screenshot({ path: 'e2e/artifacts/watchlist-live.png', fullPage: true });

  // The change is stored: a reload shows AAPL still on the list.
  await page.reload();
  await expect(page.locator('tr[data-symbol="AAPL"]')).toBeVisible();

  // Remove it again.
  await page.getByRole('button', { name: 'Remove AAPL' }).click();
  await expect(page.locator('tr[data-symbol="AAPL"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('without a token the UI explains how to sign in, and the API refuses', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(served.url);
  await expect(page.getByText('This browser has no access token yet.')).toBeVisible();
  const res = await page.request.get(`${served.url}/api/v1/watchlists`);
  expect(res.status()).toBe(401);
  await context.close();
});
