// The Merkliste takes at most settings.vormerkung_limit (5) Kitas; the sixth is refused
// by the server (409 merkliste.limit_reached) and the UI says so at the button.
import { test, expect, expectAccessible, shot, waitForResults, addKitas } from './fixtures';

test('adding a sixth Kita shows the limit message', async ({ page, server }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  await page.getByLabel('Nur Kitas, für die Sie hier vormerken können').check();
  await waitForResults(page);
  await addKitas(page, 5);

  const sixth = page
    .locator('.kita-card')
    .filter({ has: page.getByRole('button', { name: 'Auf die Merkliste', pressed: false }) })
    .first();
  await sixth.getByRole('button', { name: 'Auf die Merkliste' }).click();
  const message = sixth.getByRole('alert');
  await expect(message).toBeVisible();
  await expect(message).toContainText('Ihre Merkliste ist voll');
  await expect(message).toContainText('höchstens 5 Kitas');
  // The message belongs to the button that caused it.
  const id = await message.getAttribute('id');
  await expect(sixth.getByRole('button', { name: 'Auf die Merkliste' })).toHaveAttribute('aria-describedby', id!);
  await expect(page.getByRole('navigation').getByText('5 von 5')).toBeVisible();
  await shot(page, 'limit-01-search');
  await expectAccessible(page, 'search with the limit message');
});

test('a Kita that takes no Vormerkung here says whom to contact', async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start' }).click();
  await waitForResults(page);
  const card = page.locator('.kita-card').filter({ hasText: 'Vormerkung nur direkt bei der Kita' }).first();
  await card.getByRole('button', { name: /^Details/ }).click();
  await expect(page.getByText('Für diese Kita können Sie hier noch nicht vormerken.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Auf die Merkliste' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Kontakt' })).toBeVisible();
  await expect(page.locator('dd a[href^="tel:"]')).toBeVisible();
  await shot(page, 'web-detail-not-bookable');
  await expectAccessible(page, 'detail (not bookable)');
});
