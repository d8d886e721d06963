// Logins (wrong code, lockout with the minutes to wait), an account created with the
// Vormerkung, the e-mail login, the data download and "Konto und Daten löschen".
import type { Page } from '@playwright/test';
import { addKitas, dateFromToday, waitForResults } from './fixtures';
import { test, expect, shot, expectAccessible, registerFamily, uniqueName } from './account-fixtures';

test('number and code as typed log in; a wrong code is refused; after five the number is locked', async ({
  page,
  staffServer,
}) => {
  const [family, other] = await Promise.all([
    registerFamily(staffServer.url, { kitas: ['kl-001'] }),
    registerFamily(staffServer.url, { kitas: ['kl-002'] }),
  ]);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Case, spaces and dashes do not matter.
  await page.goto(staffServer.url);
  await page.getByRole('banner').getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveTitle('KitaPortal – Anmelden');
  await shot(page, 'account-00-login');
  await expectAccessible(page, 'login');
  await page.getByRole('textbox', { name: 'Vormerkungsnummer' }).fill(other.number.toLowerCase().replace(/-/g, ' '));
  await page.getByRole('textbox', { name: 'Zugangscode' }).fill(other.access_code.toLowerCase().replace(/-/g, ''));
  await page
    .locator('form')
    .filter({ has: page.locator('#login-code') })
    .getByRole('button', { name: 'Anmelden' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Vormerkungen' })).toBeVisible();
  await expect(page.locator(`section.child[data-number="${other.number}"]`)).toContainText(other.child);
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page).toHaveTitle('KitaPortal – Willkommen');

  // The status page of the receipt's QR code: the number is filled in.
  await page.goto(`${staffServer.url}/status/${family.number.toLowerCase()}`);
  const number = page.getByRole('textbox', { name: 'Vormerkungsnummer' });
  await expect(number).toHaveValue(family.number);
  const code = page.getByRole('textbox', { name: 'Zugangscode' });
  await expect(code).toBeFocused();
  const form = page.locator('form').filter({ has: code });
  const error = page.locator('#login-code-error');

  for (let i = 1; i <= 4; i++) {
    await code.fill(`FALSCH-${i}`);
    await form.getByRole('button', { name: 'Anmelden' }).click();
    await expect(error).toHaveText('Die Angaben stimmen nicht. Bitte prüfen Sie sie und versuchen Sie es noch einmal.');
    await expect(error).toBeFocused();
    if (i === 1) await shot(page, 'account-05-login-wrong-code');
  }
  await code.fill('FALSCH-5');
  await form.getByRole('button', { name: 'Anmelden' }).click();
  await expect(error).toHaveText('Zu viele falsche Versuche. Bitte warten Sie 60 Minuten.');
  // Locked means locked: even the right code waits now.
  await code.fill(family.access_code);
  await form.getByRole('button', { name: 'Anmelden' }).click();
  await expect(error).toHaveText(/^Zu viele falsche Versuche\. Bitte warten Sie \d+ Minuten\.$/);
  await shot(page, 'account-06-login-locked');

  // The same screen in Arabic, right to left.
  await page.getByRole('combobox', { name: 'Sprache' }).selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تسجيل الدخول');
  await expect(page).toHaveTitle('KitaPortal – تسجيل الدخول');
  await expect(page.locator('#login-code-error')).toContainText('محاولات خاطئة كثيرة');
  await shot(page, 'account-12-login-arabic');
  await expectAccessible(page, 'login in Arabic');
});

async function fillForm(page: Page, child: string, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  await addKitas(page, 2);
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /Merkliste/ })
    .click();
  await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
  await page.getByLabel('Vorname des Kindes').fill(child);
  await page.getByLabel('Nachname des Kindes').fill('Beispiel');
  await page.getByLabel('Geburtsdatum').fill(dateFromToday(-27));
  await page.getByLabel('Ab wann brauchen Sie den Platz?').fill(dateFromToday(3, true));
  await page.getByLabel('Betreuung pro Woche').selectOption({ label: '35 Stunden' });
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 2 von 5/ })).toBeVisible();
  await page.getByLabel('Vorname').first().fill('Anna');
  await page.getByLabel('Nachname').first().fill('Beispiel');
  await page.getByLabel('Straße und Hausnummer').fill('Pfaffstraße 3');
  await page.getByLabel('Postleitzahl').fill('67655');
  await page.getByLabel('Ort').fill('Kaiserslautern');
  await page.getByLabel('Telefon').fill('0631 1234567');
  await page.getByLabel(/E-Mail/).fill(email);
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 3 von 5/ })).toBeVisible();
  await page.getByLabel('Arbeit', { exact: true }).selectOption('vollzeit');
  await page.getByLabel(/Arbeitsstunden/).fill('39');
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 4 von 5/ })).toBeVisible();
  await page.getByLabel(/Hinweise zum Datenschutz gelesen/).check();
  await page.getByRole('button', { name: 'Weiter' }).click();
  await expect(page.getByRole('heading', { name: /Schritt 5 von 5/ })).toBeVisible();
}

