import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

test('open a detail pane from a watchlist row and see the price header, numbers and the chart', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.url}/?token=${served.token}`);
  await page.locator('tr[data-symbol="NVDA"]').click();

  const pane = page.getByRole('complementary', { name: 'NVDA' });
  await expect(pane).toBeVisible();
  await expect(pane.getByText('NVIDIA Corporation')).toBeVisible();
  await expect(pane.locator('.big-price')).toHaveText(/^\d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(pane.getByTestId('asof-line')).toHaveText(/^as of \d\d:\d\d:\d\d · Simulated · /);
  for (const label of ['Open', 'Prev. close', 'Volume', 'Avg. volume', 'Vol. vs avg.', 'Market cap', 'Day range']) {
    await expect(pane.locator('dt').getByText(label, { exact: true })).toBeVisible();
  }
  await expect(pane.getByRole('img', { name: /^Day range [\d,.]+ to [\d,.]+, last [\d,.]+$/ })).toBeVisible();

  // The chart draws the stored history and the live ticks (a fresh server has only a few points).
  const chart = pane.locator('figure.chart');
  await expect(chart).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(3);
  await expect(chart.locator('.recharts-area-curve')).toHaveAttribute('d', /^M[\d.,\sL]+$/);
  await page.screenshot({ path: 'e2e/artifacts/detail-pane.png' });

  // Escape closes it and focus stays usable.
  await page.keyboard.press('Escape');
  await expect(pane).toHaveCount(0);
  await expect(page.locator('body')).not.toBeFocused();
  expect(errors).toEqual([]);
});

test('the detail pane opens from the keyboard in the universe table, in the light theme', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${served.url}/?token=${served.token}#/universe`);
  const filter = page.getByRole('searchbox', { name: 'Filter the universe by symbol or name' });
  await filter.fill('MSFT');
  await expect(page.locator('.ubody [role="row"]').first()).toHaveAttribute('data-symbol', 'MSFT');
  await filter.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.ubody')).toBeFocused();
  await page.keyboard.press('Enter');
  const pane = page.getByRole('complementary', { name: 'MSFT' });
  await expect(pane.locator('.big-price')).toHaveText(/\d/);
  await expect(pane.locator('figure.chart')).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(6000);
  await page.screenshot({ path: 'e2e/artifacts/detail-pane-light.png' });
  // Escape closes the pane and gives the focus back to the table, where arrows keep working.
  await page.keyboard.press('Escape');
  await expect(pane).toHaveCount(0);
  await expect(page.locator('.ubody')).toBeFocused();
  await context.close();
});
