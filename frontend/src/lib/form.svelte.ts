// The Vormerkung form: what the parent typed (memory only), the errors the server
// found per field, and the calls to check, save the draft and submit.
import { ApiError, request, sendOnLeave } from './api';
import { fromIsoDate, toIsoDate } from './dates';
import { i18n } from './i18n/index.svelte';
import { restored, session } from './session.svelte';
import type { FieldError, Guardian, Receipt, VormerkungForm } from './types';

export type Step = 'child' | 'parents' | 'criteria' | 'consent' | 'review';
export const steps: Step[] = ['child', 'parents', 'criteria', 'consent', 'review'];

export function emptyGuardian(): Guardian {
  return {
    first_name: '',
    last_name: '',
    street: '',
    postcode: '',
    city: '',
    phone: '',
    email: '',
    employment: '',
    employment_hours: null,
  };
}

export function emptyForm(): VormerkungForm {
  return {
    child: { first_name: '', last_name: '', birth_date: '', expected: false },
    start_date: '',
    care_hours: null,
    guardians: [emptyGuardian()],
    criteria: { single_parent: false, sibling_kita_ids: [], special_needs: false, youth_welfare: false },
    consent: false,
    language: 'de',
  };
}

export const form = $state({
  data: emptyForm(),
  step: 'child' as Step,
  /** field path → error code, from the last check or submit. */
  errors: {} as Record<string, string>,
  /** An error without a field of this step (shown above the step). */
  general: '',
  busy: false,
  /** A family account to create with the Vormerkung (memory only, never in the draft). */
  account: { wanted: false, email: '', password: '' },
});

/** The form as the API wants it: dates as YYYY-MM-DD (as typed when not a date). */
export function apiForm(): VormerkungForm {
  const d = $state.snapshot(form.data) as VormerkungForm;
  d.child.birth_date = toIsoDate(d.child.birth_date);
  d.start_date = toIsoDate(d.start_date);
  d.language = i18n.lang;
  return d;
}

export function stepOf(field: string): Step {
  if (field.startsWith('guardians')) return 'parents';
  if (field.startsWith('criteria')) return 'criteria';
  if (field === 'consent') return 'consent';
  if (field.startsWith('account')) return 'review';
  return 'child';
}

function setErrors(list: FieldError[]): void {
  const map: Record<string, string> = {};
  for (const e of list) {
    const f = e.field || '';
    if (!(f in map)) map[f] = e.code;
  }
  form.errors = map;
}

/** check asks the server whether a step is fine; true when it is. */
export async function checkStep(step: Exclude<Step, 'review'>): Promise<boolean> {
  form.busy = true;
  form.general = '';
  try {
    const r = await request<{ errors: FieldError[] | null }>('/api/vormerkungen/check', {
      method: 'POST',
      body: { step, form: apiForm() },
    });
    setErrors(r.errors ?? []);
    return (r.errors ?? []).length === 0;
  } catch (err) {
    if (err instanceof ApiError && err.errors.length) {
      setErrors(err.errors);
      return false;
    }
    form.general = err instanceof ApiError ? err.code : 'network';
    return false;
  } finally {
    form.busy = false;
  }
}

export async function submit(): Promise<Receipt | null> {
  form.busy = true;
  form.general = '';
  try {
    const account = form.account.wanted
      ? { email: form.account.email.trim(), password: form.account.password }
      : undefined;
    const r = await request<Receipt>('/api/vormerkungen', { method: 'POST', body: { form: apiForm(), account } });
    form.account = { wanted: false, email: '', password: '' };
    session.receipt = r;
    return r;
  } catch (err) {
    if (err instanceof ApiError && err.errors.length) {
      setErrors(err.errors);
      const first = err.errors[0];
      if (first) form.step = stepOf(first.field);
    } else if (err instanceof ApiError && err.field) {
      setErrors([{ field: err.field, code: err.code }]);
      form.step = stepOf(err.field);
    } else {
      form.general = err instanceof ApiError ? err.code : 'network';
    }
    return null;
  } finally {
    form.busy = false;
  }
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** saveDraft stores the form on the server after a pause in typing. */
export function saveDraft(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    request('/api/draft/form', { method: 'PUT', body: apiForm() }).catch(() => {
      // The form is still in memory; the next change tries again.
    });
  }, 800);
}

// A reload or a closed tab within the pause in typing would lose the last letters typed:
// the waiting draft goes out as the page goes away.
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => {
    if (saveTimer === undefined) return;
    clearTimeout(saveTimer);
    saveTimer = undefined;
    sendOnLeave('/api/draft/form', 'PUT', apiForm());
  });
}

/**
 * flushDraft stores a draft still waiting for the pause in typing at once; always, when
 * asked to (before a hand-off: the form also carries the language the family reads).
 */
export async function flushDraft(always = false): Promise<void> {
  if (saveTimer === undefined && !always) return;
  clearTimeout(saveTimer);
  saveTimer = undefined;
  await request('/api/draft/form', { method: 'PUT', body: apiForm() }).catch(() => {});
}

export function clearFieldError(field: string): void {
  if (field in form.errors) {
    const { [field]: _gone, ...rest } = form.errors;
    form.errors = rest;
  }
}

export function resetForm(): void {
  clearTimeout(saveTimer);
  saveTimer = undefined;
  form.data = emptyForm();
  form.step = 'child';
  form.errors = {};
  form.general = '';
  form.busy = false;
  form.account = { wanted: false, email: '', password: '' };
}

/** restoreForm takes the form from the session's draft (after a reload). */
export function restoreForm(): void {
  const d = restored.form as Partial<VormerkungForm>;
  if (!d || typeof d !== 'object' || !d.child) return;
  const base = emptyForm();
  const merged: VormerkungForm = {
    ...base,
    ...d,
    child: { ...base.child, ...d.child },
    criteria: { ...base.criteria, ...(d.criteria ?? {}) },
    guardians: (d.guardians?.length ? d.guardians : base.guardians).map((g) => ({ ...emptyGuardian(), ...g })),
  };
  merged.child.birth_date = fromIsoDate(merged.child.birth_date);
  merged.start_date = fromIsoDate(merged.start_date);
  form.data = merged;
}
