import { expect, test, type Locator, type Page } from '@playwright/test';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

async function addByKeyboard(page: Page, query: string, expectName: string) {
  await page.keyboard.press('/');
  await expect(page.getByRole('combobox', { name: 'Search symbols to add' })).toBeFocused();
  await page.keyboard.type(query);
  await expect(page.getByRole('option').first()).toContainText(expectName);
  await page.keyboard.press('Enter');
}

const attrs = async (locator: Locator, name: string) =>
  Promise.all((await locator.all()).map((l) => l.getAttribute(name)));

const rowOrder = (page: Page) => attrs(page.locator('table.quotes tbody tr'), 'data-symbol');

test('create a watchlist, add three symbols by keyboard, see them tick, reorder and sort', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);
  // The token moved into a cookie and out of the address bar.
  await expect(page).not.toHaveURL(/token=/);
  expect(page.url().startsWith(`${served.url}/`)).toBe(true);
  await expect(page.locator('tr[data-symbol="SPY"]')).toBeVisible();

  await page.getByRole('textbox', { name: 'New watchlist name' }).fill('Chips');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Chips' })).toBeVisible();
  await expect(page.getByText('This watchlist is empty')).toBeVisible();

  // Renamed in place: Escape keeps the name, Enter saves it (and it survives a reload).
  await page.getByRole('button', { name: 'Rename watchlist Chips' }).click();
  await page.getByRole('textbox', { name: 'Watchlist name', exact: true }).fill('Not this');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Chips' })).toBeVisible();
  await page.getByRole('button', { name: 'Rename watchlist Chips' }).click();
  await page.getByRole('textbox', { name: 'Watchlist name', exact: true }).fill('Semis');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Semis' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Semis' })).toBeVisible();
  await page.getByRole('button', { name: 'Rename watchlist Semis' }).click();
  await page.getByRole('textbox', { name: 'Watchlist name', exact: true }).fill('Chips');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Chips' })).toBeVisible();

  await addByKeyboard(page, 'AAPL', 'Apple Inc.');
  await addByKeyboard(page, 'nvidia', 'NVIDIA');
  await addByKeyboard(page, 'AMD', 'Advanced Micro Devices');
  await expect.poll(() => rowOrder(page)).toEqual(['AAPL', 'NVDA', 'AMD']);

  for (const s of ['AAPL', 'NVDA', 'AMD']) {
    const price = page.locator(`tr[data-symbol="${s}"] td[data-field="price"]`);
    await expect(price).toHaveText(/^\d{1,3}(,\d{3})*\.\d{2}$/);
    const first = await price.textContent();
    await expect.poll(async () => price.textContent(), { timeout: 15_000 }).not.toBe(first);
  }
  await page.screenshot({ path: 'e2e/artifacts/watchlist-live.png' });

  // Keyboard reorder: focus AMD's row, Alt+↑ twice puts it first; it is saved.
  await page.locator('tr[data-symbol="AMD"]').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(() => rowOrder(page)).toEqual(['AMD', 'AAPL', 'NVDA']);

  // Drag NVDA above AAPL.
  await page.locator('tr[data-symbol="NVDA"]').dragTo(page.locator('tr[data-symbol="AAPL"]'), {
    targetPosition: { x: 40, y: 4 },
  });
  await expect.poll(() => rowOrder(page)).toEqual(['AMD', 'NVDA', 'AAPL']);
  await page.reload();
  await expect.poll(() => rowOrder(page)).toEqual(['AMD', 'NVDA', 'AAPL']);

  // Sorting by a column shows a sorted view without changing the saved order.
  await page.getByRole('columnheader', { name: 'Symbol' }).getByRole('button').click();
  await expect.poll(() => rowOrder(page)).toEqual(['AAPL', 'AMD', 'NVDA']);
  await expect(page.getByRole('columnheader', { name: 'Symbol' })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('columnheader', { name: 'Symbol' }).getByRole('button').click();
  await page.getByRole('columnheader', { name: 'Symbol' }).getByRole('button').click();
  await expect.poll(() => rowOrder(page)).toEqual(['AMD', 'NVDA', 'AAPL']);

  // Remove by keyboard.
  await page.locator('tr[data-symbol="NVDA"]').focus();
  await page.keyboard.press('Delete');
  await expect(page.locator('tr[data-symbol="NVDA"]')).toHaveCount(0);

  // Lists reorder in the sidebar too (Alt+↑ on the list), and the order survives a reload.
  const lists = () => attrs(page.locator('.watchlist-list li'), 'data-watchlist');
  await expect.poll(lists).toEqual(['My watchlist', 'Chips']);
  await page.locator('li[data-watchlist="Chips"] .list-button').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(lists).toEqual(['Chips', 'My watchlist']);
  await page.reload();
  await expect.poll(lists).toEqual(['Chips', 'My watchlist']);
  await page.screenshot({ path: 'e2e/artifacts/watchlist-reordered.png' });
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
