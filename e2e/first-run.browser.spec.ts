import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

test('first run on simulated data: a labelled, live app with a seeded watchlist, in both themes', async ({
  browser,
}) => {
  for (const colorScheme of ['dark', 'light'] as const) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${served.url}/?token=${served.token}`);

    await expect(page.getByText('Simulated data', { exact: true })).toBeVisible();
    const banner = page.getByRole('region', { name: 'About simulated data' });
    await expect(banner).toContainText('You are looking at simulated prices');
    await expect(banner).toContainText('QUOTEDESK_FINNHUB_KEY');
    await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Watchlists' }),
    ).toHaveAttribute('aria-current', 'page');
    for (const s of ['SPY', 'QQQ', 'NVDA', 'MSFT', 'AMZN']) {
      await expect(page.locator(`tr[data-symbol="${s}"] td[data-field="price"]`)).toHaveText(
        /^\d{1,3}(,\d{3})*\.\d{2}$/,
      );
    }
    // Prices carry a sign and a colour that matches it.
    const pct = page.locator('tr[data-symbol="SPY"] td[data-field="changePercent"] .chg');
    await expect(pct).toHaveText(/^([+−]\d+\.\d\d|0\.00)%$/);
    const text = (await pct.textContent()) ?? '';
    await expect(pct).toHaveClass(text.startsWith('+') ? /up/ : text.startsWith('−') ? /down/ : /flat/);
    await page.screenshot({ path: `e2e/artifacts/first-run-${colorScheme}.png` });

    // "Got it" hides the banner for good (this browser).
    await banner.getByRole('button', { name: 'Got it' }).click();
    await expect(banner).toHaveCount(0);
    await page.reload();
    await expect(page.locator('tr[data-symbol="SPY"]')).toBeVisible();
    await expect(page.getByRole('region', { name: 'About simulated data' })).toHaveCount(0);
    expect(errors).toEqual([]);
    await context.close();
  }
});

test('keyboard: screens are reachable by shortcut and the address keeps the screen', async ({ page }) => {
  await page.goto(`${served.url}/?token=${served.token}`);
  await expect(page.locator('tr[data-symbol="SPY"]')).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('u');
  await expect(page.getByRole('heading', { name: 'Universe' })).toBeVisible();
  await expect(page).toHaveURL(/#\/universe$/);
  await page.keyboard.press('g');
  await page.keyboard.press('d');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  // Tab order starts at the skip link, then the navigation.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Watchlists' })).toBeFocused();
});

test('connection lost: the page says so, keeps the last prices and marks the feed as not live', async ({ page }) => {
  await page.goto(`${served.url}/?token=${served.token}`);
  await expect(page.locator('tr[data-symbol="SPY"] td[data-field="price"]')).toHaveText(/\d/);
  await served.stop();
  await expect(page.getByRole('alert').filter({ hasText: 'Connection to Quotedesk lost' })).toBeVisible({
    timeout: 15_000,
  });
  await expect(page.getByRole('status').filter({ hasText: 'Reconnecting' })).toBeVisible();
  await expect(page.locator('tr[data-symbol="SPY"] td[data-field="price"]')).toHaveText(/\d/);
  await page.screenshot({ path: 'e2e/artifacts/connection-lost.png' });
});
