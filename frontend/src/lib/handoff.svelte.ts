// "Continue on your phone": the kiosk side (a one-time code shown as a QR code, polled
// until the phone redeems it) and the phone side (/h/TOKEN and /h, redeeming the code
// into a new web session with the kiosk's draft). See docs/api.md, "Hand-off to a phone".
// Memory only: neither the token nor the code is ever written to browser storage.
import { ApiError, request } from './api';
import { applySession, restored } from './session.svelte';
import { apiForm, flushDraft, form, restoreForm, steps, type Step } from './form.svelte';
import { flushFilterDraft, restoreFilters } from './search.svelte';
import { hasLanguage, i18n, setLanguage } from './i18n/index.svelte';
import type { FieldError, SessionInfo } from './types';

/** POST /api/handoff's answer. */
export interface HandoffView {
  url: string;
  short_url: string;
  code: string;
  qr_data_url: string;
  expires_at: string;
}

// ---- the kiosk ----------------------------------------------------------------

export const handoff = $state({
  /** The dialog is open. */
  open: false,
  phase: 'idle' as 'idle' | 'loading' | 'shown' | 'expired' | 'error',
  view: null as HandoffView | null,
  /** Whole minutes the code lives (from expires_at when it was made). */
  minutes: 10,
  /** Seconds left until the code expires (counted on this machine's clock). */
  remaining: 0,
  /** Error code of the last failed request (translated as errors.<code>). */
  error: '',
  /** Minutes to wait after 429 auth.rate_limited. */
  waitMinutes: 0,
  /** The full-screen "Weiter auf Ihrem Handy" after a redeemed hand-off. */
  farewell: false,
  /** The language the family read: the wipe turns the kiosk back to German. */
  farewellLang: 'de',
});

const pollMs = 1000;
const farewellMs = 6000;
let pollTimer: ReturnType<typeof setInterval> | undefined;
let clockTimer: ReturnType<typeof setInterval> | undefined;
let farewellTimer: ReturnType<typeof setTimeout> | undefined;
let expiresAt = 0; // performance.now() time
let generation = 0; // drops answers that arrive after a cancel or a wipe
let polling = false;

let onRedeemed: () => void = () => {};
/** onHandoffRedeemed registers the kiosk's wipe, run when the phone took the draft. */
export function onHandoffRedeemed(fn: () => void): void {
  onRedeemed = fn;
}

function stopTimers(): void {
  clearInterval(pollTimer);
  clearInterval(clockTimer);
  pollTimer = undefined;
  clockTimer = undefined;
}

/** openHandoff opens the dialog and asks for a fresh code. */
export function openHandoff(): void {
  handoff.open = true;
  void newCode();
}

/** newCode asks for a code (again: a new request replaces the old code). */
export async function newCode(): Promise<void> {
  const gen = ++generation;
  stopTimers();
  handoff.phase = 'loading';
  handoff.view = null;
  handoff.error = '';
  try {
    // The phone gets what the server holds: send what was typed in the last moments
    // (and the language, which travels in the form).
    await Promise.all([flushDraft(true), flushFilterDraft()]);
    const v = await request<HandoffView>('/api/handoff', { method: 'POST' });
    if (gen !== generation) return;
    // Count down on this machine's clock; trust expires_at only when it is plausible
    // (a kiosk whose clock is off must still show a sensible countdown).
    const ttl = Date.parse(v.expires_at) - Date.now();
    const ms = ttl > 0 && ttl <= 11 * 60_000 ? ttl : 10 * 60_000;
    handoff.minutes = Math.max(1, Math.round(ms / 60_000));
    expiresAt = performance.now() + ms;
    handoff.view = v;
    handoff.phase = 'shown';
    tickClock();
    clockTimer = setInterval(tickClock, 250);
    pollTimer = setInterval(() => void poll(gen), pollMs);
  } catch (err) {
    if (gen !== generation) return;
    handoff.phase = 'error';
    handoff.error = err instanceof ApiError ? err.code : 'network';
    handoff.waitMinutes = err instanceof ApiError && err.retryAfter > 0 ? Math.ceil(err.retryAfter / 60) : 0;
  }
}

function tickClock(): void {
  const left = Math.max(0, Math.ceil((expiresAt - performance.now()) / 1000));
  handoff.remaining = left;
  if (left === 0) expire();
}

function expire(): void {
  stopTimers();
  handoff.view = null; // an expired code is not shown any more
  handoff.phase = 'expired';
}

async function poll(gen: number): Promise<void> {
  if (polling) return; // a slow answer: do not pile up requests
  polling = true;
  try {
    const r = await request<{ state: string }>('/api/handoff');
    if (gen !== generation || handoff.phase !== 'shown') return;
    if (r.state === 'redeemed') {
      closeHandoff();
      showFarewell();
      onRedeemed();
    } else if (r.state === 'none') {
      // Expired (or the server forgot it, e.g. after a restart): offer a new code.
      expire();
    }
  } catch {
    // A lost answer: the next poll asks again.
  } finally {
    polling = false;
  }
}

