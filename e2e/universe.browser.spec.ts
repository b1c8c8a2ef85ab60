import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

test('the universe table holds every symbol virtualized, sorts, filters and stays live', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.url}/?token=${served.token}#/universe`);
  const count = page.locator('.panel-head [role="status"]');
  await expect(count).toHaveText(/^5,582 of 5,582 symbols · [\d,]+ quoted$/);
  const rows = page.locator('.ubody [role="row"]');
  await expect(rows.first()).toBeVisible();
  // Virtualized: a screenful of rows in the DOM, not thousands.
  expect(await rows.count()).toBeLessThanOrEqual(100);
  // Default sort: biggest market cap first.
  await expect(rows.first()).toHaveAttribute('data-symbol', /^(NVDA|AAPL|MSFT|GOOGL|GOOG)$/);
  await page.screenshot({ path: 'e2e/artifacts/universe.png' });

  // Scroll to the end: rows are recycled, the last symbol shows.
  await page.locator('.ubody').focus();
  await page.keyboard.press('End');
  await expect(page.locator('.urow.selected')).toBeVisible();
  expect(await rows.count()).toBeLessThanOrEqual(100);

  // Filters: exchange, sector, market-cap band, then search.
  await page.getByRole('combobox', { name: 'Exchange' }).selectOption('NASDAQ');
  await page.getByRole('combobox', { name: 'Sector' }).selectOption('Technology');
  await page.getByRole('combobox', { name: 'Market cap' }).selectOption('mega');
  await expect(count).toHaveText(/^\d{1,2} of 5,582 symbols/);
  const symbols = await Promise.all((await rows.all()).map((r) => r.getAttribute('data-symbol')));
  expect(symbols).toEqual(expect.arrayContaining(['NVDA', 'AAPL', 'MSFT']));
  expect(symbols).not.toContain('JPM');
  await page.screenshot({ path: 'e2e/artifacts/universe-filtered.png' });

  // Sort by change %: ascending after two clicks, values in order.
  await page.getByRole('columnheader', { name: 'Chg %' }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: 'Chg %' })).toHaveAttribute('aria-sort', 'descending');
  const pct = (await rows.locator('> :nth-child(5)').allTextContents()).map((t) =>
    Number(t.replace('−', '-').replace(/[+%]/g, '')),
  );
  expect(pct).toEqual([...pct].sort((a, b) => b - a));

  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await page.getByRole('searchbox', { name: 'Filter the universe by symbol or name' }).fill('AAPL');
  await expect(rows.first()).toHaveAttribute('data-symbol', 'AAPL');

  // Live: AAPL's price moves while the table is open.
  const price = page.locator('.ubody [data-symbol="AAPL"] [data-field="price"]');
  const first = await price.textContent();
  await expect.poll(async () => price.textContent(), { timeout: 15_000 }).not.toBe(first);

  // Nothing matches: the empty state says so and offers a way out.
  await page.getByRole('searchbox', { name: 'Filter the universe by symbol or name' }).fill('zzzzqqq');
  await expect(page.getByText('No symbol matches these filters.')).toBeVisible();
  expect(errors).toEqual([]);
});
