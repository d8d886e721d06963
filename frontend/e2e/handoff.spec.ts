// "Continue on your phone": the kiosk shows a QR code, a phone scans it (decoded here
// from the picture with a real QR decoder), the phone gets the Merkliste and the form,
// and the kiosk wipes itself. Two browser contexts, one for each device.
import {
  test as base,
  expect,
  expectAccessible,
  expectTouchTargets,
  shot,
  waitForResults,
  addKitas,
  dateFromToday,
} from './fixtures';
import { startServer, type Server } from './server';
import { decodeQr, expectNothingLeft, phonePage } from './handoff-helpers';
import { expectPhoneFit } from './phone-fit';

// Its own server: failed redemptions are rate limited per address (10 in 10 minutes),
// and every test here runs from 127.0.0.1.
const test = base.extend<{}, { handoffServer: Server }>({
  handoffServer: [
    async ({}, use) => {
      const s = await startServer();
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
});

// A server whose kiosk warns after 5 s without a touch and wipes 20 s later.
const idleTest = base.extend<{}, { idleServer: Server }>({
  idleServer: [
    async ({}, use) => {
      const s = await startServer({ settings: { idle_seconds: 5, idle_warning_seconds: 20 } });
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
});

const child = { first: 'Kunigunde', last: 'Zwiebelfisch' };
const parent = { first: 'Hildegard', street: 'Quellenweg 7' };

test('the kiosk hands a half-done Vormerkung over to a phone and wipes itself', async ({
  page,
  browser,
  handoffServer: server,
}) => {
  // The kiosk: three Kitas, the child's step and part of the parents' step.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  const handoffButton = page.getByRole('button', { name: 'Auf dem Handy weitermachen' });
  await expect(handoffButton).toHaveCount(0); // nothing to hand over yet
  const chosen = await addKitas(page, 3);
  await expect(handoffButton).toBeVisible();
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /Merkliste/ })
    .click();
  await expect(handoffButton).toBeVisible();
  await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
  const birth = dateFromToday(-20);
  const start = dateFromToday(4, true);
  await page.getByLabel('Vorname des Kindes').fill(child.first);
  await page.getByLabel('Nachname des Kindes').fill(child.last);
  await page.getByLabel('Geburtsdatum').fill(birth);
  await page.getByLabel('Ab wann brauchen Sie den Platz?').fill(start);
  await page.getByLabel('Betreuung pro Woche').selectOption({ label: '30 Stunden' });
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Schritt 2 von 5/ })).toBeVisible();
  await page.getByLabel('Vorname').first().fill(parent.first);
  await page.getByLabel('Nachname').first().fill(child.last);
  await page.getByLabel('Straße und Hausnummer').fill(parent.street);
  // The button steps aside while the on-screen keyboard is open; "Fertig" closes it.
  await expect(handoffButton).toBeHidden();
  await page.getByRole('group', { name: 'Bildschirmtastatur' }).getByRole('button', { name: 'Fertig' }).click();
  // At once, without waiting for the draft to be saved: the dialog saves it first.
  await handoffButton.click();

  const dialog = page.getByRole('dialog', { name: 'Auf dem Handy weitermachen' });
  await expect(dialog).toBeVisible();
  const qr = dialog.getByTestId('handoff-qr');
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const box = (await qr.boundingBox())!;
  expect(box.width, 'a large QR code').toBeGreaterThanOrEqual(300);
  await expect(dialog.getByTestId('handoff-code')).toHaveText(/[A-Z0-9]{4}-[A-Z0-9]{4}/);
  await expect(dialog.getByTestId('handoff-url')).toHaveText(/\/h$/);
  await expect(dialog).toContainText('Der Code gilt einmal und 10 Minuten lang.');
  await expect(dialog.getByTestId('handoff-remaining')).toHaveText(/Noch (9:[0-5]\d|10:00) gültig/);
  await shot(page, 'handoff-01-kiosk-dialog');
  await expectAccessible(page, 'hand-off dialog');
  await expectTouchTargets(page, 'hand-off dialog');

  // The phone scans the code: read from the picture, not from the page or the API.
  const url = await decodeQr(qr);
  expect(url).toMatch(new RegExp(`^${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/h/[A-Za-z0-9_-]{20,}$`));
  const phone = await phonePage(browser);
  const redeemed = phone.page.waitForResponse((r) => r.url().endsWith('/api/handoff/redeem') && r.status() === 200);
  await phone.page.goto(url);
  await redeemed;
  const redeemedAt = Date.now();

  // The kiosk notices within two seconds and says where the family went.
  await expect(page.getByTestId('handoff-farewell')).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - redeemedAt).toBeLessThan(2_000);

  // The phone: the token leaves the address bar at once; the same Kitas, same order.
  await expect(phone.page.getByRole('heading', { name: 'Ihre Merkliste' })).toBeVisible();
  expect(phone.page.url()).toBe(`${server.url}/`);
  await expect(page.getByTestId('handoff-farewell')).toContainText('Weiter auf Ihrem Handy');
  await shot(page, 'handoff-02-kiosk-farewell');

  await expect(phone.page.getByTestId('handoff-arrived')).toContainText(
    'Mit „Weiter zur Vormerkung“ machen Sie bei Schritt 2 von 5 weiter.',
  );
  const names = phone.page.locator('.merkliste .item h2');
  await expect(names).toHaveCount(3);
  expect((await names.allTextContents()).map((n) => n.replace(/^Wunsch \d: /, ''))).toEqual(chosen);
  await shot(phone.page, 'handoff-03-phone-merkliste');
  await expectPhoneFit(phone.page, 'the Merkliste after the hand-off');

  // The kiosk: back at Welcome, nothing of the family left.
  await expect(page.getByTestId('handoff-farewell')).toBeHidden({ timeout: 10_000 });
  await expect(page).toHaveTitle('KitaPortal – Willkommen');
  await expect(page.getByRole('button', { name: 'Start' })).toBeVisible();
  await expectNothingLeft(page, [child.first, child.last, parent.first, parent.street, ...chosen]);
  await shot(page, 'handoff-04-kiosk-welcome');
  // The kiosk's server session is gone too: a new visit starts empty.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('navigation').getByText('0 von 5')).toBeVisible();

  // The phone: the form where the family left it, and on to the receipt.
  const p = phone.page;
  await p.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
  await expect(p.getByRole('heading', { name: /Schritt 2 von 5/ })).toBeVisible();
  await expect(p.getByLabel('Vorname').first()).toHaveValue(parent.first);
  await expect(p.getByLabel('Nachname').first()).toHaveValue(child.last);
  await expect(p.getByLabel('Straße und Hausnummer')).toHaveValue(parent.street);
  await shot(p, 'handoff-05-phone-form-parents');
  await p.getByRole('button', { name: 'Zurück', exact: true }).click();
  await expect(p.getByRole('heading', { name: /Schritt 1 von 5/ })).toBeVisible();
  await expect(p.getByLabel('Vorname des Kindes')).toHaveValue(child.first);
  await expect(p.getByLabel('Nachname des Kindes')).toHaveValue(child.last);
  await expect(p.getByLabel('Geburtsdatum')).toHaveValue(birth);
  await expect(p.getByLabel('Ab wann brauchen Sie den Platz?')).toHaveValue(start);
  await expect(p.getByLabel('Betreuung pro Woche')).toHaveValue('30');
  await p.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(p.getByRole('heading', { name: /Schritt 2 von 5/ })).toBeVisible();
  await p.getByLabel('Postleitzahl').fill('67655');
  await p.getByLabel('Ort').fill('Kaiserslautern');
  await p.getByLabel(/E-Mail/).fill('hildegard@example.org');
  await p.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(p.getByRole('heading', { name: /Schritt 3 von 5/ })).toBeVisible();
  await p.getByLabel('Arbeit', { exact: true }).selectOption('teilzeit');
  await p.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(p.getByRole('heading', { name: /Schritt 4 von 5/ })).toBeVisible();
  await p.getByLabel(/Hinweise zum Datenschutz gelesen/).check();
  await p.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(p.getByRole('heading', { name: /Schritt 5 von 5/ })).toBeVisible();
  await expect(p.locator('.sections')).toContainText(`${child.first} ${child.last}`);
  await expect(p.locator('.sections ol li')).toHaveCount(3);
  await p.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();
  await expect(p.getByTestId('receipt-number')).toBeVisible();
  await expect(p.locator('.receipt ol').first().locator('li').first()).toContainText(chosen[0]!);
  await shot(p, 'handoff-06-phone-receipt');
  phone.checkErrors();
  await phone.context.close();
});

