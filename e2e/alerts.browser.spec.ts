import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

test('set an alert from the detail pane and see it fire: toast, notification, history', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['notifications']);
  // Record what the page asks the browser to show (the real Notification still runs).
  await context.addInitScript(() => {
    const w = globalThis as unknown as { Notification: new (t: string, o?: object) => object; shown: string[] };
    const Real = w.Notification;
    w.shown = [];
    w.Notification = Object.assign(
      function (this: object, title: string, options?: { body?: string }) {
        w.shown.push(`${title}: ${options?.body ?? ''}`);
        return new Real(title, options);
      },
      { permission: 'granted', requestPermission: () => Promise.resolve('granted') },
    ) as unknown as typeof w.Notification;
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);

  const price = page.locator('tr[data-symbol="MSFT"] td[data-field="price"]');
  await expect(price).toHaveText(/\d/);
  const now = Number(((await price.textContent()) ?? '0').replace(/,/g, ''));
  await page.locator('tr[data-symbol="MSFT"]').click();
  await page.getByRole('button', { name: 'Set alert…' }).click();
  await expect(page.getByRole('heading', { name: 'Alerts', exact: true })).toBeVisible();
  const form = page.getByRole('form', { name: 'New alert' });
  await expect(form.locator('.chip')).toContainText('MSFT');

  // A bad value is refused with a message that says what to do.
  await form.getByRole('button', { name: 'Create alert' }).click();
  await expect(form.getByRole('alert')).toHaveText('Enter a price above zero.');

  // "Falls below" a level well above the price: true now, so the next fresh quote fires it.
  await form.getByRole('combobox', { name: 'Condition' }).selectOption('below');
  await form.getByRole('textbox', { name: 'Price level' }).fill(String(Math.ceil(now * 1.5)));
  await expect(form.getByRole('status')).toContainText('already meets this condition');
  await form.getByRole('button', { name: 'Create alert' }).click();

  const toast = page.locator('.toast-alert');
  await expect(toast).toContainText('MSFT alert', { timeout: 15_000 });
  await expect(toast).toContainText(/MSFT fell below [\d.]+: last [\d.]+ \([+-]?\d+\.\d\d%\)/);
  await expect(page.locator('tr[data-alert]').first()).toContainText('Fired (done)');
  await expect(page.getByRole('table', { name: 'Alert history' }).locator('tbody tr')).toHaveCount(1);
  await expect(page.getByRole('table', { name: 'Alert history' })).toContainText('MSFT fell below');
  const shown = await page.evaluate(() => (globalThis as unknown as { shown: string[] }).shown);
  expect(shown).toEqual([expect.stringMatching(/^MSFT alert: MSFT fell below/)]);
  await page.screenshot({ path: 'e2e/artifacts/alert-fired.png' });

  // A repeating % move alert on another symbol: armed, listed; deleting it removes it.
  await form.getByRole('button', { name: 'Change symbol' }).click();
  await form.getByRole('combobox', { name: 'Alert symbol' }).fill('AAPL');
  await expect(page.getByRole('option').first()).toContainText('Apple');
  await page.keyboard.press('Enter');
  await form.getByRole('combobox', { name: 'Condition' }).selectOption('move');
  await form.getByRole('textbox', { name: 'Percent move' }).fill('50');
  await form.getByRole('checkbox', { name: 'Every crossing' }).check();
  await form.getByRole('button', { name: 'Create alert' }).click();
  const row = page.locator('tr[data-alert]', { hasText: 'AAPL' });
  await expect(row).toContainText('moves ±50%');
  await expect(row).toContainText('Armed');
  await row.getByRole('button', { name: /Delete alert AAPL/ }).click();
  await expect(row).toHaveCount(0);

  // The history survives a reload; the fired toast does not come back.
  await page.reload();
  await expect(page.getByRole('table', { name: 'Alert history' }).locator('tbody tr')).toHaveCount(1);
  await page.waitForTimeout(1500);
  await expect(page.locator('.toast-alert')).toHaveCount(1);
  expect(errors).toEqual([]);
  await context.close();
});
