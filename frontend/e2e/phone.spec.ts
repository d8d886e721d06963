// Every parent screen at 360×640 (a small phone, web shell): usable without
// horizontal scrolling.
import type { Page } from '@playwright/test';
import { test, expect, shot, waitForResults, addKitas, dateFromToday } from './fixtures';

async function expectNoSideways(page: Page, screen: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
  expect(scroll, `${screen} scrolls sideways`).toBeLessThanOrEqual(width);
}

test('every screen fits a 360×640 phone', async ({ page, server }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  await page.goto(server.url);
  await expectNoSideways(page, 'welcome');
  await shot(page, 'phone-01-welcome');
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  await expectNoSideways(page, 'search');
  await shot(page, 'phone-02-search');
  await page.getByRole('button', { name: 'Filter zeigen' }).click();
  await page.getByRole('button', { name: /Weitere Filter/ }).click();
  await expectNoSideways(page, 'filters');
  await shot(page, 'phone-03-filters');
  await page.getByRole('button', { name: 'Filter ausblenden' }).click();
  await page.getByRole('button', { name: 'Karte', exact: true }).click();
  await expect(page.locator('.map .kita-marker').first()).toBeVisible();
  await expectNoSideways(page, 'map');
  await page.getByRole('button', { name: 'Liste', exact: true }).click();
  await addKitas(page, 2);
  await page
    .locator('.kita-card')
    .first()
    .getByRole('button', { name: /^Details/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Öffnungszeiten' })).toBeVisible();
  await expectNoSideways(page, 'detail');
  await shot(page, 'phone-04-detail');
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /Merkliste/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Ihre Merkliste' })).toBeVisible();
  await expectNoSideways(page, 'merkliste');
  await shot(page, 'phone-05-merkliste');
  await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();

  await page.getByLabel('Vorname des Kindes').fill('Mia');
  await page.getByLabel('Nachname des Kindes').fill('Beispiel');
  await page.getByLabel('Geburtsdatum').fill(dateFromToday(-20));
  await page.getByLabel('Ab wann brauchen Sie den Platz?').fill(dateFromToday(4, true));
  await page.getByLabel('Betreuung pro Woche').selectOption({ label: '30 Stunden' });
  await expectNoSideways(page, 'form child');
  await shot(page, 'phone-06-form-child');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 2 von 5/ })).toBeVisible();
  await page.getByLabel('Vorname').first().fill('Anna');
  await page.getByLabel('Nachname').first().fill('Beispiel');
  await page.getByLabel('Straße und Hausnummer').fill('Pfaffstraße 3');
  await page.getByLabel('Postleitzahl').fill('67655');
  await page.getByLabel('Ort').fill('Kaiserslautern');
  await page.getByLabel(/E-Mail/).fill('anna@example.org');
  await expectNoSideways(page, 'form parents');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 3 von 5/ })).toBeVisible();
  await page.getByLabel('Arbeit', { exact: true }).selectOption('teilzeit');
  await expectNoSideways(page, 'form criteria');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 4 von 5/ })).toBeVisible();
  await page.getByLabel(/Hinweise zum Datenschutz gelesen/).check();
  await expectNoSideways(page, 'form consent');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 5 von 5/ })).toBeVisible();
  await expectNoSideways(page, 'review');
  await shot(page, 'phone-07-review');
  await page.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();
  await expect(page.getByTestId('receipt-number')).toBeVisible();
  await expect(page.getByTestId('receipt-qr')).toBeVisible();
  await expectNoSideways(page, 'receipt');
  await shot(page, 'phone-08-receipt');
});
