// Issue 4, the clerk at the kiosk: unlock with personal credentials (the clerk frame),
// find a family, merge a duplicate, register a family without e-mail through the
// normal flow, print the receipt, lock (everything wiped); the family then logs in
// on the web with number and access code.
import { addKitas, dateFromToday, waitForResults } from './fixtures';
import {
  test,
  expect,
  shot,
  expectAccessible,
  expectTouchTargets,
  registerFamily,
  loginStaff,
  loginOnStatusPage,
  uniqueName,
  isoFromToday,
} from './account-fixtures';

test('clerk at the kiosk: unlock, find, merge, register a family without e-mail, lock; the family logs in on the web', async ({
  page,
  browser,
  staffServer,
}) => {
  const url = staffServer.url;
  const known = await registerFamily(url, { kitas: ['kl-001', 'kl-002'], criteria: { single_parent: true } });
  // The same child registered twice by different contacts: a suspected duplicate.
  const twin = uniqueName('Zwilling');
  const birth = isoFromToday(-30);
  const [dupA, dupB] = [
    await registerFamily(url, {
      kitas: ['kl-007'],
      child: twin,
      last: 'Doppelt',
      birth,
      phone: '0631 555111',
      street: 'Marktstraße 1',
      email: 'eins@example.org',
    }),
    await registerFamily(url, {
      kitas: ['kl-015'],
      child: twin,
      last: 'Doppelt',
      birth,
      phone: '0631 555222',
      street: 'Bahnhofstraße 9',
      email: 'zwei@example.org',
    }),
  ];

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${url}/?kiosk=${staffServer.kioskKey}`);
  await loginStaff(page, 'clara');
  const frame = page.getByTestId('clerk-frame');
  await expect(frame).toContainText('Sachbearbeitung – Clara Klerk');
  await expect(frame.getByRole('button', { name: 'Sperren' })).toBeVisible();
  await expect(page).toHaveTitle('KitaPortal – Familie suchen');

  // Find a family by the child's name.
  await page.getByRole('searchbox', { name: 'Name' }).fill(known.child);
  await page.getByRole('button', { name: 'Suchen', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Gefundene Familien: 1' })).toBeVisible();
  await shot(page, 'clerk-01-family-search');
  await expectAccessible(page, 'clerk family search');
  await expectTouchTargets(page, 'clerk family search');
  await page
    .locator(`.result[data-number="${known.number}"]`)
    .getByRole('button', { name: /^Öffnen/ })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(known.child);
  await expect(page.locator('.family')).toContainText('0631 1234567');
  await expect(page.locator('li.kita')).toHaveCount(2);
  await shot(page, 'clerk-02-family-detail');
  await expectAccessible(page, 'clerk family detail');
  // On the family's behalf: withdraw wish 2.
  await page
    .locator('li.kita[data-kita="kl-002"]')
    .getByRole('button', { name: /^Zurückziehen/ })
    .click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, zurückziehen' }).click();
  await expect(page.locator('li.kita[data-kita="kl-002"] .info .status-badge')).toHaveText('zurückgezogen');
  // The printout: no frame, no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(frame).toBeHidden();
  await expect(page.getByRole('button', { name: 'Drucken' })).toBeHidden();
  await shot(page, 'clerk-03-family-print');
  await page.emulateMedia({ media: 'screen' });

  // Suspected duplicates: keep the first, merge the second into it.
  await frame.getByRole('button', { name: 'Doppelte' }).click();
  const group = page.locator('section.group', { hasText: dupA.number });
  await expect(group).toContainText(dupB.number);
  await shot(page, 'clerk-04-duplicates');
  await group.getByLabel(new RegExp(dupA.number)).check();
  await group
    .locator(`.app[data-number="${dupB.number}"]`)
    .getByRole('button', { name: new RegExp(`^In ${dupA.number} übernehmen`) })
    .click();
  const merge = page.getByRole('alertdialog', { name: 'Vormerkungen zusammenlegen?' });
  await expect(merge).toContainText(`Danach wird ${dupB.number} gelöscht.`);
  await shot(page, 'clerk-05-merge-confirm');
  await merge.getByRole('button', { name: 'Ja, zusammenlegen' }).click();
  await expect(page.getByText('Es gibt keine doppelten Vormerkungen.')).toBeVisible();

  // Register a family that has no e-mail: the normal flow, inside the clerk session.
  const child = uniqueName('Mila');
  await frame.getByRole('button', { name: 'Familie vormerken' }).click();
  await waitForResults(page);
  await addKitas(page, 2);
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('button', { name: /Merkliste/ })
    .click();
  await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
  await page.getByLabel('Vorname des Kindes').fill(child);
  await page.getByLabel('Nachname des Kindes').fill('Ohnemail');
  await page.getByLabel('Geburtsdatum').fill(dateFromToday(-20));
  await page.getByLabel('Ab wann brauchen Sie den Platz?').fill(dateFromToday(4, true));
  await page.getByLabel('Betreuung pro Woche').selectOption({ label: '30 Stunden' });
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 2 von 5/ })).toBeVisible();
  await page.getByLabel('Vorname').first().fill('Sevgi');
  await page.getByLabel('Nachname').first().fill('Ohnemail');
  await page.getByLabel('Straße und Hausnummer').fill('Königstraße 12');
  await page.getByLabel('Postleitzahl').fill('67655');
  await page.getByLabel('Ort').fill('Kaiserslautern');
  await page.getByLabel('Telefon').fill('0631 7654321');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 3 von 5/ })).toBeVisible();
  await page.getByLabel('Arbeit', { exact: true }).selectOption('teilzeit');
  await page.getByLabel(/Arbeitsstunden/).fill('20');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await page.getByLabel(/Hinweise zum Datenschutz gelesen/).check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 5 von 5/ })).toBeVisible();
  await expect(page.getByText('Konto anlegen (freiwillig)')).toHaveCount(0);
  await page.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();
  await expect(page).toHaveTitle('KitaPortal – Bestätigung');
  const number = (await page.getByTestId('receipt-number').textContent())!.trim();
  const code = (await page.getByTestId('receipt-access-code').textContent())!.trim();
  expect(number).toMatch(/^KP-/);
  await expect(frame).toBeVisible();
  await shot(page, 'clerk-06-receipt');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('receipt-access-code')).toBeVisible();
  await expect(frame).toBeHidden();
  await shot(page, 'clerk-07-receipt-print');
  await page.emulateMedia({ media: 'screen' });

  // Lock: everything is wiped, on the screen and in the browser.
  await frame.getByRole('button', { name: 'Sperren' }).click();
  await expect(page).toHaveTitle('KitaPortal – Willkommen');
  await expect(frame).toBeHidden();
  const leftovers = await page.evaluate(
    (secrets) => {
      const html = document.documentElement.outerHTML;
      const values = [...document.querySelectorAll('input, select, textarea')]
        .map((e) => (e as HTMLInputElement).value)
        .join(' ');
      return {
        inPage: secrets.filter((s) => html.includes(s) || values.includes(s)),
        local: localStorage.length,
        session: sessionStorage.length,
        cookies: document.cookie,
        clerkMode: document.documentElement.classList.contains('clerk-mode'),
      };
    },
    [child, number, code, known.child, known.number, 'Clara Klerk'],
  );
  expect(leftovers).toEqual({ inPage: [], local: 0, session: 0, cookies: '', clerkMode: false });
  await shot(page, 'clerk-08-locked');
  // The locked kiosk is a fresh, anonymous session.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' }).getByText('0 von 5')).toBeVisible();

  // The family, on its own phone, with number and access code from the printout.
  const phone = await browser.newContext({
    viewport: { width: 360, height: 640 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const parent = await phone.newPage();
  await loginOnStatusPage(parent, url, { number, access_code: code, child });
  const card = parent.locator(`section.child[data-number="${number}"]`);
  await expect(card.getByRole('heading', { level: 2 })).toHaveText(`${child} Ohnemail`);
  await expect(card.locator('li.kita')).toHaveCount(2);
  await expect(card.locator('li.kita .info .status-badge')).toHaveText(['eingegangen', 'eingegangen']);
  await shot(parent, 'clerk-09-family-on-phone');
  await phone.close();
});
