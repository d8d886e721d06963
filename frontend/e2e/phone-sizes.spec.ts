// Every parent screen on a small phone (360×640, touch), in each of the six languages:
// nothing scrolls sideways, no element sticks out, every control is at least 48 px.
// The screens are reached through the UI by stable ids and roles, not by German texts.
import type { Page } from '@playwright/test';
import { test, expect, expectTouchTargets, expectAccessible, shot, dateFromToday } from './fixtures';
import { expectPhoneFit } from './phone-fit';

// Playwright's messages carry terminal colours.
// eslint-disable-next-line no-control-regex -- the escape character is what it matches
const terminalColours = /\u001b\[\d+m/g;

test.use({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });

const languages: { code: string; name: string; large?: boolean }[] = [
  { code: 'de', name: 'Deutsch' },
  { code: 'en', name: 'English' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'ar', name: 'العربية' },
  { code: 'uk', name: 'Українська' },
  { code: 'ru', name: 'Русский' },
  // The longest words with "Große Schrift" on.
  { code: 'uk', name: 'Українська', large: true },
];

/**
 * fits checks one screen; the findings of every screen are reported together at the
 * end of the language's test, so one run shows all that needs fixing.
 */
async function fits(page: Page, screen: string, problems: string[]): Promise<void> {
  for (const check of [expectPhoneFit, expectTouchTargets]) {
    try {
      await check(page, screen);
    } catch (err) {
      problems.push((err as Error).message.replace(terminalColours, '').split('\n').slice(0, 16).join('\n'));
    }
  }
}

async function stepShown(page: Page, n: number): Promise<void> {
  await expect(page.locator('.stepper li[aria-current="step"] .n')).toHaveText(String(n));
  await expect(page.locator('#form-step')).toBeVisible();
}

async function next(page: Page): Promise<void> {
  await page.locator('#form-step button[type="submit"]').click();
}

for (const lang of languages) {
  test(`every parent screen fits 360×640 in ${lang.name} (${lang.code})${lang.large ? ' with large text' : ''}`, async ({
    page,
    server,
  }) => {
    const s = (screen: string) => shot(page, `phone-${lang.code}${lang.large ? '-large' : ''}-${screen}`);
    const problems: string[] = [];
    await page.goto(server.url);
    await page.getByRole('button', { name: lang.name, exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', lang.code);
    if (lang.large) {
      await page.locator('.switches button').first().click();
      await expect(page.locator('html')).toHaveClass(/large-text/);
    }
    await fits(page, 'welcome', problems);
    await s('welcome');

    // Search: the list, the filters (all of them), the map.
    await page.locator('.start-button').click();
    await expect(page.getByTestId('result-count')).toHaveText(/\d/);
    await expect(page.locator('.kita-card').first()).toBeVisible();
    await fits(page, 'search', problems);
    await s('search');
    await page.locator('.filters-toggle').click();
    await page.locator('.more-toggle').click();
    await expect(page.locator('#more-filters')).toBeVisible();
    await fits(page, 'filters', problems);
    await s('filters');
    await page.locator('.filters-toggle').click();
    await page.locator('.view-toggle button').nth(1).click();
    await expect(page.locator('.map .kita-marker').first()).toBeVisible();
    await fits(page, 'map', problems);
    await s('map');
    await page.locator('.view-toggle button').nth(0).click();

    // Two Kitas on the Merkliste, one detail page.
    for (let i = 1; i <= 2; i++) {
      await page.locator('.kita-card .mk-button[aria-pressed="false"]').first().click();
      await expect(page.locator('.kita-card .mk-button[aria-pressed="true"]')).toHaveCount(i);
    }
    await page.locator('.kita-card').first().locator('.actions > button').first().click();
    await expect(page.locator('.detail #d-hours')).toBeVisible();
    await fits(page, 'detail', problems);
    await s('detail');
    await page.locator('nav button').nth(1).click();
    await expect(page.locator('.merkliste .item')).toHaveCount(2);
    await fits(page, 'merkliste', problems);
    await s('merkliste');

    // The form, every step, with long values where people have them.
    await page.locator('.merkliste .next').click();
    await stepShown(page, 1);
    await page.locator('#f-child-first_name').fill('Maximiliane-Friederike');
    await page.locator('#f-child-last_name').fill('Schwarzenberg-Hohenlohe');
    // A birth date of its own per language: the same child twice is refused (duplicate).
    await page.locator('#f-child-birth_date').fill(dateFromToday(-14 - languages.indexOf(lang)));
    await page.locator('#f-start_date').fill(dateFromToday(4, true));
    await page.locator('#f-care_hours').selectOption('30');
    await fits(page, 'form child', problems);
    await s('form-child');
    await next(page);
    await stepShown(page, 2);
    await page.locator('#f-guardians-0-first_name').fill('Anna');
    await page.locator('#f-guardians-0-last_name').fill('Schwarzenberg-Hohenlohe');
    await page.locator('#f-guardians-0-street').fill('Pfaffstraße 3');
    await page.locator('#f-guardians-0-postcode').fill('67655');
    await page.locator('#f-guardians-0-city').fill('Kaiserslautern');
    await page.locator('#f-guardians-0-email').fill('anna.schwarzenberg-hohenlohe@example.org');
    await fits(page, 'form parents', problems);
    await next(page);
    await stepShown(page, 3);
    await page.locator('#f-guardians-0-employment').selectOption('teilzeit');
    await fits(page, 'form criteria', problems);
    await s('form-criteria');
    await next(page);
    await stepShown(page, 4);
    await page.locator('#f-consent').check();
    await fits(page, 'form consent', problems);
    await next(page);
    await stepShown(page, 5);
    await fits(page, 'review', problems);
    await s('review');
    await page.locator('#form-step button[type="submit"]').click();
    await expect(page.getByTestId('receipt-number')).toBeVisible();
    await expect(page.getByTestId('receipt-qr')).toBeVisible();
    await fits(page, 'receipt', problems);
    await s('receipt');

    // The hand-off pages. The server's answers are stood in for here (the real ones are
    // in handoff.spec.ts): failed redemptions would lock this address for ten minutes.
    await page.route('**/api/handoff/redeem', (route) => {
      const body = route.request().postDataJSON() as { token?: string; code?: string };
      return body.code === 'WAIT-WAIT'
        ? route.fulfill({
            status: 429,
            headers: { 'Retry-After': '420' },
            json: { error: { code: 'auth.rate_limited', message: '', retry_after: 420 } },
          })
        : route.fulfill({ status: 404, json: { error: { code: 'handoff.invalid', message: '' } } });
    });
    const pick = page.locator('header select');
    await page.goto(`${server.url}/h`);
    await pick.selectOption(lang.code);
    if (lang.large) await page.locator('.switches button').first().click();
    await expect(page.locator('#handoff-code')).toBeVisible();
    await fits(page, 'hand-off code entry', problems);
    await s('handoff-code');
    await page.locator('#handoff-code').fill('abcd efgh');
    await page.locator('.entry button[type="submit"]').click();
    await expect(page.locator('#handoff-code-error')).toBeVisible();
    await fits(page, 'hand-off code entry with error', problems);
    await page.locator('#handoff-code').fill('WAIT-WAIT');
    await page.locator('.entry button[type="submit"]').click();
    await expect(page.locator('#handoff-code-error')).toContainText('7');
    await fits(page, 'hand-off code entry, rate limited', problems);
    await s('handoff-code-error');

    await page.goto(`${server.url}/h/not-a-valid-token-0123456789abcdef`);
    await expect(page).toHaveURL(`${server.url}/`);
    await pick.selectOption(lang.code);
    if (lang.large) await page.locator('.switches button').first().click();
    await expect(page.locator('.handoff-page ol li')).toHaveCount(3);
    await fits(page, 'hand-off invalid page', problems);
    await s('handoff-invalid');
    if (lang.code !== 'de') await expectAccessible(page, `hand-off invalid page (${lang.code})`);
    expect(problems, 'screens that do not fit a small phone').toEqual([]);
  });
}
