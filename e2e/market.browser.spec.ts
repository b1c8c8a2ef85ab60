import { expect, test } from '@playwright/test';
import { startServe, type Served } from './serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  await served.stop();
});

test('market status badge, the plan sentence, poll intervals, tiers and overrides, and an on-demand refresh', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${served.url}/?token=${served.token}`);
  await expect(page.locator('tr[data-symbol="SPY"]')).toBeVisible();

  // The badge: the session, what comes next and when, counting down.
  const badge = page.getByRole('timer');
  await expect(badge).toHaveAttribute(
    'aria-label',
    /^(Pre-market|Market open|After hours|Market closed), (opens|closes|ends|pre-market) (in \d+:\d\d(:\d\d)?|\w{3} \d\d:\d\d)/,
  );
  await expect(badge).toHaveAttribute('title', /ET/);
  const label = await badge.getAttribute('aria-label');
  if (/ in \d/.test(label ?? '')) await expect(badge).not.toHaveAttribute('aria-label', label ?? '', { timeout: 3000 });

  // Usage & admin opens on the plan sentence: what the keys buy.
  await page.keyboard.press('g');
  await page.keyboard.press('m');
  const sentence = page.getByRole('region', { name: 'Refresh plan' });
  await expect(sentence).toContainText(/symbols every/);

  // Poll intervals: ask for tier 1 every 5 s; the plan follows; back to the defaults.
  await page.getByRole('tab', { name: 'Refresh plan & intervals' }).click();
  const tier1 = page.getByRole('textbox', { name: 'Tier 1 interval in seconds' });
  await expect(tier1).not.toHaveValue('');
  const before = await tier1.inputValue();
  await tier1.fill('0');
  await page.getByRole('button', { name: 'Save intervals' }).click();
  await expect(page.getByRole('form', { name: 'Poll intervals' }).getByRole('alert')).toHaveText(
    'Tier 1: the interval is whole seconds, 1 or more.',
  );
  await tier1.fill('5');
  await page.getByRole('button', { name: 'Save intervals' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Saved: the plan below is what the budget gives.' }),
  ).toBeVisible();
  await expect(page.locator('tr[data-tier="1"]')).toContainText('5 s');
  await expect(sentence).toContainText(/every 5 s/);
  await page.screenshot({ path: 'e2e/artifacts/admin-plan.png' });
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(tier1).toHaveValue(before);
  await expect(page.getByRole('table', { name: 'Scheduler jobs' }).locator('tr[data-job="tier1"]')).toContainText(
    /\d\d:\d\d:\d\d/,
  );

  // Tiers: ranked symbols per tier; an override pins a symbol where the user wants it.
  await page.getByRole('tab', { name: 'Tiers & overrides' }).click();
  await expect(page.getByRole('table', { name: 'Symbols by tier' }).locator('tbody tr')).toHaveCount(100);
  await expect(page.locator('tr[data-symbol="NVDA"]')).toContainText('Tier 1');
  const form = page.getByRole('form', { name: 'New override' });
  await form.getByRole('combobox', { name: 'Override symbol' }).fill('KO');
  await expect(page.getByRole('option').first()).toContainText('KO');
  await page.keyboard.press('Enter');
  await form.getByRole('combobox', { name: 'Override tier' }).selectOption('3');
  await form.getByRole('button', { name: 'Pin' }).click();
  await expect(page.locator('tr[data-override="KO"]')).toContainText('Tier 3');
  await page.getByRole('radio', { name: /Tier 3/ }).check();
  await page.screenshot({ path: 'e2e/artifacts/admin-tiers.png' });
  await page.getByRole('button', { name: 'Remove the override of KO' }).click();
  await expect(page.locator('tr[data-override="KO"]')).toHaveCount(0);

  // The detail pane's refresh: accepted out of the on-demand reserve, then the fresh quote lands.
  await page.keyboard.press('g');
  await page.keyboard.press('w');
  await page.locator('tr[data-symbol="MSFT"]').click();
  const pane = page.getByRole('complementary');
  await expect(pane.getByRole('status').filter({ hasText: /on-demand reserve/ })).toBeVisible();
  await pane.getByRole('button', { name: 'Refresh now' }).click();
  await expect(pane.getByRole('status').filter({ hasText: /Queued|Due now|Refreshed just now/ })).toBeVisible();
  await expect(pane.getByRole('status').filter({ hasText: 'Refreshed just now.' })).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: 'e2e/artifacts/detail-refresh.png' });
  expect(errors).toEqual([]);
  await context.close();
});
