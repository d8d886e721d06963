// A parent's whole path, Welcome to Receipt, on the kiosk's two screen orientations.
import {
  test,
  expect,
  shot,
  expectAccessible,
  expectTouchTargets,
  waitForResults,
  addKitas,
  dateFromToday,
} from './fixtures';

const viewports = [
  { name: 'landscape', width: 1920, height: 1080, kiosk: true },
  { name: 'portrait', width: 1080, height: 1920, kiosk: false },
];

for (const vp of viewports) {
  test(`parent path from Welcome to Receipt (${vp.name} ${vp.width}x${vp.height}, ${vp.kiosk ? 'kiosk' : 'web'} shell)`, async ({
    page,
    server,
  }) => {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.goto(`${server.url}/${vp.kiosk ? `?kiosk=${server.kioskKey}` : ''}`);
    const s = (nn: string, screen: string) => shot(page, `${vp.name}-${nn}-${screen}`);

    // 1. Welcome: choose German, start.
    await expect(page).toHaveTitle('KitaPortal – Willkommen');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('KitaPortal');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await expect(page.getByRole('button', { name: 'Deutsch' })).toHaveAttribute('aria-pressed', 'true');
    await s('01', 'welcome');
    await expectAccessible(page, 'welcome');
    await expectTouchTargets(page, 'welcome');
    await page.getByRole('button', { name: 'Start' }).click();

    // 2. Search: near Pfaffstraße, a 2-year-old, 07:30–16:30.
    await expect(page).toHaveTitle(/^KitaPortal – Suche \(\d+ Treffer\)$/);
    const all = await waitForResults(page);
    expect(all).toBe(48);
    await page.getByLabel('Alter', { exact: true }).selectOption('2');
    await page.getByLabel('Geöffnet ab').selectOption('07:30');
    await page.getByLabel('Geöffnet bis').selectOption('16:30');
    const place = page.getByRole('combobox', { name: 'In der Nähe von' });
    await place.click();
    await place.pressSequentially('Pfaffstr');
    const option = page.getByRole('option', { name: /^Pfaffstraße/ }).first();
    await option.click();
    await expect(place).toHaveValue(/^Pfaffstraße/);
    await expect(page.locator('.kita-card').first().locator('.distance')).toBeVisible();
    const filtered = await waitForResults(page);
    expect(filtered).toBeGreaterThan(2);
    expect(filtered).toBeLessThan(48);
    await expect(page).toHaveTitle(`KitaPortal – Suche (${filtered} Treffer)`);
    // Sorted by distance from the chosen point.
    const distances = await page.locator('.kita-card .distance').allTextContents();
    expect(distances.length).toBeGreaterThan(2);
    await s('02', 'search');
    await expectAccessible(page, 'search');
    await expectTouchTargets(page, 'search');

    if (vp.width < 1500) {
      await page.getByRole('button', { name: 'Karte', exact: true }).click();
    }
    await expect(page.locator('.map .kita-marker').first()).toBeVisible();
    await expect(page.locator('.map .home-marker')).toBeVisible();
    await s('03', 'map');
    if (vp.width < 1500) await page.getByRole('button', { name: 'Liste', exact: true }).click();

    // 3. Three Kitas on the Merkliste; one detail page on the way.
    const chosen = await addKitas(page, 3);
    await page
      .locator('.kita-card')
      .first()
      .getByRole('button', { name: /^Details/ })
      .click();
    await expect(page).toHaveTitle(/^KitaPortal – /);
    await expect(page.getByRole('heading', { name: 'Öffnungszeiten' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Kontakt' })).toBeVisible();
    await s('04', 'detail');
    await expectAccessible(page, 'detail');
    await expectTouchTargets(page, 'detail');
    await page.getByRole('button', { name: 'Zurück zur Suche' }).click();
    await waitForResults(page);

    // 4. Merkliste: reorder with the buttons.
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /Merkliste/ })
      .click();
    await expect(page.getByRole('heading', { name: 'Ihre Merkliste' })).toBeVisible();
    const names = page.locator('.merkliste .item h2');
    await expect(names).toHaveCount(3);
    expect((await names.allTextContents()).map((n) => n.replace(/^Wunsch \d: /, ''))).toEqual(chosen);
    await page
      .locator('.merkliste .item', { hasText: chosen[0] })
      .getByRole('button', { name: /Nach unten/ })
      .click();
    await expect(names.nth(0)).toContainText(chosen[1]!);
    await page
      .locator('.merkliste .item', { hasText: chosen[2] })
      .getByRole('button', { name: /Nach oben/ })
      .click();
    const order = [chosen[1]!, chosen[2]!, chosen[0]!];
    await expect(names.nth(1)).toContainText(order[1]!);
    await expect(names.nth(2)).toContainText(order[2]!);
    await s('05', 'merkliste');
    await expectAccessible(page, 'merkliste');
    await expectTouchTargets(page, 'merkliste');
    await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();

    // 5. The form, step by step.
    await expect(page.getByRole('heading', { name: /Schritt 1 von 5/ })).toBeVisible();
    await page.getByLabel('Vorname des Kindes').fill('Mia');
    await page.getByLabel('Nachname des Kindes').fill('Beispiel');
    await page.getByLabel('Geburtsdatum').fill(dateFromToday(-27));
    await page.getByLabel('Ab wann brauchen Sie den Platz?').fill(dateFromToday(3, true));
    await page.getByLabel('Betreuung pro Woche').selectOption({ label: '35 Stunden' });
    await s('06', 'form-child');
    await expectAccessible(page, 'form child');
    await expectTouchTargets(page, 'form child');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    await expect(page.getByRole('heading', { name: /Schritt 2 von 5/ })).toBeVisible();
    await page.getByLabel('Vorname').first().fill('Anna');
    await page.getByLabel('Nachname').first().fill('Beispiel');
    await page.getByLabel('Straße und Hausnummer').fill('Pfaffstraße 3');
    await page.getByLabel('Postleitzahl').fill('67655');
    await page.getByLabel('Ort').fill('Kaiserslautern');
    await page.getByLabel('Telefon').fill('0631 1234567');
    await page.getByLabel(/E-Mail/).fill('anna@example.org');
    await s('07', 'form-parents');
    await expectAccessible(page, 'form parents');
    await expectTouchTargets(page, 'form parents');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    await expect(page.getByRole('heading', { name: /Schritt 3 von 5/ })).toBeVisible();
    await page.getByLabel('Arbeit', { exact: true }).selectOption('vollzeit');
    await page.getByLabel(/Arbeitsstunden/).fill('39');
    await page.getByLabel('Ich bin alleinerziehend.').check();
    await s('08', 'form-criteria');
    await expectAccessible(page, 'form criteria');
    await expectTouchTargets(page, 'form criteria');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    await expect(page.getByRole('heading', { name: /Schritt 4 von 5/ })).toBeVisible();
    await page.getByLabel(/Hinweise zum Datenschutz gelesen/).check();
    await s('09', 'form-consent');
    await expectAccessible(page, 'form consent');
    await expectTouchTargets(page, 'form consent');
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();

    // 6. Review, submit.
    await expect(page.getByRole('heading', { name: /Schritt 5 von 5/ })).toBeVisible();
    const review = page.locator('.sections');
    await expect(review).toContainText('Mia Beispiel');
    await expect(review).toContainText('anna@example.org');
    await expect(review.locator('ol li')).toHaveText(
      order.map((n) => new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
    );
    await s('10', 'review');
    await expectAccessible(page, 'review');
    await expectTouchTargets(page, 'review');
    await page.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();

    // 7. Receipt with number, access code and QR code.
    await expect(page).toHaveTitle('KitaPortal – Bestätigung');
    await expect(page.getByTestId('receipt-number')).toHaveText(/\S{6,}/);
    await expect(page.getByTestId('receipt-access-code')).toHaveText(/\S{6,}/);
    const qr = page.getByTestId('receipt-qr');
    await expect(qr).toBeVisible();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(page.locator('.receipt ol').first().locator('li')).toHaveCount(3);
    await expect(page.locator('.receipt ol').first().locator('li').first()).toContainText(order[0]!);
    await expect(page.getByRole('button', { name: 'Drucken' })).toBeVisible();
    await s('11', 'receipt');
    await expectAccessible(page, 'receipt');
    await expectTouchTargets(page, 'receipt');

    // The printout: the receipt without header and buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('header.app-header')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Drucken' })).toBeHidden();
    await expect(page.getByTestId('receipt-access-code')).toBeVisible();
    await expect(page.getByTestId('receipt-qr')).toBeVisible();
    await s('12', 'receipt-print');
    await page.emulateMedia({ media: 'screen' });
  });
}