test('a used link is refused, and the typed code works with lower case and spaces', async ({
  page,
  browser,
  handoffServer: server,
}) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  const kioskVisit = async (): Promise<void> => {
    await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForResults(page);
    await addKitas(page, 1);
    await page.getByRole('button', { name: 'Auf dem Handy weitermachen' }).click();
    await expect(page.getByTestId('handoff-qr')).toBeVisible();
  };

  // The first phone takes the draft.
  await kioskVisit();
  await shot(page, 'handoff-07-kiosk-dialog-portrait');
  const url = await decodeQr(page.getByTestId('handoff-qr'));
  const first = await phonePage(browser);
  await first.page.goto(url);
  await expect(first.page.getByRole('heading', { name: 'Ihre Merkliste' })).toBeVisible();
  const farewell = page.getByTestId('handoff-farewell');
  await expect(farewell).toBeVisible({ timeout: 2_500 });
  await farewell.getByRole('button', { name: 'OK' }).click();
  await expect(farewell).toHaveCount(0);
  await expect(page).toHaveTitle('KitaPortal – Willkommen');

  // The same address again, on a third device: not valid, and nothing leaks.
  const replay = await phonePage(browser);
  await replay.page.goto(url);
  await expect(replay.page.getByRole('heading', { level: 1 })).toHaveText('Dieser Code gilt nicht mehr');
  await expect(replay.page.getByText('Lassen Sie sich am Kiosk einen neuen Code anzeigen')).toBeVisible();
  expect(replay.page.url()).toBe(`${server.url}/`);
  await expect(replay.page.getByRole('navigation').getByText('0 von 5')).toBeVisible();
  await expect(replay.page.locator('.merkliste')).toHaveCount(0);
  await shot(replay.page, 'handoff-08-phone-invalid');
  await expectPhoneFit(replay.page, 'hand-off invalid page');
  await expectAccessible(replay.page, 'hand-off invalid page');
  await expectTouchTargets(replay.page, 'hand-off invalid page');

  // A new visit at the kiosk, in Turkish; this time the family types the code at /h.
  await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
  await page.getByRole('button', { name: 'Türkçe' }).click();
  await page.locator('.start-button').click();
  await expect(page.locator('.kita-card').first()).toBeVisible();
  await page.locator('.kita-card .mk-button').first().click();
  await page.getByRole('button', { name: 'Telefonunuzda devam edin' }).click();
  await expect(page.getByTestId('handoff-qr')).toBeVisible();
  const code = (await page.getByTestId('handoff-code').textContent())!.replace(/^[^:]*:\s*/, '').trim();
  expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const typed = await phonePage(browser);
  await typed.page.goto(`${server.url}/h`);
  await expect(typed.page.getByRole('heading', { name: 'Mit dem Code vom Kiosk weitermachen' })).toBeVisible();
  await shot(typed.page, 'handoff-09-phone-code-entry');
  await expectAccessible(typed.page, 'hand-off code entry');
  await expectTouchTargets(typed.page, 'hand-off code entry');

  // A wrong code: the error at the field.
  const field = typed.page.getByLabel('Code vom Kiosk');
  await field.fill('zzzz-zzzz');
  await typed.page.getByRole('button', { name: 'Weitermachen' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(typed.page.locator('#handoff-code-error')).toHaveText(/Dieser Code gilt nicht \(mehr\)/);
  await expect(field).toBeFocused();
  await shot(typed.page, 'handoff-10-phone-code-wrong');
  await expectAccessible(typed.page, 'hand-off code entry with error');

  // The right one, in lower case with spaces.
  await field.fill(` ${code.toLowerCase().replace('-', ' ')} `);
  await typed.page.getByRole('button', { name: 'Weitermachen' }).click();
  await expect(typed.page.locator('.merkliste')).toBeVisible();
  await expect(typed.page.locator('.merkliste .item')).toHaveCount(1);
  expect(typed.page.url()).toBe(`${server.url}/`);
  // The phone continues in the language the family chose at the kiosk …
  await expect(typed.page.locator('html')).toHaveAttribute('lang', 'tr');
  await expect(typed.page.getByTestId('handoff-arrived')).toContainText('Artık telefonunuzdasınız');
  // … and the kiosk says goodbye in it, though its wipe turns it back to German.
  await expect(page.getByTestId('handoff-farewell')).toBeVisible({ timeout: 2_500 });
  await expect(page.getByTestId('handoff-farewell')).toContainText('Telefonunuzda devam edin');
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  for (const d of [first, replay, typed]) {
    d.checkErrors();
    await d.context.close();
  }
});

test('"Abbrechen" closes the dialog and the code no longer works; an expired code offers a new one', async ({
  page,
  browser,
  handoffServer: server,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  const chosen = await addKitas(page, 1);
  await page.getByRole('button', { name: 'Auf dem Handy weitermachen' }).click();
  const code = (await page.getByTestId('handoff-code').textContent())!.replace(/^Code:\s*/, '').trim();
  await page.getByRole('button', { name: 'Abbrechen' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Auf dem Handy weitermachen' })).toBeFocused();
  // The kiosk keeps its visit.
  await expect(page.getByRole('navigation').getByText('1 von 5')).toBeVisible();

  const phone = await phonePage(browser);
  await phone.page.goto(`${server.url}/h`);
  await phone.page.getByLabel('Code vom Kiosk').fill(code);
  await phone.page.getByRole('button', { name: 'Weitermachen' }).click();
  await expect(phone.page.locator('#handoff-code-error')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kitas finden');

  // The code runs out (the server says so: no pending hand-off): a new code is offered.
  await page.getByRole('button', { name: 'Auf dem Handy weitermachen' }).click();
  await expect(page.getByTestId('handoff-qr')).toBeVisible();
  await page.route('**/api/handoff', (route) =>
    route.request().method() === 'GET' ? route.fulfill({ json: { state: 'none' } }) : route.continue(),
  );
  await expect(page.getByRole('dialog')).toContainText('Der Code ist abgelaufen.');
  await page.unroute('**/api/handoff');
  await expect(page.getByTestId('handoff-qr')).toHaveCount(0);
  await shot(page, 'handoff-11-kiosk-expired');
  await page.getByRole('button', { name: 'Neuen Code anzeigen' }).click();
  await expect(page.getByTestId('handoff-qr')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.kita-card').filter({ hasText: chosen[0]! }).first()).toBeVisible();

  // Refusals get clear messages (the server's answers stood in for: this one hands off).
  const refuse = async (status: number, error: Record<string, unknown>): Promise<void> => {
    await page.unroute('**/api/handoff');
    await page.route('**/api/handoff', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status, json: { error } }) : route.continue(),
    );
  };
  const dialog = page.getByRole('dialog', { name: 'Auf dem Handy weitermachen' });
  await refuse(409, { code: 'handoff.logged_in', message: '' });
  await page.getByRole('button', { name: 'Auf dem Handy weitermachen' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'Bitte melden Sie sich zuerst ab. Eine Anmeldung wird nicht auf das Handy übertragen.',
  );
  await expect(dialog.getByRole('button', { name: 'Noch einmal versuchen' })).toHaveCount(0);
  await shot(page, 'handoff-12-kiosk-refused');
  await expectAccessible(page, 'hand-off dialog with an error');
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  await refuse(403, { code: 'handoff.kiosk_only', message: '' });
  await page.getByRole('button', { name: 'Auf dem Handy weitermachen' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Das Weitermachen auf dem Handy geht nur vom Kiosk aus.');
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  await refuse(429, { code: 'auth.rate_limited', message: '', retry_after: 290 });
  await page.getByRole('button', { name: 'Auf dem Handy weitermachen' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'Zu viele Codes in kurzer Zeit. Bitte versuchen Sie es in 5 Minuten noch einmal.',
  );
  await page.unroute('**/api/handoff');
  await dialog.getByRole('button', { name: 'Noch einmal versuchen' }).click();
  await expect(dialog.getByTestId('handoff-qr')).toBeVisible();
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  phone.checkErrors();
  await phone.context.close();
});

idleTest(
  'the idle warning also guards an open hand-off: "Weiter" keeps the code, running out wipes it',
  async ({ page, browser, idleServer: server }) => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForResults(page);
    const chosen = await addKitas(page, 1);
    await page.getByRole('button', { name: 'Auf dem Handy weitermachen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Auf dem Handy weitermachen' });
    const qr = dialog.getByTestId('handoff-qr');
    await expect(qr).toBeVisible();
    const url = await decodeQr(qr);

    // The family is fetching its phone: the warning comes, "Weiter" keeps the dialog.
    const warning = page.getByRole('alertdialog');
    await expect(warning).toBeVisible({ timeout: 15_000 });
    await shot(page, 'handoff-13-kiosk-idle-over-dialog');
    await warning.getByRole('button', { name: 'Weiter' }).click();
    await expect(warning).toBeHidden();
    await expect(qr).toBeVisible();
    await expect(dialog.getByTestId('handoff-remaining')).toHaveText(/Noch \d+:\d\d gültig/);

    // Nobody comes back: the visit ends, and with it the code.
    await expect(warning).toBeVisible({ timeout: 15_000 });
    await expect(page).toHaveTitle('KitaPortal – Willkommen', { timeout: 40_000 });
    await expect(dialog).toHaveCount(0);
    await expectNothingLeft(page, chosen);
    const phone = await phonePage(browser);
    await phone.page.goto(url);
    await expect(phone.page.getByRole('heading', { level: 1 })).toHaveText('Dieser Code gilt nicht mehr');
    phone.checkErrors();
    await phone.context.close();
  },
);
