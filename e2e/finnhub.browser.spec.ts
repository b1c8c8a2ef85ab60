import { expect, test, type Page } from '@playwright/test';
import { createSystemClock } from '../electron/engine/clock';
import { startFakeFinnhub, type FakeFinnhub } from '../test-support/fake-finnhub/index';
import { startServe, type Served } from './serve';

const KEY = 'e2e-finnhub-key';

let served: Served;
let finnhub: FakeFinnhub;

test.beforeAll(async () => {
  // Quotedesk on a (fake) Finnhub key from the environment: no simulated data anywhere.
  finnhub = await startFakeFinnhub({ clock: createSystemClock(), keys: [KEY] });
  served = await startServe({
    QUOTEDESK_FINNHUB_KEY: KEY,
    QUOTEDESK_FINNHUB_URL: finnhub.url,
    QUOTEDESK_FINNHUB_WS_URL: finnhub.wsUrl,
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
});

async function go(page: Page, key: string, heading: string | RegExp) {
  // Shortcuts are for when no text box has the focus (typing `g` in one types a g).
  await page.evaluate(() =>
    (
      globalThis as unknown as { document: { activeElement: { blur?: () => void } | null } }
    ).document.activeElement?.blur?.(),
  );
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press(key);
  await expect(page.getByRole('heading', { name: heading, level: 1 }).first()).toBeVisible();
}

test('every screen works on a (fake) Finnhub key', async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);

  // Watchlist: Finnhub prices (the free plan quotes the watchlist first), never labelled simulated.
  for (const s of ['QQQ', 'NVDA', 'MSFT']) {
    await expect(page.locator(`tr[data-symbol="${s}"] td[data-field="price"]`)).toHaveText(
      /^\d{1,3}(,\d{3})*\.\d{2}$/,
      {
        timeout: 20_000,
      },
    );
  }
  await expect(page.getByText('Simulated data', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'About simulated data' })).toHaveCount(0);
  await page.screenshot({ path: 'e2e/artifacts/finnhub-watchlist.png' });

  // Detail pane: the source says Finnhub; Finnhub has no day volume and the pane says so plainly.
  await page.locator('tr[data-symbol="NVDA"]').click();
  const pane = page.getByRole('complementary');
  await expect(pane).toContainText('Finnhub');
  await expect(pane.locator('.chart, .chart-message').first()).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/finnhub-detail.png' });

  // Universe: every symbol listed, the quoted ones with Finnhub prices.
  await go(page, 'u', 'Universe');
  await expect(page.getByRole('row').nth(5)).toBeVisible();

  // Dashboard: index proxies priced; volume leaders explain why there are none on Finnhub.
  await go(page, 'd', 'Dashboard');
  await expect(page.locator('.index-card[data-symbol="QQQ"] .index-price')).toHaveText(/\d/);
  await expect(page.locator('[data-list="volume-leaders"]')).toContainText('Finnhub quotes carry none');
  await page.screenshot({ path: 'e2e/artifacts/finnhub-dashboard.png' });

  // Portfolios: a holding valued from Finnhub's price.
  await go(page, 'p', 'Track what you own');
  await page.getByRole('textbox', { name: 'New portfolio name' }).fill('Core');
  await page.keyboard.press('Enter');
  // A new, empty portfolio hands the focus to the holding search.
  await expect(page.getByRole('combobox', { name: 'Holding symbol' })).toBeFocused();
  await page.keyboard.type('MSFT');
  await expect(page.getByRole('option').first()).toContainText('MSFT');
  await page.keyboard.press('Enter');
  await page.keyboard.type('10');
  await page.keyboard.press('Tab');
  await page.keyboard.type('300');
  await page.keyboard.press('Enter');
  await expect(page.locator('[aria-label="Portfolio totals"] [data-field="value"]')).toHaveText(/^\$\d/);
  // Ready for the next holding: the search has the focus again.
  await expect(page.getByRole('combobox', { name: 'Holding symbol' })).toBeFocused();

  // Alerts: created against Finnhub's price.
  await go(page, 'a', 'Alerts');
  const form = page.getByRole('form', { name: 'New alert' });
  await page.keyboard.press('/');
  await page.keyboard.type('MSFT');
  await expect(page.getByRole('option').first()).toContainText('MSFT');
  await page.keyboard.press('Enter');
  await form.getByRole('textbox', { name: 'Price level' }).fill('100000');
  await form.getByRole('button', { name: 'Create alert' }).click();
  await expect(page.locator('tr[data-alert]')).toContainText('Armed');

  // Usage: Finnhub is the primary provider with its per-minute window counted, and calls in the history.
  await go(page, 'm', /Usage/);
  const card = page.locator('[data-provider="finnhub"]');
  await expect(card).toContainText('Primary');
  await expect(card.getByRole('meter', { name: /Finnhub per minute: \d+ of 60/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Recent provider calls' })).toContainText('Finnhub');
  await expect(page.locator('.usage-chart')).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/finnhub-usage.png' });

  // Settings: the key is set from the environment and is never shown.
  await go(page, 's', 'Settings');
  const row = page.locator('.setting-row[data-provider="finnhub"]');
  await expect(row).toContainText('Key set');
  await expect(row).toContainText('QUOTEDESK_FINNHUB_KEY');
  expect(await page.content()).not.toContain(KEY);

  // The fake counted no request over Finnhub's free plan.
  expect(finnhub.counters().violations).toBe(0);

  // The detail pane's refresh draws on the plan's on-demand reserve: once scripts have spent it,
  // the button says when a refresh fits the budget again, and counts down.
  await go(page, 'w', 'My watchlist');
  await page.locator('tr[data-symbol="MSFT"]').click();
  const symbols = ['AAPL', 'GOOGL', 'META', 'TSLA', 'AMD', 'INTC', 'ORCL', 'CSCO', 'PEP', 'KO'];
  const headers = { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' };
  let refused = false;
  // Five at a time, then one at a time, until even a single symbol does not fit.
  for (const size of [5, 1]) {
    refused = false;
    for (let i = 0; i < 40 && !refused; i++) {
      const r = await page.request.post(`${served.url}/api/v1/market-data/refresh`, {
        headers,
        data: { symbols: symbols.slice(0, size) },
      });
      expect([202, 429]).toContain(r.status());
      refused = r.status() === 429;
    }
  }
  expect(refused).toBe(true);
  await pane.getByRole('button', { name: 'Refresh now' }).click();
  await expect(pane.getByRole('button', { name: /^Refresh in \d+:\d\d$/ })).toBeDisabled();
  await expect(
    pane.getByRole('status').filter({ hasText: /on-demand budget is spent for now: you can refresh again in/ }),
  ).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/finnhub-refresh-budget.png' });

  // Finnhub says "too many requests": Quotedesk pauses it and every screen says why and until when.
  finnhub.setScenario({ kind: 'rate-limit', retryAfterSeconds: 120 });
  const banner = page.getByRole('status').filter({ hasText: /Finnhub is paused until \d\d:\d\d:\d\d/ });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  await go(page, 'm', /Usage/);
  await expect(page.locator('[data-provider="finnhub"]')).toContainText(/Paused until \d\d:\d\d/);
  await expect(page.getByRole('button', { name: /Usage & admin/ })).toContainText('!');
  await page.screenshot({ path: 'e2e/artifacts/finnhub-paused.png' });
  finnhub.setScenario({ kind: 'normal' });
  expect(errors).toEqual([]);
  await context.close();
});
