// Kiosk shell: the idle warning and wipe (short idle time via `kitaportal settings`)
// and the on-screen keyboard.
import type { Page } from '@playwright/test';
import {
  test as base,
  expect,
  expectAccessible,
  shot,
  waitForResults,
  addKitas,
  dateFromToday,
  fillStepsTwoToFour,
} from './fixtures';
import { startServer, type Server } from './server';

// Its own server: the idle time is a setting read at start.
const test = base.extend<{}, { idleServer: Server; receiptServer: Server }>({
  idleServer: [
    async ({}, use) => {
      const s = await startServer({ settings: { idle_seconds: 5, idle_warning_seconds: 20 } });
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
  // A long idle time for the form, a short one for the receipt.
  receiptServer: [
    async ({}, use) => {
      const s = await startServer({
        settings: { idle_seconds: 600, idle_warning_seconds: 20, receipt_idle_seconds: 5 },
      });
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
});

const childName = 'Zacharias';
const streetText = 'Pfaffstr';

async function startWithData(page: Page, server: Server): Promise<void> {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  await page.getByRole('combobox', { name: 'In der Nähe von' }).fill(streetText);
  await addKitas(page, 1);
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /Merkliste/ })
    .click();
  await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
  await page.getByLabel('Vorname des Kindes').fill(childName);
}

test('idle warning counts down, "Weiter" keeps the session, running out wipes everything', async ({
  page,
  idleServer,
}) => {
  await startWithData(page, idleServer);

  // The warning comes after 5 s without input, with a countdown from 20.
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  const countdown = dialog.getByTestId('idle-countdown');
  await expect(countdown).toContainText(/\d+/);
  const first = Number(/(\d+)/.exec((await countdown.textContent()) ?? '')![1]);
  expect(first).toBeGreaterThan(15);
  await expect(countdown).not.toContainText(String(first));
  await expect(dialog.getByRole('button', { name: 'Weiter' })).toBeFocused();
  await shot(page, 'kiosk-01-idle-warning');
  await expectAccessible(page, 'idle warning');

  // "Weiter" keeps everything.
  await dialog.getByRole('button', { name: 'Weiter' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel('Vorname des Kindes')).toHaveValue(childName);

  // Letting it run out: back to Welcome, nothing personal left.
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await expect(page).toHaveTitle('KitaPortal – Willkommen', { timeout: 40_000 });
  await expect(dialog).toBeHidden();
  const leftovers = await page.evaluate(
    ([name, street]) => {
      const text = document.body.innerText;
      const values = [...document.querySelectorAll('input, select, textarea')].map(
        (e) => (e as HTMLInputElement).value,
      );
      return {
        nameInText: text.includes(name!),
        streetInText: text.includes(street!),
        nameInValues: values.some((v) => v.includes(name!)),
        html: document.documentElement.outerHTML.includes(name!),
        local: localStorage.length,
        session: sessionStorage.length,
        cookies: document.cookie,
      };
    },
    [childName, streetText],
  );
  expect(leftovers).toEqual({
    nameInText: false,
    streetInText: false,
    nameInValues: false,
    html: false,
    local: 0,
    session: 0,
    cookies: '',
  });
  const dbs = await page.evaluate(async () => (await indexedDB.databases()).length);
  expect(dbs).toBe(0);
  // The server forgot the session too: a new start shows an empty Merkliste.
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('navigation').getByText('0 von 5')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'In der Nähe von' })).toHaveValue('');
  await shot(page, 'kiosk-02-after-wipe');
});

test('the on-screen keyboard types into the focused field without covering it', async ({ page, server }) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  await addKitas(page, 1);
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /Merkliste/ })
    .click();
  await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();

  // Letters, with ä ö ü ß, by touch.
  const first = page.getByLabel('Vorname des Kindes');
  await first.click();
  const osk = page.getByRole('group', { name: 'Bildschirmtastatur' });
  await expect(osk).toBeVisible();
  await osk.getByRole('button', { name: 'Großbuchstaben' }).click();
  for (const k of ['J', 'ö', 'r', 'g']) await osk.getByRole('button', { name: k, exact: true }).click();
  await expect(first).toHaveValue('Jörg');
  await expect(first).toBeFocused();
  await expect(osk.getByRole('button', { name: 'ß', exact: true })).toBeVisible();
  const field = (await first.boundingBox())!;
  const keyboard = (await osk.boundingBox())!;
  expect(field.y + field.height).toBeLessThanOrEqual(keyboard.y);
  await shot(page, 'kiosk-03-keyboard-text');

  // A number pad for dates.
  const birth = page.getByLabel('Geburtsdatum');
  await birth.click();
  await expect(osk.getByRole('button', { name: 'ABC' })).toBeVisible();
  for (const k of ['0', '1', '.', '0', '2', '.', '2', '0', '2', '4'])
    await osk.getByRole('button', { name: k, exact: true }).click();
  await expect(birth).toHaveValue('01.02.2024');
  const b = (await birth.boundingBox())!;
  const kb = (await osk.boundingBox())!;
  expect(b.y + b.height).toBeLessThanOrEqual(kb.y);
  await osk.getByRole('button', { name: 'Löschen' }).click();
  await expect(birth).toHaveValue('01.02.202');
  await shot(page, 'kiosk-04-keyboard-numpad');
  await expectAccessible(page, 'form with on-screen keyboard');

  // A physical keyboard: ours steps aside.
  await page.keyboard.press('4');
  await expect(osk).toBeHidden();
  await expect(birth).toHaveValue('01.02.2024');

  // E-mail layout on the parents' step.
  await page.getByLabel('Nachname des Kindes').fill('Test');
  await page.getByLabel('Ab wann brauchen Sie den Platz?').fill('01.08.2027');
  await page.getByLabel('Betreuung pro Woche').selectOption({ label: '35 Stunden' });
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Schritt 2 von 5/ })).toBeVisible();
  const email = page.getByLabel(/E-Mail/).first();
  await email.click();
  await expect(osk).toBeVisible();
  for (const k of ['a', '@', 'b', '.', 'd', 'e']) await osk.getByRole('button', { name: k, exact: true }).click();
  await expect(email).toHaveValue('a@b.de');
  await shot(page, 'kiosk-05-keyboard-email');
});

