// Arabic: right to left by dir="rtl" on the root, and Arabic text throughout.
import { test, expect, expectAccessible, shot } from './fixtures';

test('Arabic turns the whole UI right to left', async ({ page, server }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('KitaPortal');
  await expect(page.locator('.welcome .lead')).toHaveText(/[\u0600-\u06FF]/);
  await shot(page, 'arabic-01-welcome');
  await expectAccessible(page, 'welcome (ar)');

  await page.locator('.start-button').click();
  await expect(page.getByTestId('result-count')).toHaveText(/48/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/[\u0600-\u06FF]/);
  // The filters column stands on the right in right-to-left.
  const filters = await page.locator('.filters-panel').boundingBox();
  const results = await page.locator('.results').boundingBox();
  expect(filters!.x).toBeGreaterThan(results!.x);
  await shot(page, 'arabic-02-search');
  await expectAccessible(page, 'search (ar)');
});

test('every language sets lang and shows its own text', async ({ page, server }) => {
  await page.goto(server.url);
  const starts: Record<string, RegExp> = {
    English: /^en$/,
    Türkçe: /^tr$/,
    Українська: /^uk$/,
    Русский: /^ru$/,
    Deutsch: /^de$/,
  };
  for (const [name, lang] of Object.entries(starts)) {
    await page.getByRole('button', { name }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  }
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('.welcome .lead')).not.toContainText('Hier finden Sie');
});
