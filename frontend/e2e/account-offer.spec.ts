// Issue 4, offer → accept: a family with three Kitas; the staff of Kita 2 (desk) reads
// and offers a place; the parent (phone, 360×640) logs in with number and access code,
// sees the offer with its deadline and accepts; the other two Vormerkungen are
// withdrawn, and the staff of another Kita sees that in its list.
import {
  test,
  expect,
  shot,
  expectAccessible,
  expectTouchTargets,
  registerFamily,
  loginStaff,
  loginOnStatusPage,
} from './account-fixtures';

test('Kita offers a place, the parent accepts on the phone, the other Kitas see the withdrawal', async ({
  browser,
  staffServer,
}) => {
  const url = staffServer.url;
  const family = await registerFamily(url, { kitas: ['kl-001', 'kl-002', 'kl-007'] });

  // The Kita of wish 2 at its desk.
  const desk = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const staff = await desk.newPage();
  await staff.goto(url);
  await loginStaff(staff, 'otto');
  await expect(staff).toHaveTitle(/^KitaPortal – Vormerkungen: /);
  const card = staff.locator('.item', { hasText: family.child });
  await expect(card).toBeVisible();
  await expect(card.locator('.status-badge')).toHaveText('eingegangen');
  await shot(staff, 'staff-01-inbox');
  await expectAccessible(staff, 'Kita list');
  await expectTouchTargets(staff, 'Kita list');

  await card.getByRole('button', { name: /^Öffnen/ }).click();
  const detail = staff.locator('.detail');
  await expect(detail.getByRole('heading', { level: 2 })).toContainText(family.child);
  await expect(detail).toContainText(family.number);
  await expect(detail).toContainText('0631 1234567');
  await detail.getByRole('button', { name: 'Als gelesen markieren' }).click();
  await expect(detail.locator('.title .status-badge')).toHaveText('gelesen');
  await shot(staff, 'staff-02-detail');

  await detail.getByRole('button', { name: 'Platz anbieten' }).click();
  const dialog = staff.getByRole('dialog', { name: /^Platz anbieten/ });
  await expect(dialog).toBeVisible();
  // A deadline too far ahead: the API's error appears at the field.
  await dialog.getByLabel(/Antwort bis/).fill('01.01.2099');
  await dialog.getByRole('button', { name: 'Platz anbieten' }).click();
  await expect(dialog.getByLabel(/Antwort bis/)).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('Die Frist muss zwischen morgen und in 60 Tagen liegen.');
  await shot(staff, 'staff-03-offer-dialog');
  await expectAccessible(staff, 'Kita action dialog');
  await dialog.getByLabel(/Antwort bis/).fill('');
  await dialog.getByLabel('Nachricht an die Familie').fill('Wir freuen uns auf Sie!');
  await dialog.getByRole('button', { name: 'Platz anbieten' }).click();
  await expect(dialog).toBeHidden();
  await expect(detail.locator('.title .status-badge')).toHaveText('Platzangebot');
  await detail.getByRole('button', { name: 'Zurück zur Liste' }).click();
  await expect(card.locator('.status-badge')).toHaveText('Platzangebot');

  // The parent on the phone: the receipt's QR code leads to /status/NUMBER.
  const phone = await browser.newContext({
    viewport: { width: 360, height: 640 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    isMobile: true,
    hasTouch: true,
  });
  const parent = await phone.newPage();
  await parent.goto(`${url}/status/${family.number}`);
  await expect(parent).toHaveTitle('KitaPortal – Anmelden');
  await shot(parent, 'account-01-login-status-page');
  await expectAccessible(parent, 'login');
  await expectTouchTargets(parent, 'login');
  await loginOnStatusPage(parent, url, family);
  await expect(parent).toHaveTitle('KitaPortal – Meine Vormerkungen');

  const offer = parent.getByTestId('offer-box');
  await expect(offer).toContainText('Platzangebot: Kinderhaus am Pfaffplatz');
  await expect(offer).toContainText(/Bitte antworten Sie bis \d\d\.\d\d\.\d{4}\./);
  await expect(offer).toContainText('noch 14 Tage');
  await shot(parent, 'account-02-offer-phone');
  await expectAccessible(parent, 'account');
  await expectTouchTargets(parent, 'account');

  // The history shows the Kita's message.
  const kita2 = parent.locator('li.kita[data-kita="kl-002"]');
  await kita2.getByRole('button', { name: /^Verlauf zeigen/ }).click();
  await expect(kita2.locator('.timeline')).toContainText('Wir freuen uns auf Sie!');

  await offer.getByRole('button', { name: /^Platz annehmen/ }).click();
  const confirm = parent.getByRole('alertdialog', { name: 'Platz annehmen?' });
  await expect(confirm).toContainText('Diese Vormerkungen werden dann zurückgezogen:');
  await expect(confirm.locator('li')).toHaveText(['Städtische Kita Pfaffstraße', 'Kinderkrippe Stiftsplätzchen']);
  await shot(parent, 'account-03-accept-confirm');
  await confirm.getByRole('button', { name: 'Ja, Platz annehmen' }).click();
  await expect(confirm).toBeHidden();
  await expect(kita2.locator('.info .status-badge')).toHaveText('angenommen');
  await expect(parent.locator('li.kita[data-kita="kl-001"] .info .status-badge')).toHaveText('zurückgezogen');
  await expect(parent.locator('li.kita[data-kita="kl-007"] .info .status-badge')).toHaveText('zurückgezogen');
  await expect(offer).toBeHidden();
  await parent
    .locator('li.kita[data-kita="kl-001"]')
    .getByRole('button', { name: /^Verlauf zeigen/ })
    .click();
  await expect(parent.locator('li.kita[data-kita="kl-001"] .timeline')).toContainText(
    'Zurückgezogen, weil Sie einen anderen Platz angenommen haben.',
  );
  await shot(parent, 'account-04-accepted-phone');
  // Strong contrast: still readable and without contrast violations.
  await parent.getByRole('button', { name: 'Starker Kontrast' }).click();
  await expectAccessible(parent, 'account in high contrast');
  await shot(parent, 'account-04b-accepted-high-contrast');

  // Kita 1 sees the withdrawal in its list (filtered by status).
  const desk2 = await browser.newContext({
    viewport: { width: 1366, height: 900 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const other = await desk2.newPage();
  await other.goto(url);
  await loginStaff(other, 'erika');
  await other.getByLabel('Stand').selectOption('zurueckgezogen');
  const withdrawn = other.locator('.item', { hasText: family.child });
  await expect(withdrawn.locator('.status-badge')).toHaveText('zurückgezogen');
  await expect(other.locator('.item')).toHaveCount(1);
  await shot(other, 'staff-04-withdrawn');

  await Promise.all([desk.close(), phone.close(), desk2.close()]);
});
