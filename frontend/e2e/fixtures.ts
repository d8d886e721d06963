// Shared fixtures: one server per worker (fresh data dir: the demo city), axe-core
// checks and screenshots in build/test-artifacts/e2e/.
import { test as base, expect, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root, startServer, type Server } from './server';

const require = createRequire(import.meta.url);
// Injected through the DevTools protocol, so the page's Content-Security-Policy
// (script-src 'self') stays in force for the app itself.
const axeSource = readFileSync(require.resolve('axe-core'), 'utf8');
export const artifacts = path.join(root, 'build/test-artifacts/e2e');
mkdirSync(artifacts, { recursive: true });

export const test = base.extend<{ failOnPageErrors: void }, { server: Server }>({
  server: [
    async ({}, use) => {
      const s = await startServer();
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
  // A script error or a Content-Security-Policy violation on the page fails the test.
  failOnPageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      await use();
      expect(errors, 'errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

/** axe-core with the WCAG 2.1 A/AA rules: no serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} at ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
  });
  expect(violations, `axe on ${screen}`).toEqual([]);
}

/** waitForResults waits until the result count shows a number. */
export async function waitForResults(page: Page): Promise<number> {
  const count = page.getByTestId('result-count');
  await expect(count).toHaveText(/\d+ Kitas? gefunden|Keine Kita/);
  await expect(page.locator('.spinner')).toHaveCount(0);
  const m = /(\d+)/.exec((await count.textContent()) ?? '');
  return m ? Number(m[1]) : 0;
}

/** addKitas puts the first n Kitas of the current result list on the Merkliste. */
export async function addKitas(page: Page, n: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const card = page
      .locator('.kita-card')
      .filter({ has: page.getByRole('button', { name: 'Auf die Merkliste', pressed: false }) })
      .first();
    names.push((await card.locator('h3').textContent())?.trim() ?? '');
    await card.getByRole('button', { name: 'Auf die Merkliste' }).click();
    await expect(page.getByRole('navigation').getByText(`${i + 1} von 5`)).toBeVisible();
  }
  return names;
}

/** A date n months from today as TT.MM.JJJJ (day 1 when firstOfMonth). */
export function dateFromToday(months: number, firstOfMonth = false): string {
  const d = new Date();
  d.setDate(firstOfMonth ? 1 : Math.min(d.getDate(), 28));
  d.setMonth(d.getMonth() + months);
  return `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;
}

/**
 * fillStepsTwoToFour fills the Vormerkung's steps 2 to 4 (one working guardian without
 * e-mail, consent) from step 2 on, and ends on the review.
 */
export async function fillStepsTwoToFour(page: Page, guardian: { first: string; last: string }): Promise<void> {
  await page.getByLabel('Vorname').first().fill(guardian.first);
  await page.getByLabel('Nachname').first().fill(guardian.last);
  await page.getByLabel('Straße und Hausnummer').fill('Pfaffstraße 3');
  await page.getByLabel('Postleitzahl').fill('67655');
  await page.getByLabel('Ort').fill('Kaiserslautern');
  await page.getByLabel('Telefon').fill('0631 1234567');
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await page.getByLabel('Arbeit', { exact: true }).selectOption('vollzeit');
  await page.getByLabel(/Arbeitsstunden/).fill('39');
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await page.getByLabel(/Hinweise zum Datenschutz gelesen/).check();
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
}

/** Every visible control is at least 48×48 px (a checkbox counts by its label). */
export async function expectTouchTargets(page: Page, screen: string): Promise<void> {
  const small = await page.evaluate(() => {
    const out: string[] = [];
    const els = document.querySelectorAll<HTMLElement>(
      'button, a[href], select, input, [role="option"], .leaflet-marker-icon[tabindex]',
    );
    for (const el of els) {
      if (el.closest('.sr-only, .skip-link')) continue;
      let r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // not shown
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        const label = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${el.id}"]`) : null);
        if (label) r = label.getBoundingClientRect();
      }
      if (r.width < 47.5 || r.height < 47.5) {
        out.push(
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.id).trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`,
        );
      }
    }
    return out;
  });
  expect(small, `touch targets under 48 px on ${screen}`).toEqual([]);
}