/** cancelHandoff closes the dialog and tells the server to forget the code. */
export function cancelHandoff(): void {
  const pending = handoff.phase === 'shown' || handoff.phase === 'loading';
  closeHandoff();
  if (!pending) return;
  const gen = generation;
  void (async () => {
    await request('/api/handoff', { method: 'DELETE' }).catch(() => {});
    // The phone may have taken the draft in the very moment of "Abbrechen": then this
    // visit is over all the same, and the screen must not keep the family's data.
    const r = await request<{ state: string }>('/api/handoff').catch(() => null);
    if (r?.state === 'redeemed' && gen === generation && !handoff.open) {
      showFarewell();
      onRedeemed();
    }
  })();
}

/** closeHandoff closes the dialog without telling the server (a wipe destroys the session anyway). */
export function closeHandoff(): void {
  generation++;
  stopTimers();
  handoff.open = false;
  handoff.phase = 'idle';
  handoff.view = null;
  handoff.error = '';
  handoff.remaining = 0;
}

function showFarewell(): void {
  clearTimeout(farewellTimer);
  handoff.farewellLang = i18n.lang;
  handoff.farewell = true;
  farewellTimer = setTimeout(hideFarewell, farewellMs);
}

export function hideFarewell(): void {
  clearTimeout(farewellTimer);
  handoff.farewell = false;
}

/** m:ss for the countdown. */
export function clock(seconds: number): string {
  const s = Math.max(0, seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// ---- the phone -----------------------------------------------------------------

export const arrival = $state({
  /** What the hand-off page shows. */
  page: 'code' as 'code' | 'loading' | 'invalid' | 'limited' | 'failed',
  /** Minutes to wait after 429 auth.rate_limited. */
  waitMinutes: 0,
  /** The family arrived from the kiosk: its Merkliste says so. */
  arrived: false,
  /** The form step the family had reached (0 = nothing typed yet). */
  resumeStep: 0,
});

/** A token from /h/TOKEN, kept in memory only for "try again" after a network error. */
let pendingToken = '';

/**
 * takeHandoffFromUrl looks at the address: /h/TOKEN gives the token (and removes it
 * from the address bar and the history at once), /h the code entry page.
 */
export function takeHandoffFromUrl(): { token: string } | { code: true } | null {
  const m = /^\/h(?:\/([^/?#]*))?\/?$/.exec(window.location.pathname);
  if (!m) return null;
  let token = m[1] ?? '';
  try {
    token = decodeURIComponent(token);
  } catch {
    // A broken address: the server will not know it either (the "not valid" page).
  }
  if (token) {
    history.replaceState(null, '', '/');
    pendingToken = token;
    return { token };
  }
  return { code: true };
}

/** The outcome of a redemption, for the page that asked. */
export type RedeemResult = { ok: true } | { ok: false; code: string; field: string; waitMinutes: number };

/**
 * redeem trades a token or a typed code for a web session holding the kiosk's draft
 * (no session or CSRF token needed: the phone has none yet).
 */
export async function redeem(body: { token: string } | { code: string }): Promise<RedeemResult> {
  let data: SessionInfo;
  try {
    data = await request<SessionInfo>('/api/handoff/redeem', { method: 'POST', body });
  } catch (err) {
    if (!(err instanceof ApiError)) return { ok: false, code: 'network', field: '', waitMinutes: 0 };
    return {
      ok: false,
      code: err.code,
      field: err.field,
      waitMinutes: err.retryAfter > 0 ? Math.ceil(err.retryAfter / 60) : 0,
    };
  }
  pendingToken = '';
  applySession(data);
  restoreFilters();
  restoreForm();
  // The family continues in the language it used at the kiosk.
  const lang = (restored.form as { language?: unknown }).language;
  if (typeof lang === 'string' && hasLanguage(lang)) void setLanguage(lang);
  arrival.arrived = true;
  arrival.resumeStep = await resumeStep();
  return { ok: true };
}

/** redeemPendingToken tries the token from the address again (after a network error). */
export function redeemPendingToken(): Promise<RedeemResult> | null {
  return pendingToken ? redeem({ token: pendingToken }) : null;
}

/**
 * resumeStep finds the step the family had reached: the first one the server's check
 * does not accept yet (the rules live in Go, so the UI asks instead of guessing).
 * The errors are not shown: the family has not pressed "Weiter" on this device yet.
 */
async function resumeStep(): Promise<number> {
  const d = form.data;
  const typed =
    [d.child.first_name, d.child.last_name, d.child.birth_date, d.start_date].some((x) => x.trim() !== '') ||
    d.care_hours !== null;
  if (!typed) {
    form.step = 'child';
    return 0;
  }
  let step: Step = 'review';
  for (const s of steps) {
    if (s === 'review') break;
    try {
      const r = await request<{ errors: FieldError[] | null }>('/api/vormerkungen/check', {
        method: 'POST',
        body: { step: s, form: apiForm() },
      });
      if (!(r.errors ?? []).length) continue;
    } catch {
      // 400 with errors is a step with problems; a lost answer: start at this step too.
    }
    step = s;
    break;
  }
  form.step = step;
  form.errors = {};
  return steps.indexOf(step) + 1;
}

/** resetArrival forgets the phone-side state (a wipe, or "start anew"). */
export function resetArrival(): void {
  arrival.page = 'code';
  arrival.waitMinutes = 0;
  arrival.arrived = false;
  arrival.resumeStep = 0;
}