// Leaflet ends a zoom animation from a 250 ms timer; a map removed in between (a wipe or
// a screen change right after a zoom or a new result set) used to throw on that timer.
test('leaving the search while the map still zooms throws nothing', async ({ page, server }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  await expect(page.locator('.map .kita-marker').first()).toBeVisible();
  const zoomIn = page.locator('.leaflet-control-zoom-in');
  await expect(zoomIn).toBeVisible();
  const animating = await page.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    (document.querySelector('.leaflet-control-zoom-in') as HTMLElement).click();
    // The animation starts in the next frame; leave the screen while it runs.
    await frame();
    await frame();
    const running = document.querySelector('.leaflet-zoom-anim') !== null;
    const nav = [...document.querySelectorAll('nav button')].find((b) => /Merkliste/.test(b.textContent ?? ''));
    (nav as HTMLElement).click();
    // A timer set after Leaflet's 250 ms one, with a longer delay, runs after it.
    await new Promise((r) => setTimeout(r, 400));
    return running;
  });
  expect(animating, 'the map was animating when the screen changed').toBe(true);
  await expect(page.getByRole('heading', { name: /Merkliste/ }).first()).toBeVisible();
});

// Issue 14.4: the receipt shows the access code. Its own, shorter idle time brings the
// warning sooner, the warning covers the whole screen (the code cannot be read behind it),
// and "Fertig – alles löschen" wipes at once.
test('the receipt has its own idle time, the idle warning covers the access code, Fertig wipes', async ({
  page,
  receiptServer,
}) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  await page.goto(`${receiptServer.url}/?kiosk=${receiptServer.kioskKey}`);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  await addKitas(page, 1);
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /Merkliste/ })
    .click();
  await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
  await page.getByLabel('Vorname des Kindes').fill('Ayla');
  await page.getByLabel('Nachname des Kindes').fill('Beispiel');
  await page.getByLabel('Geburtsdatum').fill(dateFromToday(-27));
  await page.getByLabel('Ab wann brauchen Sie den Platz?').fill(dateFromToday(3, true));
  await page.getByLabel('Betreuung pro Woche').selectOption({ label: '35 Stunden' });
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await fillStepsTwoToFour(page, { first: 'Anna', last: 'Beispiel' });
  await page.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();
  await expect(page).toHaveTitle('KitaPortal – Bestätigung');
  const code = page.getByTestId('receipt-access-code');
  const accessCode = (await code.textContent())!.trim();
  expect(accessCode).toMatch(/\S{6,}/);

  // The warning comes after the receipt's 5 s (the form's 600 s would never come here).
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  // Whatever sits where the code is shown is the opaque cover, not the code.
  const cover = await code.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const backdrop = top?.closest('.idle-backdrop');
    return {
      covered: backdrop !== null && backdrop !== undefined,
      background: backdrop ? getComputedStyle(backdrop).backgroundColor : '',
    };
  });
  expect(cover.covered).toBe(true);
  expect(cover.background).toMatch(/^rgb\(\d+, \d+, \d+\)$/); // no alpha: nothing shows through
  await shot(page, 'kiosk-03-receipt-idle-cover');
  await expectAccessible(page, 'receipt idle warning');

  await dialog.getByRole('button', { name: 'Weiter' }).click();
  await expect(code).toHaveText(accessCode);
  await page.getByRole('button', { name: 'Fertig – alles löschen' }).click();
  await expect(page).toHaveTitle('KitaPortal – Willkommen');
  expect(await page.evaluate((c) => document.documentElement.outerHTML.includes(c), accessCode)).toBe(false);
  await shot(page, 'kiosk-04-after-fertig');
});
