// Issue 14.1: the child's age at the desired start against each Kita's age range. The
// Merkliste and the search cards warn once the form knows the dates; the submit is refused
// with the reason (the server checks it too); taking the Kita off lets the family submit.
import { test, expect, shot, expectAccessible, waitForResults, dateFromToday, fillStepsTwoToFour } from './fixtures';

const sizes = [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'phone', width: 360, height: 640 },
];

for (const vp of sizes) {
  test(`a Kita that does not take the child's age is flagged and refused (${vp.name})`, async ({ page, server }) => {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForResults(page);
    const nav = page.getByRole('navigation');
    // A Hort for 6 to 11 years and a Krippe for 8 to 35 months (both on the first page).
    for (const [name, n] of [
      ['Hort am Stadtpark', 1],
      ['Kinderkrippe Stiftsplätzchen', 2],
    ] as const) {
      const card = page.locator('.kita-card', { hasText: name }).first();
      await card.getByRole('button', { name: 'Auf die Merkliste' }).click();
      await expect(nav.getByText(`${n} von 5`)).toBeVisible();
    }
    await nav.getByRole('button', { name: /Merkliste/ }).click();
    await expect(page.getByTestId('age-warning')).toHaveCount(0); // no dates yet
    await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
    await page.getByLabel('Vorname des Kindes').fill('Ayşe');
    await page.getByLabel('Nachname des Kindes').fill('Yılmaz');
    await page.getByLabel('Geburtsdatum').fill(dateFromToday(-21));
    await page.getByLabel('Ab wann brauchen Sie den Platz?').fill(dateFromToday(3, true));

    // Back on the Merkliste: the Hort is flagged with the reason, the Krippe is not.
    await nav.getByRole('button', { name: /Merkliste/ }).click();
    const hort = page.locator('.merkliste .item', { hasText: 'Hort am Stadtpark' });
    await expect(hort.getByTestId('age-warning')).toHaveText(
      /Passt nicht zum Alter\. Aufnahmealter dieser Kita: 6 Jahre bis 11 Jahre\. Ihr Kind zum gewünschten Beginn: 2[34] Monate\./,
    );
    await expect(
      page.locator('.merkliste .item', { hasText: 'Stiftsplätzchen' }).getByTestId('age-warning'),
    ).toHaveCount(0);
    await shot(page, `age-01-merkliste-${vp.name}`);
    await expectAccessible(page, 'merkliste with an age warning');

    // The search cards say it too.
    await page.getByRole('button', { name: 'Weitere Kitas suchen' }).click();
    await waitForResults(page);
    await expect(page.locator('.kita-card', { hasText: 'Hort am Stadtpark' }).getByTestId('age-warning')).toBeVisible();
    await shot(page, `age-02-card-${vp.name}`);
    if (vp.name !== 'portrait') return;

    // The submit is refused with the reason (the server checks, whatever the screen showed);
    // without the Hort it goes through.
    await nav.getByRole('button', { name: /Merkliste/ }).click();
    await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
    await page.getByLabel('Betreuung pro Woche').selectOption({ label: '35 Stunden' });
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await fillStepsTwoToFour(page, { first: 'Emine', last: 'Yılmaz' });
    await page.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'Eine gewählte Kita nimmt Kinder im Alter Ihres Kindes zum gewünschten Beginn nicht auf.',
    );
    await shot(page, 'age-03-submit-refused-portrait');
    await nav.getByRole('button', { name: /Merkliste/ }).click();
    await hort.getByRole('button', { name: /Entfernen/ }).click();
    await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.getByRole('button', { name: 'Vormerkung jetzt absenden' }).click();
    await expect(page).toHaveTitle('KitaPortal – Bestätigung');
  });
}
