// Logins and logout. Each answers a NEW session (new id and CSRF token), which the
// session module takes over; who is logged in is session.principal. Nothing of this
// goes to browser storage.
import { request } from '../api';
import { applySession, session } from '../session.svelte';
import type { SessionInfo } from '../types';
import type { Principal } from './types';
import type { Screen } from '../ui.svelte';

export async function loginFamily(email: string, password: string): Promise<void> {
  applySession(await request<SessionInfo>('/api/login/family', { method: 'POST', body: { email, password } }));
}

export async function loginCode(number: string, accessCode: string): Promise<void> {
  applySession(
    await request<SessionInfo>('/api/login/code', { method: 'POST', body: { number, access_code: accessCode } }),
  );
}

export async function loginStaff(login: string, password: string): Promise<void> {
  applySession(await request<SessionInfo>('/api/login/staff', { method: 'POST', body: { login, password } }));
}

/** logout ends the session on the server; the caller then clears the screen (the wipe). */
export async function logout(): Promise<void> {
  try {
    applySession(await request<SessionInfo>('/api/logout', { method: 'POST' }));
  } catch {
    // An expired session is logged out already; the wipe that follows starts over.
  }
}

export function isFamily(p: Principal | null = session.principal): boolean {
  return p?.kind === 'family';
}

export function isStaff(role: 'clerk' | 'kita' | 'admin', p: Principal | null = session.principal): boolean {
  return p?.kind === 'staff' && p.role === role;
}

/** The first screen after a login: the family's account or the staff member's work. */
export function homeScreen(p: Principal | null = session.principal): Screen {
  if (!p) return 'login';
  if (p.kind === 'family') return 'account';
  if (p.role === 'kita') return 'kita-inbox';
  if (p.role === 'admin') return 'admin';
  return 'clerk-families';
}

/** The status page (/status/KP-XXXX-XXXX, the receipt's QR code): its number, or ''. */
export function statusPathNumber(path = window.location.pathname): string {
  const m = /^\/status\/([A-Za-z0-9-]{4,40})\/?$/.exec(path);
  return m ? decodeURIComponent(m[1]!).toUpperCase() : '';
}

/** Leaves the status page address, so a reload after logout starts at Welcome. */
export function leaveStatusPath(): void {
  if (statusPathNumber()) history.replaceState(null, '', '/' + window.location.search);
}

/** What the login screen starts with: the number from the status page address. */
export const loginPrefill = $state({ number: '', returnTo: '' as Screen | '' });
