// The server-side session as the UI sees it: shell, settings, Merkliste and receipt.
// The session id (kiosk shell) and CSRF token stay in memory; nothing goes to storage.
import { ApiError, onSessionExpired, request, setAuth } from './api';
import { setDefaultParam } from './i18n/index.svelte';
import type { KitaItem, Receipt, SessionInfo, Settings } from './types';
import type { Principal } from './account/types';

const defaults: Settings = {
  vormerkung_limit: 5,
  idle_seconds: 90,
  idle_warning_seconds: 30,
  receipt_idle_seconds: 20,
  map_tile_url: '',
  map_attribution: '',
  city: '',
  city_center: { lat: 49.4447, lon: 7.769 },
  privacy_version: '',
  care_hours: [],
  employment: [],
};

export const session = $state({
  ready: false,
  failed: false,
  shell: 'web' as 'kiosk' | 'web',
  /** This kiosk can hand over to a phone. */
  handoff: false,
  settings: defaults,
  merkliste: [] as KitaItem[],
  receipt: null as Receipt | null,
  /** Who is logged in (family or staff); null when nobody is. */
  principal: null as Principal | null,
  /** Counts wipes: the UI re-creates every component when it changes. */
  epoch: 0,
});

/** Draft parts the other state modules restore from (set on each load). */
export const restored: { filters: Record<string, unknown>; form: Record<string, unknown> } = {
  filters: {},
  form: {},
};

/** The kiosk key from /?kiosk=KEY, passed on to GET /api/session. */
function kioskKey(): string {
  return new URLSearchParams(window.location.search).get('kiosk') ?? '';
}

function apply(s: SessionInfo): void {
  setAuth(s.session_id ?? '', s.csrf_token);
  session.shell = s.shell === 'kiosk' ? 'kiosk' : 'web';
  session.handoff = s.handoff === true;
  const st: Settings = { ...defaults, ...s.settings };
  // A missing list must not break a screen: treat null as empty.
  st.care_hours = st.care_hours ?? [];
  st.employment = st.employment ?? [];
  session.settings = st;
  setDefaultParam('max', session.settings.vormerkung_limit);
  session.merkliste = s.draft?.merkliste ?? [];
  session.receipt = s.receipt ?? null;
  session.principal = s.principal ?? null;
  restored.filters = s.draft?.filters ?? {};
  restored.form = (s.draft?.form as Record<string, unknown> | null | undefined) ?? {};
  session.ready = true;
  session.failed = false;
}

/** applySession takes over a session a login or logout answered (a new id and CSRF token). */
export function applySession(s: SessionInfo): void {
  apply(s);
}

export async function loadSession(): Promise<void> {
  const key = kioskKey();
  try {
    apply(await request<SessionInfo>(`/api/session${key ? `?kiosk=${encodeURIComponent(key)}` : ''}`));
  } catch (err) {
    session.failed = !(err instanceof ApiError && err.status === 404);
    // Without the session routes (an older server) the search still works.
    session.ready = true;
  }
}

/** wipeSession destroys the server-side session and starts a fresh one (kiosk wipe). */
export async function wipeSession(): Promise<void> {
  setAuthBeforeWipe();
  try {
    apply(await request<SessionInfo>('/api/session', { method: 'DELETE' }));
  } catch {
    // Even when the server cannot be reached, forget everything here and start over.
    setAuth('', '');
    session.merkliste = [];
    session.receipt = null;
    await loadSession();
  }
  session.epoch += 1;
}

function setAuthBeforeWipe(): void {
  session.merkliste = [];
  session.receipt = null;
  session.principal = null;
  restored.filters = {};
  restored.form = {};
}

// Until the UI registers its own handler (which also clears the screen), an expired
// session is simply fetched again.
onSessionExpired(() => void loadSession());

export async function addToMerkliste(kitaId: string): Promise<void> {
  const r = await request<{ merkliste: KitaItem[] }>('/api/merkliste', {
    method: 'POST',
    body: { kita_id: kitaId },
  });
  session.merkliste = r.merkliste;
}

export async function removeFromMerkliste(kitaId: string): Promise<void> {
  const r = await request<{ merkliste: KitaItem[] }>(`/api/merkliste/${encodeURIComponent(kitaId)}`, {
    method: 'DELETE',
  });
  session.merkliste = r.merkliste;
}

export async function reorderMerkliste(ids: string[]): Promise<void> {
  const r = await request<{ merkliste: KitaItem[] }>('/api/merkliste', {
    method: 'PUT',
    body: { kita_ids: ids },
  });
  session.merkliste = r.merkliste;
}

export function onMerkliste(id: string): boolean {
  return session.merkliste.some((k) => k.id === id);
}
