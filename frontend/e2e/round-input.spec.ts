// Issue 13, the round's input. Siblings: only a family account or a clerk's link keeps
// children together; the clerk links two children registered apart, sees the group
// before the run and undoes the link; a family with two children says they need not be
// in the same Kita. A round can be recomputed by anyone, and a Kita deviates from it
// only in writing. The clerk downloads the round's input as CSV; the head of a Kita sees the
// children the draft round recommends there, refuses one with a reason (a too short
// reason is refused), the round runs again without that child there, and the clerk
// sees the deviation with its reason in the round's notes.
import { readFile } from 'node:fs/promises';
import {
  test,
  expect,
  shot,
  expectAccessible,
  registerFamily,
  loginStaff,
  password,
  uniqueName,
} from './account-fixtures';

test('clerk downloads the input; a Kita deviates with a reason; the clerk sees it', async ({
  page,
  browser,
  deviationServer,
}) => {
  const url = deviationServer.url;
  const year = new Date().getFullYear() + 1;
  const start = `${year}-08-01`;
  // Städtische Kita Pfaffstraße (kl-001, Erika's Kita) has one place for under-threes:
  // the round recommends it to the child with the most points.
  const first = await registerFamily(url, {
    kitas: ['kl-001'],
    birth: `${year - 1}-06-01`,
    start,
    criteria: { single_parent: true, special_needs: true, youth_welfare: true },
  });
  await registerFamily(url, { kitas: ['kl-001'], birth: `${year - 1}-07-01`, start });

  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(url);
  await loginStaff(page, 'clara');
  await page.getByTestId('clerk-frame').getByRole('button', { name: 'Vergaberunden' }).click();
  await page.getByRole('button', { name: 'Berechnen' }).click();
  await expect(page).toHaveTitle(/^KitaPortal – Vergaberunde VR-/);
  const roundId = /VR-\S+/.exec(await page.title())![0];
  const placements = page.getByTestId('round-placements');
  await page.getByLabel('Name, Nummer oder Kita').fill(first.number);
  await expect(placements.locator(`tr[data-number="${first.number}"]`)).toContainText('Pfaffstraße');

  // The input for recomputation, as a table.
  const exportBox = page.getByTestId('round-export');
  await expect(exportBox).toContainText('ohne Namen');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    exportBox.getByRole('link', { name: 'Herunterladen als Tabelle (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^kitaportal-VR-.+-input\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe(
    'round_id,number,age_group,group,lottery,fixed_kita_id,rank,kita_id,considered,points,point_parts,da_status,da_kita_id,da_rank,fcf_status,fcf_kita_id,fcf_rank',
  );
  expect(lines.length).toBeGreaterThan(120);
  const row = lines.find((l) => l.includes(`,${first.number},`))!;
  expect(row).toContain(',kl-001,true,');
  expect(row).toMatch(/youth_welfare=\d+/);
  expect(row).toContain(',placed,kl-001,1,');
  expect(csv).not.toContain(first.child);

  // The head of kl-001 sees the recommendation and deviates, in writing.
  const desk = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const kita = await desk.newPage();
  await kita.goto(url);
  await loginStaff(kita, 'erika');
  const rec = kita.getByTestId('round-recommendation');
  await expect(rec.getByRole('heading', { name: 'Vorschlag der Vergaberunde' })).toBeVisible();
  const item = rec.locator(`li[data-number="${first.number}"]`);
  await expect(item).toContainText(first.child);
  await expect(item).toContainText('Wunsch 1');
  const before = await rec.locator('ul.children > li').count();
  await item.getByRole('button', { name: new RegExp(`^Abweichen\\s*: ${first.child} `) }).click();
  const dialog = kita.getByRole('dialog', { name: new RegExp(`^Von der Empfehlung abweichen: ${first.child} `) });
  const reason = dialog.getByLabel('Begründung');
  await expect(reason).toBeFocused();
  await reason.fill('zu kurz');
  await dialog.getByRole('button', { name: 'Abweichung speichern' }).click();
  await expect(dialog.locator('.field-error')).toHaveText('Bitte nennen Sie den Grund in 10 bis 1000 Zeichen.');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await shot(kita, 'deviation-01-reason-too-short');
  await expectAccessible(kita, 'deviation dialog');
  const why = 'Der einzige Krippenplatz braucht eine Integrationskraft, die ab August fehlt.';
  await reason.fill(why);
  await dialog.getByRole('button', { name: 'Abweichung speichern' }).click();
  await expect(dialog).toBeHidden();
  await expect(rec.locator(`li[data-number="${first.number}"]`)).toHaveCount(0);
  await expect(rec.locator('ul.children > li')).toHaveCount(before);
  await expect(kita.getByTestId('kita-deviations')).toContainText(why);
  await shot(kita, 'deviation-02-kita-after');
  await desk.close();

  // The clerk opens the round again: the deviation is in its notes, the child elsewhere.
  await page.getByRole('button', { name: 'Zurück zu den Runden' }).click();
  await page
    .getByRole('row', { name: new RegExp(roundId) })
    .getByRole('button')
    .click();
  await expect(page).toHaveTitle(`KitaPortal – Vergaberunde ${roundId}`);
  const notes = page.getByTestId('round-notes');
  await expect(notes.getByTestId('round-deviations')).toContainText('Städtische Kita Pfaffstraße');
  await expect(notes.getByTestId('round-deviations')).toContainText(first.number);
  await expect(notes.getByTestId('round-deviations')).toContainText(why);
  await notes.scrollIntoViewIfNeeded();
  await shot(page, 'deviation-03-clerk-notes');
  await page.getByLabel('Name, Nummer oder Kita').fill(first.number);
  await expect(placements.locator(`tr[data-number="${first.number}"]`)).not.toContainText('Pfaffstraße');
  await expectAccessible(page, 'round notes with a deviation');
});

test('siblings: a clerk links and unlinks, sees the groups before the run; a family says apart', async ({
  page,
  browser,
  deviationServer,
}) => {
  const url = deviationServer.url;
  const year = new Date().getFullYear() + 1;
  const start = `${year}-08-01`;
  // Two children registered apart (no shared account), same surname and address.
  const last = uniqueName('Geschwister');
  const a = await registerFamily(url, { kitas: ['kl-002'], last, start, birth: `${year - 2}-03-01` });
  const b = await registerFamily(url, { kitas: ['kl-002', 'kl-001'], last, start, birth: `${year - 4}-03-01` });

  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(url);
  await loginStaff(page, 'clara');
  const frame = page.getByTestId('clerk-frame');
  await frame.getByRole('button', { name: 'Vergaberunden' }).click();
  const families = page.getByTestId('round-families');
  await expect(families.getByRole('heading', { name: 'Geschwister, die diese Runde zusammenhält' })).toBeVisible();
  await expect(families).not.toContainText(a.child);

  // The clerk links them on the family's page.
  await frame.getByRole('button', { name: 'Familie suchen' }).click();
  await page.getByRole('searchbox', { name: 'Name' }).fill(a.child);
  await page.getByRole('button', { name: 'Suchen', exact: true }).click();
  await page
    .locator(`.result[data-number="${a.number}"]`)
    .getByRole('button', { name: /^Öffnen/ })
    .click();
  const siblings = page.getByTestId('clerk-siblings');
  const number = siblings.getByLabel('Vormerkungsnummer des Geschwisterkinds');
  await number.fill(a.number);
  await siblings.getByRole('button', { name: 'Als Geschwister verknüpfen' }).click();
  await expect(siblings.locator('.field-error')).toContainText('Das ist dasselbe Kind.');
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await number.fill(b.number.toLowerCase());
  await siblings.getByRole('button', { name: 'Als Geschwister verknüpfen' }).click();
  await expect(siblings).toContainText(`Verknüpft mit: ${b.number}`);
  await siblings.scrollIntoViewIfNeeded();
  await shot(page, 'siblings-01-clerk-linked');
  await expectAccessible(page, 'clerk family with siblings');

  // Before the run the round lists them, with what linked them; the clerk undoes it.
  await frame.getByRole('button', { name: 'Vergaberunden' }).click();
  const group = families.locator('li[data-group]').filter({ hasText: a.child });
  await expect(group).toContainText('Von der Sachbearbeitung verknüpft');
  await expect(group).toContainText(b.child);
  await expect(group).toContainText(b.number);
  await group.scrollIntoViewIfNeeded();
  await shot(page, 'siblings-02-before-run');
  await expectAccessible(page, 'round list with siblings');
  await group.getByRole('button', { name: new RegExp(`^Verknüpfung lösen\\s*: ${b.child} `) }).click();
  await expect(families.locator('li[data-group]').filter({ hasText: a.child })).toHaveCount(0);

  // A family account with two children: kept together unless the family says apart.
  const email = `${last.toLowerCase()}@example.org`;
  const account = { email, password };
  const c1 = await registerFamily(url, { kitas: ['kl-001'], start, birth: `${year - 2}-05-01`, account });
  const c2 = await registerFamily(url, { kitas: ['kl-001'], start, birth: `${year - 4}-05-01`, loginAs: account });
  const startField = page.getByLabel('Beginn der Plätze');
  const acct = families.locator('li[data-group]').filter({ hasText: c1.child });
  await startField.fill(`02.08.${year}`);
  await startField.fill(`01.08.${year}`);
  await expect(acct).toContainText('Aus einem Familienkonto');
  await expect(acct).toContainText(c2.child);
  await expect(acct.getByRole('button')).toHaveCount(0);
  // After a run the review shows where the siblings went, and what keeping them cost.
  await page.getByRole('button', { name: 'Berechnen' }).click();
  await expect(page).toHaveTitle(/^KitaPortal – Vergaberunde VR-/);
  const after = page.getByTestId('round-families');
  await expect(after.getByRole('heading', { name: 'Geschwister in dieser Runde' })).toBeVisible();
  await expect(after.locator('li[data-group]').filter({ hasText: c1.child })).toContainText(c2.child);
  await expect(after.getByTestId('round-repair-cost')).toContainText(/Zusammen in einer Kita: \d+ Gruppen/);
  await expect(after.getByTestId('round-repair-cost')).toContainText(/Dafür bekamen \d+ Kinder einen späteren Wunsch/);
  await after.scrollIntoViewIfNeeded();
  await shot(page, 'siblings-03-after-run');
  await page.getByRole('button', { name: 'Zurück zu den Runden' }).click();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const parent = await phone.newPage();
  await parent.goto(url);
  await parent.getByRole('banner').getByRole('button', { name: 'Anmelden' }).click();
  await parent.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill(email);
  await parent.locator('#login-password').fill(password);
  await parent
    .locator('form')
    .filter({ has: parent.locator('#login-password') })
    .getByRole('button', { name: 'Anmelden' })
    .click();
  await expect(parent.getByRole('heading', { level: 1, name: 'Meine Vormerkungen' })).toBeVisible();
  const apart = parent.getByTestId('siblings-apart');
  const box = apart.getByRole('checkbox', { name: 'Unsere Kinder müssen nicht in dieselbe Kita' });
  await expect(box).not.toBeChecked();
  await box.check();
  await expect(parent.getByText('Gespeichert: Ihre Kinder werden einzeln vergeben.')).toBeAttached();
  await apart.scrollIntoViewIfNeeded();
  await shot(parent, 'siblings-04-family-apart');
  await expectAccessible(parent, 'account with the apart choice');
  await phone.close();

  // The round no longer keeps them together.
  await startField.fill(`02.08.${year}`);
  await startField.fill(`01.08.${year}`);
  await expect(families.locator('li[data-group]').filter({ hasText: c1.child })).toHaveCount(0);
});
