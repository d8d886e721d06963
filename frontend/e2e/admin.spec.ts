// Issue 7, the admin's desk: users (add with role and Kita, disable, enable), settings
// (only changed values are sent; the mail password is write-only), the audit log with
// its CSV download, and the outbox.
import { readFile } from 'node:fs/promises';
import { test, expect, shot, expectAccessible, expectTouchTargets, loginStaff, uniqueName } from './account-fixtures';

// A row button's name: its text and, for screen readers, the user's login.
const labelled = (text: string, login: string): RegExp => new RegExp(`^${text}\\s*:\\s*${login.replace('.', '\\.')}$`);

test('admin manages users and settings, reads and downloads the audit log', async ({ page, staffServer }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(staffServer.url);
  await loginStaff(page, 'adam');
  await expect(page).toHaveTitle('KitaPortal – Verwaltung: Benutzer');
  const table = page.getByTestId('admin-users');
  await expect(table.locator('tr[data-login="erika"]')).toContainText('Städtische Kita Pfaffstraße');
  await expect(table.locator('tr[data-login="clara"]')).toContainText('Jugendreferat');
  // Which build runs (the binary is built from a git checkout: the commit is stamped).
  await expect(page.getByTestId('admin-build')).toHaveText(/^Version \S+ \(Commit ([0-9a-f]{12}|–)\)$/);
  // A hot backup while the server runs: a bbolt file (its magic number at byte 16).
  const [backup] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('admin-backup').getByRole('link', { name: 'Sicherung herunterladen' }).click(),
  ]);
  expect(backup.suggestedFilename()).toMatch(/^kitaportal-\d{8}-\d{4}\.db$/);
  const db = await readFile((await backup.path())!);
  expect(db.length).toBeGreaterThan(16384);
  expect(db.readUInt32LE(16)).toBe(0xed0cdaed);
  await shot(page, 'admin-01-users');
  await expectAccessible(page, 'admin users');
  await expectTouchTargets(page, 'admin users');

  // A new Kita user: the API's error first (no Kita chosen), then with a Kita.
  const login = uniqueName('kita.');
  await page.getByRole('textbox', { name: 'Benutzername' }).fill(login);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Karla Kita');
  await page.getByLabel('Erstes Passwort').fill('Ein-Passwort-123');
  await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
  await expect(page.getByText('Bitte wählen Sie mindestens eine Kita.')).toBeVisible();
  await page.getByLabel('Kitas dieses Benutzers').selectOption({ label: 'Kinderkrippe Stiftsplätzchen' });
  await page.getByRole('button', { name: 'Hinzufügen', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Kitas' })).toContainText('Kinderkrippe Stiftsplätzchen');
  await shot(page, 'admin-02-user-add');
  await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
  const row = table.locator(`tr[data-login="${login}"]`);
  await expect(row).toContainText('Kinderkrippe Stiftsplätzchen');
  await expect(row).toContainText('aktiv');
  await row.getByRole('button', { name: /^Sperren/ }).click();
  await expect(row).toContainText('gesperrt');
  await row.getByRole('button', { name: /^Freigeben/ }).click();
  await expect(row).toContainText('aktiv');
  // Deleting asks once more; "Behalten" keeps the user.
  await row.getByRole('button', { name: labelled('Löschen', login) }).click();
  await row.getByRole('button', { name: labelled('Behalten', login) }).click();
  await row.getByRole('button', { name: labelled('Löschen', login) }).click();
  await row.getByRole('button', { name: labelled('Wirklich löschen', login) }).click();
  await expect(table.locator(`tr[data-login="${login}"]`)).toHaveCount(0);
  // Its own login cannot be deleted: the reason is shown at the row.
  const own = table.locator('tr[data-login="adam"]');
  await own.getByRole('button', { name: labelled('Löschen', 'adam') }).click();
  await own.getByRole('button', { name: labelled('Wirklich löschen', 'adam') }).click();
  await expect(own.getByRole('alert')).toHaveText(
    'Ihr eigenes Benutzerkonto können Sie nicht sperren, löschen oder in der Rolle ändern.',
  );

  // Settings: a value out of range is refused at its field; a good one is stored.
  await page
    .getByRole('navigation', { name: 'Bereiche der Verwaltung' })
    .getByRole('button', { name: 'Einstellungen' })
    .click();
  await expect(page).toHaveTitle('KitaPortal – Verwaltung: Einstellungen');
  const days = page.getByLabel('Tage für die Antwort auf ein Platzangebot');
  await expect(days).toHaveValue('14');
  await days.fill('90');
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
  await expect(days).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Dieser Wert passt nicht. Bitte beachten Sie den Hinweis.')).toBeVisible();
  await days.fill('21');
  await page.getByLabel('Passwort am Mailserver').fill('geheim-smtp');
  // Microsoft Exchange offers only LOGIN; automatic is the default.
  const mech = page.getByLabel('Anmeldeverfahren am Mailserver');
  await expect(mech).toHaveValue('auto');
  await mech.selectOption('login');
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
  await expect(page.locator('.saved')).toHaveText('Die Einstellungen sind gespeichert.');
  await expect(days).toHaveValue('21');
  await expect(mech).toHaveValue('login');
  // The password is never shown again, only that one is stored.
  await expect(page.getByLabel('Passwort am Mailserver')).toHaveValue('');
  await expect(page.getByText('Ein Passwort ist gespeichert. Leer lassen, um es zu behalten.')).toBeVisible();
  await shot(page, 'admin-03-settings');
  await expectAccessible(page, 'admin settings');

  // The Vergaberunde's points: the defaults to start with; steps out of order are
  // refused with a message, a changed catalogue is stored and read back.
  const points = page.getByRole('group', { name: 'Punkte für die Vergaberunde' });
  const single = points.getByLabel('Alleinerziehend');
  await expect(single).toHaveValue('20');
  await expect(points.getByLabel('ab Stunden pro Woche')).toHaveCount(3);
  await points.getByRole('button', { name: 'Stufe hinzufügen' }).click();
  const hours = points.getByLabel('ab Stunden pro Woche');
  await expect(hours).toHaveCount(4);
  await hours.nth(3).fill('25');
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
  await expect(points.getByRole('alert')).toHaveText(
    'Bitte ordnen Sie die Stufen nach Stunden aufsteigend, jede Stundenzahl nur einmal.',
  );
  await hours.nth(3).fill('38');
  await points.getByLabel('Punkte', { exact: true }).nth(3).fill('20');
  await single.fill('35');
  await page.getByRole('button', { name: 'Einstellungen speichern' }).click();
  await expect(page.locator('.saved')).toHaveText('Die Einstellungen sind gespeichert.');
  await expect(points.getByRole('alert')).toHaveCount(0);
  await page.reload();
  await page
    .getByRole('navigation', { name: 'Bereiche der Verwaltung' })
    .getByRole('button', { name: 'Einstellungen' })
    .click();
  await expect(single).toHaveValue('35');
  await expect(hours).toHaveCount(4);
  await expect(hours.nth(3)).toHaveValue('38');
  await points.scrollIntoViewIfNeeded();
  await shot(page, 'admin-03b-points');
  await expectAccessible(page, 'admin settings with points');

  // The audit log, newest first, and as CSV.
  await page
    .getByRole('navigation', { name: 'Bereiche der Verwaltung' })
    .getByRole('button', { name: 'Protokoll' })
    .click();
  const audit = page.getByTestId('audit-log');
  await expect(audit.locator('tbody tr').first()).toContainText('Einstellungen geändert');
  await expect(audit).toContainText('Benutzer gesperrt');
  await shot(page, 'admin-04-audit');
  await expectAccessible(page, 'audit log');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Als CSV herunterladen' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('kitaportal-audit.csv');
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('seq,at,actor_id,actor_role,action,number,vormerkung_id,kita_id,detail');
  expect(csv).toContain('user.add');

  await page
    .getByRole('navigation', { name: 'Bereiche der Verwaltung' })
    .getByRole('button', { name: 'E-Mail-Versand' })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: 'E-Mail-Versand' })).toBeVisible();
  await shot(page, 'admin-05-outbox');
});
