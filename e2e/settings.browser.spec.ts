import { expect, test } from '@playwright/test';
import { createSystemClock } from '../electron/engine/clock';
import { startFakeFinnhub, type FakeFinnhub } from '../test-support/fake-finnhub/index';
import { startServe, type Served } from './serve';

const GOOD_KEY = 'e2e-finnhub-good-key';

let served: Served;
let finnhub: FakeFinnhub;

test.beforeAll(async () => {
  // The server talks to a fake Finnhub on 127.0.0.1 that knows one key.
  finnhub = await startFakeFinnhub({ clock: createSystemClock(), keys: [GOOD_KEY] });
  served = await startServe({ QUOTEDESK_FINNHUB_URL: finnhub.url, QUOTEDESK_FINNHUB_WS_URL: finnhub.wsUrl });
});

// Playwright reads the fixtures from an object pattern; this hook needs none.
// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, info) => {
  if (info.status !== info.expectedStatus) console.log(served.output().slice(-4000));
});

test.afterAll(async () => {
  await served.stop();
  await finnhub.stop();
});

test('settings: a wrong key is refused with the reason and nothing is saved; a good one takes over from simulated data', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);
  await expect(page.getByText('Simulated data', { exact: true })).toBeVisible();

  // The first-run banner leads to the keys.
  await page.getByRole('region', { name: 'About simulated data' }).getByRole('button', { name: 'Add a key' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/#\/settings$/);

  const row = page.locator('[data-provider="finnhub"]');
  await expect(row.getByText('No key', { exact: true })).toBeVisible();
  const form = row.getByRole('form', { name: 'Finnhub API key' });
  const input = form.getByRole('textbox', { name: 'Finnhub API key' });
  // A key field never shows what is typed.
  await expect(input).toHaveAttribute('type', 'password');

  await form.getByRole('button', { name: 'Save and check' }).click();
  await expect(row.getByRole('alert')).toHaveText('Paste your Finnhub key first.');

  await input.fill('wrong-key-0123');
  await form.getByRole('button', { name: 'Save and check' }).click();
  const refused = row.getByRole('alert');
  await expect(refused).toContainText('This key is invalid');
  await expect(refused).toContainText('Nothing was saved.');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(row.getByText('No key', { exact: true })).toBeVisible();
  await expect(page.getByText('Simulated data', { exact: true })).toBeVisible();
  // The check went to the (fake) provider, with the key in a header, never in the address.
  expect(finnhub.counters().requests).toBeGreaterThan(0);
  await page.screenshot({ path: 'e2e/artifacts/settings-key-invalid.png' });

  // Nothing the page can read holds the key: the provider list says "set" or "not set" only.
  const providers = await page.request.get(`${served.url}/api/v1/providers`, {
    headers: { authorization: `Bearer ${served.token}` },
  });
  expect(await providers.text()).not.toContain('wrong-key-0123');

  await input.fill(GOOD_KEY);
  await form.getByRole('button', { name: 'Save and check' }).click();
  await expect(row.getByRole('status').filter({ hasText: 'Key saved and working.' })).toBeVisible();
  await expect(row.getByText('Key set', { exact: true })).toBeVisible();
  await expect(input).toHaveValue('');
  await expect(row.getByText('Primary', { exact: true })).toBeVisible();
  // Real (fake Finnhub) data takes over: the simulated label and banner go away.
  await expect(page.getByText('Simulated data', { exact: true })).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByRole('list', { name: 'Provider order' })).toContainText('Finnhub');
  // No simulated price stays on screen beside the real ones.
  await page.keyboard.press('g');
  await page.keyboard.press('w');
  await expect(page.locator('tr[data-symbol="MSFT"] td[data-field="price"]')).toHaveText(/\d/, { timeout: 15_000 });
  await expect(page.locator('time.asof[title$="simulated"]')).toHaveCount(0);
  await expect(page.locator('time.asof[title$="finnhub"]').first()).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await page.screenshot({ path: 'e2e/artifacts/settings-key-saved.png' });

  // The theme is kept by Quotedesk, not just this page.
  await page.getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('radio', { name: 'System' }).check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);

  // Pre- and post-market polling is a setting of the engine: saved, planned with, kept across reloads.
  const extended = page.getByRole('checkbox', { name: /Pre- and post-market/ });
  await expect(extended).not.toBeChecked();
  await extended.check();
  await expect(page.getByRole('status').filter({ hasText: 'from 04:00 to 20:00' })).toBeVisible();
  const intervals = await page.request.get(`${served.url}/api/v1/admin/poll-intervals`, {
    headers: { authorization: `Bearer ${served.token}` },
  });
  expect(((await intervals.json()) as { extendedHours: boolean }).extendedHours).toBe(true);
  await page.reload();
  await expect(page.getByRole('checkbox', { name: /Pre- and post-market/ })).toBeChecked();

  // A read token is shown once, works for reading, and stops working when revoked.
  await page.getByRole('textbox', { name: 'Read token label' }).fill('budget sheet');
  await page.getByRole('button', { name: 'Create read token' }).click();
  const token = await page.getByRole('textbox', { name: 'New read token' }).inputValue();
  expect(token.length).toBeGreaterThan(20);
  const read = () => page.request.get(`${served.url}/api/v1/tickers/AAPL/price?token=${encodeURIComponent(token)}`);
  expect((await read()).status()).toBe(200);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('textbox', { name: 'New read token' })).toHaveCount(0);
  const tokenRow = page.locator('tr[data-token="budget sheet"]');
  await expect(tokenRow).toBeVisible();
  await expect(tokenRow).not.toContainText(token);
  await tokenRow.getByRole('button', { name: 'Revoke budget sheet' }).click();
  await tokenRow.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(page.locator('tr[data-token="budget sheet"]')).toHaveCount(0);
  expect((await read()).status()).toBe(401);

  // The admin token of this run comes from the environment: shown on demand, not rotatable here.
  const admin = page.getByRole('textbox', { name: 'Admin token' });
  await expect(admin).not.toHaveValue(served.token);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(admin).toHaveValue(served.token);
  await expect(page.getByRole('button', { name: 'Rotate…' })).toBeDisabled();
  // The stream stayed up through the switch of providers.
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  expect(errors).toEqual([]);
  await context.close();
});
