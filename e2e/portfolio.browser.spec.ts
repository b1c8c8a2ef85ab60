import { expect, test, type Locator, type Page } from '@playwright/test';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

/** "$12,345.67" / "−$80.00" / "+$1.50" → a number. */
function money(text: string | null): number {
  const t = (text ?? '').trim();
  const n = Number(t.replace(/[^\d.]/g, ''));
  return t.startsWith('−') ? -n : n;
}

async function addHolding(page: Page, query: string, shares: string, cost: string) {
  // The holding's search takes `/` (and comes back focused after each add).
  const search = page.getByRole('combobox', { name: 'Holding symbol' });
  if (!(await search.evaluate((el: { matches(selector: string): boolean }) => el.matches(':focus')))) {
    await page.keyboard.press('/');
  }
  await expect(search).toBeFocused();
  await page.keyboard.type(query);
  await expect(page.getByRole('option').first()).toContainText(query);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Shares' })).toBeFocused();
  await page.keyboard.type(shares);
  await page.keyboard.press('Tab');
  await page.keyboard.type(cost);
  await page.keyboard.press('Enter');
  await expect(page.locator(`tr[data-holding="${query}"]`)).toBeVisible();
}

const cell = (page: Page, symbol: string, field: string): Locator =>
  page.locator(`tr[data-holding="${symbol}"] td[data-field="${field}"]`);

test('build a portfolio and watch its value move', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);
  await expect(page.locator('tr[data-symbol="SPY"]')).toBeVisible();

  // g then p: the portfolios screen, empty at first, says what a portfolio is for.
  await page.keyboard.press('g');
  await page.keyboard.press('p');
  await expect(page.getByRole('heading', { name: 'Track what you own' })).toBeVisible();
  const name = page.getByRole('textbox', { name: 'New portfolio name' });
  await expect(name).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Give the portfolio a name, like “Retirement”.');
  await name.fill('Retirement');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Retirement' })).toBeVisible();
  await expect(page).toHaveURL(/#\/portfolios\/\d+$/);
  await expect(page.getByText('No holdings yet.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Holding symbol' })).toBeFocused();

  // Bad input is refused with a message that says what to do.
  const form = page.getByRole('form', { name: 'Add a holding' });
  await form.getByRole('button', { name: 'Add holding' }).click();
  await expect(form.getByRole('alert')).toHaveText('Pick a symbol first: type it in the search box, then Enter.');
  await page.keyboard.press('/');

  await addHolding(page, 'AAPL', '10', '150');
  await addHolding(page, 'MSFT', '5', '400');
  await addHolding(page, 'NVDA', '20', '100');
  await expect(page.locator('tr[data-holding]')).toHaveCount(3);
  await expect(cell(page, 'AAPL', 'shares')).toHaveText('10');

  // The totals are the holdings added up, and total P/L is value less cost (1500 + 2000 + 2000).
  const value = page.locator('[aria-label="Portfolio totals"] [data-field="value"]');
  await expect(value).toHaveText(/^\$\d{1,3}(,\d{3})*\.\d\d$/);
  const check = async () => {
    const held = await page
      .locator('tr[data-holding]')
      .evaluateAll((rows: { getAttribute(name: string): string | null }[]) =>
        rows.map((r) => r.getAttribute('data-holding') ?? ''),
      );
    const rows = await Promise.all(held.map(async (s) => money(await cell(page, s, 'value').textContent())));
    const total = money(await value.textContent());
    const gain = money(
      await page.locator('[aria-label="Portfolio totals"] [data-field="totalGain"] .pnl-amount').textContent(),
    );
    return {
      sumOk: Math.abs(rows.reduce((a, b) => a + b, 0) - total) < 0.02,
      gainOk: Math.abs(total - 5500 - gain) < 0.02,
    };
  };
  await expect.poll(check, { timeout: 10_000 }).toEqual({ sumOk: true, gainOk: true });

  // Live: the value moves with the prices, without a reload.
  const first = await value.textContent();
  await expect.poll(async () => value.textContent(), { timeout: 15_000 }).not.toBe(first);
  const dayPnl = page.locator('[aria-label="Portfolio totals"] [data-field="dayChange"] .pnl');
  await expect(dayPnl).toHaveClass(/up|down|flat/);
  await page.screenshot({ path: 'e2e/artifacts/portfolio-live.png' });

  // Another purchase of a symbol already held adds to its line.
  await addHolding(page, 'AAPL', '5', '210');
  await expect(cell(page, 'AAPL', 'shares')).toHaveText('15');
  await expect(page.locator('tr[data-holding]')).toHaveCount(3);

  // Edit a line in place, remove another.
  await page.getByRole('button', { name: 'Edit NVDA' }).click();
  const shares = page.getByRole('textbox', { name: 'Shares of NVDA' });
  await shares.fill('0');
  await page.keyboard.press('Enter');
  await expect(page.locator('tr[data-holding="NVDA"]').getByRole('alert')).toHaveText(
    'Shares must be a number above zero.',
  );
  await shares.fill('40');
  await page.keyboard.press('Enter');
  await expect(cell(page, 'NVDA', 'shares')).toHaveText('40');
  await page.getByRole('button', { name: 'Remove MSFT from the portfolio' }).click();
  await expect(page.locator('tr[data-holding]')).toHaveCount(2);

  // It is kept: a reload comes back to the same portfolio and holdings.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Retirement' })).toBeVisible();
  await expect(cell(page, 'AAPL', 'shares')).toHaveText('15');
  await expect(cell(page, 'NVDA', 'shares')).toHaveText('40');

  // Light theme for the record.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(check, { timeout: 10_000 }).toMatchObject({ sumOk: true });
  await expect(page.locator('tr[data-holding]')).toHaveCount(2);
  await page.screenshot({ path: 'e2e/artifacts/portfolio-light.png' });

  // A second portfolio gets its own tab; deleting asks first.
  await page.getByRole('textbox', { name: 'New portfolio name' }).fill('Trading');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: /Trading/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Delete portfolio' }).click();
  await page.getByRole('group', { name: 'Delete portfolio Trading?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('tab')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Retirement' })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
