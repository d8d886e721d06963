// Issue 14.6: on a phone every screen is an entry of the browser history, so Back goes to
// the screen before (not out of the app) and a reload stays on the screen. The kiosk
// keeps its own navigation and adds no entries.
import { test, expect, shot, waitForResults } from './fixtures';

for (const vp of [
  { name: 'phone', width: 360, height: 640 },
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
]) {
  test(`Back and reload follow the screens in the web shell (${vp.name})`, async ({ page, server }) => {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    await page.goto(server.url);
    await expect(page).toHaveTitle('KitaPortal – Willkommen');
    await page.getByRole('button', { name: 'Start' }).click();
    await waitForResults(page);
    await expect(page).toHaveTitle(/^KitaPortal – Suche/);

    // Details, then Back: the search again, not the page before the app.
    const card = page.locator('.kita-card').first();
    const name = (await card.locator('h3').textContent())!.trim();
    await card.getByRole('button', { name: /^Details/ }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveTitle(/^KitaPortal – Suche/);
    await page.goForward();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await page.goBack();

    // Merkliste and form, then Back twice.
    await page.locator('.kita-card').first().getByRole('button', { name: 'Auf die Merkliste' }).click();
    const nav = page.getByRole('navigation');
    await expect(nav.getByText('1 von 5')).toBeVisible();
    await nav.getByRole('button', { name: /Merkliste/ }).click();
    await expect(page).toHaveTitle(/^KitaPortal – Merkliste/);
    await page.getByRole('button', { name: 'Weiter zur Vormerkung' }).click();
    await expect(page.getByLabel('Vorname des Kindes')).toBeVisible();
    // The draft is saved after a pause in typing (a reload right away sends it as the page goes).
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/draft/form') && r.request().method() === 'PUT');
    await page.getByLabel('Vorname des Kindes').fill('Łukasz');
    expect((await saved).ok()).toBe(true);
    await page.goBack();
    await expect(page).toHaveTitle(/^KitaPortal – Merkliste/);

    // A reload stays on the screen, with the Merkliste (it lives in the server's session).
    await page.reload();
    await expect(page).toHaveTitle(/^KitaPortal – Merkliste/);
    await expect(nav.getByText('1 von 5')).toBeVisible();
    await page.goForward();
    await expect(page.getByLabel('Vorname des Kindes')).toHaveValue('Łukasz');
    await page.goBack();
    await page.goBack();
    await expect(page).toHaveTitle(/^KitaPortal – Suche/);
    await shot(page, `history-01-back-${vp.name}`);
    // The entries hold no personal data: screen names and a Kita id only.
    const state = await page.evaluate(() => JSON.stringify(history.state));
    expect(state).not.toContain('Łukasz');
  });
}

test('the kiosk shell adds no history entries', async ({ page, server }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${server.url}/?kiosk=${server.kioskKey}`);
  const before = await page.evaluate(() => history.length);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  await page
    .locator('.kita-card')
    .first()
    .getByRole('button', { name: /^Details/ })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Kitas finden');
  expect(await page.evaluate(() => history.length)).toBe(before);
});
