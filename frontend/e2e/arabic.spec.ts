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

// Issue 14.7: in right-to-left text a German Kita name keeps its order and its quotes
// („Klinikzwerge“ must not turn into “Klinikzwerge„), and ages use the Arabic plural forms.
test('Arabic isolates Kita names and counts months in the right form', async ({ page, server }) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'العربية' }).click();
  await page.locator('.start-button').click();
  await expect(page.getByTestId('result-count')).toHaveText(/48/);
  const card = page.locator('.kita-card', { hasText: 'Klinikzwerge' });
  const h = card.locator('h3');
  await expect(h).toHaveAttribute('dir', 'auto');
  // Laid out left to right inside the right-to-left page: the opening „ stands left of the name.
  const order = await h.evaluate((el) => {
    const text = el.textContent ?? '';
    const range = document.createRange();
    const at = (i: number) => {
      range.setStart(el.firstChild!, i);
      range.setEnd(el.firstChild!, i + 1);
      return range.getBoundingClientRect().x;
    };
    return { open: at(text.indexOf('„')), close: at(text.indexOf('“')), dir: getComputedStyle(el).direction };
  });
  expect(order.dir).toBe('ltr');
  expect(order.open).toBeLessThan(order.close);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'arabic-03-klinikzwerge');
  // Opening hours read from opening to closing time, left to right: 07:00 before 17:00.
  const hours = page.locator('.kita-card', { hasText: 'AWO-Kita Uni-Wohnstadt' }).locator('.meta').nth(1);
  const times = await hours.evaluate((el) => {
    const node = el.firstChild!;
    const text = node.textContent ?? '';
    const range = document.createRange();
    const x = (s: string) => {
      range.setStart(node, text.indexOf(s));
      range.setEnd(node, text.indexOf(s) + s.length);
      return range.getBoundingClientRect().x;
    };
    return { open: x('07:00'), close: x('17:00') };
  });
  expect(times.open).toBeLessThan(times.close);
  // A Krippe from 8 months: "8 أشهر" (few), not "8 شهراً".
  const krippe = page.locator('.kita-card', { hasText: 'Stiftsplätzchen' });
  await expect(krippe).toContainText('8 أشهر');
});
