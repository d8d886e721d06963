// Issue 6, the Vergaberunde on the demo city with 120 demo families: the clerk runs a
// round, reads the figures and the comparison, changes a capacity and runs it again,
// asks "Warum?" for a child without a place, publishes; a placed family (registered
// through the API before the round, so its access code is known) sees the offer.
import {
  test,
  expect,
  shot,
  fullShot,
  expectAccessible,
  expectTouchTargets,
  registerFamily,
  loginStaff,
  loginOnStatusPage,
} from './account-fixtures';

test('clerk runs, reviews, re-runs and publishes a Vergaberunde; a placed family sees its offer', async ({
  page,
  browser,
  roundServer,
}) => {
  const url = roundServer.url;
  const year = new Date().getFullYear() + 1;
  const start = `${year}-08-01`;
  // A child with many points (youth welfare, special needs, single parent, full-time
  // work) whose only wish is a Kita with free places for under-threes.
  const placed = await registerFamily(url, {
    kitas: ['kl-018'],
    birth: `${year - 1}-06-01`,
    start,
    criteria: { single_parent: true, special_needs: true, youth_welfare: true },
  });

  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(url);
  await loginStaff(page, 'clara');
  await page.getByTestId('clerk-frame').getByRole('button', { name: 'Vergaberunden' }).click();
  await expect(page).toHaveTitle('KitaPortal – Vergaberunden');
  await expect(page.getByText('Es gibt noch keine Vergaberunde.')).toBeVisible();
  // The defaults: today's deadline, 1 August next year, deferred acceptance.
  await expect(page.getByLabel('Beginn der Plätze')).toHaveValue(`01.08.${year}`);
  await expect(page.getByRole('radio', { name: /^Zurückstellung/ })).toBeChecked();
  await shot(page, 'round-01-list');
  await page.getByRole('button', { name: 'Berechnen' }).click();

  await expect(page).toHaveTitle(/^KitaPortal – Vergaberunde VR-/);
  const figures = page.locator('.figures');
  await expect(figures).toContainText('121');
  await expect(figures).toContainText('Kinder nehmen teil');
  await expect(figures).toContainText(/\d+ % haben einen Platz/);
  const comparison = page.getByTestId('round-comparison');
  await expect(comparison.locator('thead th')).toHaveText([
    'Kennzahl',
    'Zurückstellung (Deferred Acceptance)',
    'Erstwunsch zuerst',
  ]);
  await expect(comparison.locator('tbody th')).toHaveText([
    'Anteil mit Platz',
    'Anteil mit Erstwunsch',
    'Berechtigter Neid',
    'Blockierende Paare',
  ]);
  // Deferred acceptance is stable: no justified envy.
  await expect(comparison.locator('tbody tr').nth(2).locator('td').first()).toHaveText('0 Fälle (0 Kinder)');
  await expect(page.getByText(/geht ein Platz nie an ein Kind mit weniger Punkten/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Kinder nach erhaltenem Wunsch' }).locator('tbody tr')).toHaveCount(6);
  await expect(
    page.getByRole('table', { name: 'Kinder ohne Platz nach Stadtteil' }).locator('tbody tr').first(),
  ).toBeVisible();
  await shot(page, 'round-02-review');
  await fullShot(page, 'round-02b-review-full-page');
  await expectAccessible(page, 'round review');
  await expectTouchTargets(page, 'round review');

  // More places for under-threes at the family's Kita, then run again.
  const capacities = page.getByTestId('round-capacities');
  const u3 = capacities.getByLabel('Plätze U3 in Betriebskita „Europakinder“ im PRE-Park');
  await expect(u3).toHaveValue('3');
  const placedBefore = Number(/(\d+) Kinder\)/.exec((await figures.locator('li').nth(1).textContent()) ?? '')![1]);
  await u3.fill('8');
  await expect(page.getByText('Geänderte Kitas: 1')).toBeVisible();
  await shot(page, 'round-03-capacity-changed');
  await page.getByRole('button', { name: 'Neu berechnen' }).click();
  await expect(page.getByText('Geänderte Kitas: 0')).toBeVisible();
  await expect(u3).toHaveValue('8');
  const placedAfter = Number(/(\d+) Kinder\)/.exec((await figures.locator('li').nth(1).textContent()) ?? '')![1]);
  expect(placedAfter).toBeGreaterThanOrEqual(placedBefore);

  // The test family got its place; "Warum?" for a child without one.
  const placements = page.getByTestId('round-placements');
  await page.getByLabel('Name, Nummer oder Kita').fill(placed.number);
  await expect(placements.locator(`tr[data-number="${placed.number}"]`)).toContainText('Europakinder');
  await page.getByLabel('Name, Nummer oder Kita').fill('');
  await page.getByLabel('Zeigen').selectOption('unplaced');
  const row = placements.locator('tbody tr[data-status="unplaced"]').first();
  await row.getByRole('button', { name: /^Warum\?/ }).click();
  const why = page.getByRole('dialog', { name: /^Warum\?/ });
  const explanation = why.getByTestId('round-explanation');
  await expect(explanation).toContainText('keinen Platz erhalten');
  await expect(explanation.locator('.reasons li').first()).toContainText(/Wunsch 1: .+/);
  await expect(explanation).toContainText(/\d+ Punkte/);
  await shot(page, 'round-04-why');
  await expectAccessible(page, 'round explanation');
  await why.getByRole('button', { name: 'Schließen' }).click();
  await expect(why).toBeHidden();

  // Publish, with a confirmation; then the round is read-only.
  await page.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Vergaberunde veröffentlichen?' });
  await expect(confirm).toContainText('Danach lässt sich die Runde nicht mehr ändern.');
  await shot(page, 'round-05-publish-confirm');
  await confirm.getByRole('button', { name: /^Ja, \d+ Angebote senden$/ }).click();
  await expect(page.locator('#round-published')).toContainText(/\d+ Platzangebote sind verschickt\./);
  await expect(page.locator('.state')).toHaveText('Veröffentlicht');
  await expect(capacities.locator('input')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Veröffentlichen', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Folgerunde starten' })).toBeVisible();
  await shot(page, 'round-06-published');

  // The placed family sees the Platzangebot and the round's outcome in its account.
  const phone = await browser.newContext({
    viewport: { width: 360, height: 640 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const parent = await phone.newPage();
  await loginOnStatusPage(parent, url, placed);
  const offer = parent.getByTestId('offer-box');
  await expect(offer).toContainText('Platzangebot: Betriebskita „Europakinder“ im PRE-Park');
  await expect(offer).toContainText(`Beginn: 01.08.${year}`);
  await expect(offer).toContainText('noch 14 Tage');
  const outcome = parent.locator('.rounds');
  await expect(outcome).toContainText('Platz erhalten – Betriebskita „Europakinder“ im PRE-Park');
  await outcome.scrollIntoViewIfNeeded();
  await shot(parent, 'round-07-family-offer');
  // In another language the family reads the explanation in it, and the official
  // German wording one tap away.
  await parent.locator('header select').selectOption('en');
  await expect(outcome).toContainText('Your child got a place at Betriebskita „Europakinder“ im PRE-Park (wish');
  const official = outcome.locator('details.official');
  await expect(official.locator('[lang="de"]')).toBeHidden();
  await official.locator('summary').click();
  await expect(official.locator('[lang="de"]')).toContainText(
    'Ihr Kind hat einen Platz in Betriebskita „Europakinder“ im PRE-Park erhalten',
  );
  await shot(parent, 'round-08-family-outcome-en');
  await expectAccessible(parent, 'round outcome in English');
  await phone.close();
});
