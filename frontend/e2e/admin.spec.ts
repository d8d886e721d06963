// Issue 7, the admin's desk: users (add with role and Kita, disable, enable), settings
// (only changed values are sent; the mail password is write-only), the audit log with
// its CSV download, and the outbox.
import { readFile } from 'node:fs/promises';
import {
  test,
  expect,
  shot,
  fullShot,
  expectAccessible,
  expectTouchTargets,
  loginStaff,
  uniqueName,
} from './account-fixtures';

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

// Issue 11: the admin imports the city's Kitas into the running server: the upload's
// progress, the server's message naming a missing code list, the per-row report of a
// rejected import (nothing stored), then the import skipping the bad row, in the live search.
test('admin imports Kitas from files, with progress and a per-row report', async ({ page, importServer }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(importServer.url);
  await loginStaff(page, 'adam');
  await page
    .getByRole('navigation', { name: /Verwaltung/ })
    .getByRole('button', { name: 'Kitas importieren' })
    .click();
  await expect(page).toHaveTitle('KitaPortal – Verwaltung: Kitas importieren');
  const sec = page.getByTestId('admin-import');
  await sec.getByRole('button', { name: 'Importieren' }).click();
  await expect(sec.getByText('Bitte wählen Sie mindestens eine Datei.')).toBeVisible();

  const mapping = JSON.stringify({
    format: 'csv',
    source: 'upload',
    target: 'kitas',
    key: 'id',
    codes: { traeger: { file: 'traeger.json' } },
    fields: {
      name: { column: 'name', required: true },
      'carrier.name': { column: 'traeger', parse: 'code' },
      'address.street': 'strasse',
      'address.postcode': 'plz',
      'address.city': { constant: 'Kaiserslautern' },
      lat: { column: 'lat', parse: 'number' },
      lon: { column: 'lon', parse: 'number' },
    },
  });
  const csv =
    'id,name,traeger,strasse,plz,lat,lon\n' +
    'u1,Kita Sonnenblume,S,Hauptstraße 1,67655,49.44,7.76\n' +
    'u2,Kita Regenbogen,K,Marktstraße 2,67655,49.45,7.77\n' +
    'u3,,S,Nirgendwo 3,67655,abc,7.7\n';
  // The code list carries a long unused label, so that the upload takes a moment on the
  // throttled connection below and its progress can be seen.
  const codes = JSON.stringify({ S: 'Stadt Kaiserslautern', K: 'Kirchengemeinde', Z: 'z'.repeat(1_500_000) });
  await sec.getByLabel('Dateien mit den Kitas oder Orten').setInputFiles({
    name: 'kitas.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await sec.getByLabel(/^Zuordnungsdatei/).setInputFiles({
    name: 'stadt.json',
    mimeType: 'application/json',
    buffer: Buffer.from(mapping),
  });
  await sec.getByRole('button', { name: 'Importieren' }).click();
  await expect(page.getByTestId('admin-import-error')).toContainText('traeger.json');

  await sec.getByLabel(/^Code-Listen/).setInputFiles({
    name: 'traeger.json',
    mimeType: 'application/json',
    buffer: Buffer.from(codes),
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 300 * 1024,
  });
  await sec.getByRole('button', { name: 'Importieren' }).click();
  await expect(sec.getByRole('status').filter({ hasText: /Wird hochgeladen: \d+ %/ })).toBeVisible();
  await shot(page, 'admin-import-01-progress');
  const report = page.getByTestId('admin-import-report');
  await expect(report).toContainText('Nichts wurde importiert. Gefundene Fehler: 2.');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  const rejected = page.getByTestId('admin-import-rejected');
  await expect(rejected.getByRole('row').filter({ hasText: 'Zeile 4' })).toHaveCount(2);
  await expect(rejected).toContainText('name');
  await expect(rejected).toContainText('abc');
  await fullShot(page, 'admin-import-02-rejected');
  await expectAccessible(page, 'admin import report');
  const before = await (await page.request.get(`${importServer.url}/api/kitas?limit=1`)).json();
  expect(before.total).toBe(48);

  await sec.getByLabel('Fehlerhafte Zeilen überspringen und die übrigen importieren').check();
  await sec.getByRole('button', { name: 'Importieren' }).click();
  await expect(report).toContainText('Importiert: 2 neu, 0 geändert, 0 unverändert, 48 entfernt, 0 Orte.');
  await expect(report).toContainText('Übersprungene Fehler: 2');
  await fullShot(page, 'admin-import-03-done');
  const after = await (await page.request.get(`${importServer.url}/api/kitas?limit=5&q=Sonnenblume`)).json();
  expect(after.total).toBe(1);
  expect(after.items[0].name).toBe('Kita Sonnenblume');
});
