// Fixtures for the screens after submitting: a server whose data dir has staff users
// (and, for the Vergaberunde, the demo families), families registered through the
// API with known access codes, and logins through the UI.
import { execFileSync } from 'node:child_process';
import { request as apiRequest, type APIRequestContext, type Page } from '@playwright/test';
import path from 'node:path';
import { test as base, expect, artifacts } from './fixtures';
import { binary, startServer, type Server } from './server';

export { expect };
export { shot, expectAccessible, expectTouchTargets } from './fixtures';

export const password = 'Passwort-1234';

/** A screenshot of the whole page (for long screens such as the round review). */
export async function fullShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Staff of the demo city: Kita staff of kl-001 and kl-002, a clerk and an admin. */
export const staff = {
  erika: { login: 'erika', name: 'Erika Muster', role: 'kita', kitas: ['kl-001'] },
  otto: { login: 'otto', name: 'Otto Beispiel', role: 'kita', kitas: ['kl-002'] },
  clara: { login: 'clara', name: 'Clara Klerk', role: 'clerk', kitas: [] as string[] },
  adam: { login: 'adam', name: 'Adam Admin', role: 'admin', kitas: [] as string[] },
} as const;

function prepare(dataDir: string, families: number): void {
  const run = (args: string[], input?: string): void => {
    execFileSync(binary, args, { input, stdio: ['pipe', 'ignore', 'pipe'] });
  };
  run(['search', '--data', dataDir, '--limit', '1']); // loads the demo city
  for (const u of Object.values(staff)) {
    const kitas = u.kitas.flatMap((k) => ['--kita', k]);
    run(['user', 'add', '--data', dataDir, '--role', u.role, ...kitas, '--name', u.name, u.login], `${password}\n`);
  }
  if (families > 0) run(['demo-families', '--data', dataDir, '--count', String(families)]);
}

export const test = base.extend<
  {},
  { staffServer: Server; roundServer: Server; deviationServer: Server; importServer: Server }
>({
  staffServer: [
    async ({}, use) => {
      const s = await startServer({ prepare: (d) => prepare(d, 0) });
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
  roundServer: [
    async ({}, use) => {
      const s = await startServer({ prepare: (d) => prepare(d, 120) });
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
  // A demo city of its own for the admin's import (which replaces the demo Kitas).
  importServer: [
    async ({}, use) => {
      const s = await startServer({ prepare: (d) => prepare(d, 0) });
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
  // A second demo city with families, for the Kita's deviation from a round.
  deviationServer: [
    async ({}, use) => {
      const s = await startServer({ prepare: (d) => prepare(d, 120) });
      await use(s);
      await s.stop();
    },
    { scope: 'worker' },
  ],
});

/** A name of letters only (the form allows no digits), different in every test run. */
export function uniqueName(base: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let s = '';
  for (let i = 0; i < 6; i++) s += letters[Math.floor(Math.random() * letters.length)];
  return `${base}${s}`;
}

/** YYYY-MM-DD, months from today (day 1 when firstOfMonth). */
export function isoFromToday(months: number, firstOfMonth = false): string {
  const d = new Date();
  d.setDate(firstOfMonth ? 1 : Math.min(d.getDate(), 28));
  d.setMonth(d.getMonth() + months);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export interface Family {
  number: string;
  access_code: string;
  child: string;
}

export interface FamilyOptions {
  kitas: string[];
  child?: string;
  last?: string;
  birth?: string;
  start?: string;
  criteria?: { single_parent?: boolean; special_needs?: boolean; youth_welfare?: boolean };
  account?: { email: string; password: string };
  /** Log in to this family account first: the child joins it. */
  loginAs?: { email: string; password: string };
  /** Contact details: the same child with other contacts is a suspected duplicate. */
  phone?: string;
  street?: string;
  email?: string;
}

async function session(baseURL: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await apiRequest.newContext({ baseURL });
  const s = await api.get('/api/session');
  expect(s.ok()).toBe(true);
  return { api, csrf: ((await s.json()) as { csrf_token: string }).csrf_token };
}

/** registerFamily submits a Vormerkung through the API, as the web UI would. */
export async function registerFamily(baseURL: string, o: FamilyOptions): Promise<Family> {
  const { api, csrf } = await session(baseURL);
  const headers = { 'X-CSRF-Token': csrf };
  if (o.loginAs) {
    const l = await api.post('/api/login/family', { headers, data: o.loginAs });
    expect(l.ok(), await l.text()).toBe(true);
    headers['X-CSRF-Token'] = ((await l.json()) as { csrf_token: string }).csrf_token;
  }
  for (const k of o.kitas) {
    const r = await api.post('/api/merkliste', { headers, data: { kita_id: k } });
    expect(r.ok(), `merkliste ${k}`).toBe(true);
  }
  const child = o.child ?? uniqueName('Kind');
  const last = o.last ?? uniqueName('Familie');
  const form = {
    child: { first_name: child, last_name: last, birth_date: o.birth ?? isoFromToday(-26), expected: false },
    start_date: o.start ?? isoFromToday(4, true),
    care_hours: 35,
    guardians: [
      {
        first_name: 'Alex',
        last_name: last,
        street: o.street ?? 'Pfaffstraße 3',
        postcode: '67655',
        city: 'Kaiserslautern',
        phone: o.phone ?? '0631 1234567',
        email: o.email ?? `${last.toLowerCase()}@example.org`,
        employment: 'vollzeit',
        employment_hours: 39,
      },
    ],
    criteria: { single_parent: false, sibling_kita_ids: [], special_needs: false, youth_welfare: false, ...o.criteria },
    consent: true,
    language: 'de',
  };
  const r = await api.post('/api/vormerkungen', {
    headers,
    data: { form, ...(o.account ? { account: o.account } : {}) },
  });
  expect(r.status(), await r.text()).toBe(201);
  const receipt = (await r.json()) as { number: string; access_code: string };
  await api.dispose();
  return { number: receipt.number, access_code: receipt.access_code, child };
}

/** loginStaff logs in through the login screen's "Für Mitarbeitende". */
export async function loginStaff(page: Page, login: string): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await page.getByRole('button', { name: 'Für Mitarbeitende' }).click();
  await page.getByRole('textbox', { name: 'Benutzername' }).fill(login);
  await page.locator('#login-staff-password').fill(password);
  await page.getByRole('button', { name: 'Als Mitarbeitende anmelden' }).click();
}

/** loginCode logs a family in on the status page of its number (the receipt's QR code). */
export async function loginOnStatusPage(page: Page, baseURL: string, f: Family): Promise<void> {
  await page.goto(`${baseURL}/status/${f.number}`);
  await expect(page.getByRole('textbox', { name: 'Vormerkungsnummer' })).toHaveValue(f.number);
  await page.getByRole('textbox', { name: 'Zugangscode' }).fill(f.access_code);
  await page
    .locator('form')
    .filter({ has: page.getByRole('textbox', { name: 'Zugangscode' }) })
    .getByRole('button', { name: 'Anmelden' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Vormerkungen' })).toBeVisible();
}