test('an account made with the Vormerkung: e-mail login, download, delete', async ({ page, staffServer }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(staffServer.url);
  const child = uniqueName('Lotta');
  const email = `${child.toLowerCase()}@example.org`;
  await fillForm(page, child, email);

  // The optional account on the review step; a short password is refused at its field.
  await page.getByLabel('Ja, ich möchte ein Konto anlegen.').check();
  await expect(page.getByLabel('E-Mail-Adresse für das Konto')).toHaveValue(email);
  await page.getByLabel('Passwort für das Konto').fill('kurz');
  await page.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();
  await expect(page.getByLabel('Passwort für das Konto')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.signup')).toContainText('Das Passwort braucht 10 bis 128 Zeichen.');
  await shot(page, 'account-07-signup-error');
  await page.getByLabel('Passwort für das Konto').fill('Sicheres-Passwort-1');
  await page.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();
  await expect(page).toHaveTitle('KitaPortal – Bestätigung');
  const number = (await page.getByTestId('receipt-number').textContent())!.trim();
  await page.getByRole('button', { name: 'Fertig', exact: true }).click();
  await expect(page).toHaveTitle('KitaPortal – Willkommen');

  // Log in with the account from the welcome screen.
  await page.getByRole('button', { name: 'Meine Vormerkungen ansehen' }).click();
  await page.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill(email);
  await page.locator('#login-password').fill('Sicheres-Passwort-1');
  await page
    .locator('form')
    .filter({ has: page.locator('#login-password') })
    .getByRole('button', { name: 'Anmelden' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Vormerkungen' })).toBeVisible();
  await expect(page.getByText(`Angemeldet als ${email}`)).toBeVisible();
  const card = page.locator(`section.child[data-number="${number}"]`);
  await expect(card.getByRole('heading', { level: 2 })).toHaveText(`${child} Beispiel`);
  await expect(card.locator('li.kita')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Weiteres Kind vormerken' })).toBeVisible();

  // Reorder: wish 2 moves up.
  const second = card.locator('li.kita').nth(1);
  const name2 = (await second.locator('h4').textContent())!.replace(/^Wunsch \d:\s*/, '');
  await second.getByRole('button', { name: /^Nach oben/ }).click();
  await expect(card.locator('li.kita').first().locator('h4')).toContainText(name2);
  await expect(
    card
      .locator('li.kita')
      .first()
      .getByRole('button', { name: /^Nach unten/ }),
  ).toBeFocused();

  // Add a Kita.
  await card.getByRole('button', { name: 'Kita hinzufügen' }).click();
  const add = page.getByRole('dialog', { name: 'Kita hinzufügen' });
  await add.getByRole('searchbox').fill('Vogelweh');
  await expect(add.locator('li').first()).toContainText('Vogelweh');
  await shot(page, 'account-08-add-kita');
  await expectAccessible(page, 'add Kita dialog');
  await add
    .locator('li')
    .first()
    .getByRole('button', { name: /^Hinzufügen/ })
    .click();
  await expect(add).toBeHidden();
  await expect(card.locator('li.kita')).toHaveCount(3);
  await expect(card.locator('li.kita').nth(2)).toContainText('Vogelweh');
  await shot(page, 'account-09-account-desk');

  // The download: everything stored, as JSON.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Meine Daten herunterladen' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('kitaportal-daten.json');
  const data = JSON.parse(await (await import('node:fs/promises')).readFile((await download.path())!, 'utf8')) as {
    account: { email: string };
    applications: { number: string }[];
  };
  expect(data.account.email).toBe(email);
  expect(data.applications.map((a) => a.number)).toEqual([number]);

  // Delete: confirmation, then what was deleted.
  await page.getByRole('button', { name: 'Konto und Daten löschen' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Konto und Daten löschen?' });
  await expect(confirm).toBeVisible();
  await shot(page, 'account-10-delete-confirm');
  await confirm.getByRole('button', { name: 'Ja, endgültig löschen' }).click();
  const report = page.getByTestId('deletion-report');
  await expect(report).toContainText('Ihr Konto ist gelöscht.');
  await expect(report).toContainText(number);
  await shot(page, 'account-11-deleted');
  await report.getByRole('button', { name: 'Fertig' }).click();
  await expect(page).toHaveTitle('KitaPortal – Willkommen');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Anmelden' })).toBeVisible();
});
