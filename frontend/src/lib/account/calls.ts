// The API calls of the account, Kita staff, clerk and admin screens (docs/api.md).
// Thin: the server checks who may do what and answers what the screen shows.
import { request } from '../api';
import type { KitaItem, KitaList } from '../types';
import type {
  AdminSettings,
  AuditEntry,
  ClerkFamilyDetail,
  DeletionResult,
  DuplicateGroup,
  Explanation,
  FamilyAction,
  FamilyOverview,
  FamilySummary,
  InboxFilter,
  InboxItem,
  KitaAction,
  KitaAnswer,
  Mechanism,
  OutboxStatus,
  Recommendation,
  RoundFamily,
  RoundItem,
  RoundView,
  Role,
  UserView,
} from './types';

const enc = encodeURIComponent;

// The family (or a clerk on its behalf)

export const getFamily = (): Promise<FamilyOverview> => request('/api/family');

export const familyAct = (id: number, action: FamilyAction): Promise<void> =>
  request(`/api/vormerkungen/${id}/${action}`, { method: 'POST' });

export const addKita = (number: string, kitaId: string): Promise<void> =>
  request(`/api/family/${enc(number)}/kitas`, { method: 'POST', body: { kita_id: kitaId } });

export const reorder = (number: string, ids: number[]): Promise<void> =>
  request(`/api/family/${enc(number)}/priorities`, { method: 'PUT', body: { ids } });

export const deleteFamily = (): Promise<DeletionResult> => request('/api/family', { method: 'DELETE' });

export const bookableKitas = (q: string, signal?: AbortSignal): Promise<KitaList> =>
  request(`/api/kitas?bookable=true&limit=8${q.trim() ? `&q=${enc(q.trim())}` : ''}`, signal ? { signal } : {});

// Kita staff

export const staffKitas = (): Promise<{ items: KitaItem[] }> => request('/api/kita/kitas');

export function inbox(kitaId: string, f: InboxFilter): Promise<{ items: InboxItem[] }> {
  const q = new URLSearchParams({ kita_id: kitaId });
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  return request(`/api/kita/vormerkungen?${q.toString()}`);
}

export const kitaAct = (id: number, action: KitaAction, body: KitaAnswer = {}): Promise<void> =>
  request(`/api/kita/vormerkungen/${id}/${action}`, { method: 'POST', body });

export const setFreePlaces = (kitaId: string, u3: number | null, ue3: number | null): Promise<void> =>
  request(`/api/kita/kitas/${enc(kitaId)}/free-places`, { method: 'PUT', body: { u3, ue3 } });

// Clerk

export function findFamilies(q: string, birthDate: string, number: string): Promise<{ items: FamilySummary[] }> {
  const p = new URLSearchParams();
  if (q.trim()) p.set('q', q.trim());
  if (birthDate) p.set('birth_date', birthDate);
  if (number.trim()) p.set('number', number.trim());
  return request(`/api/clerk/families?${p.toString()}`);
}

export const clerkFamily = (number: string): Promise<ClerkFamilyDetail> =>
  request(`/api/clerk/families/${enc(number)}`);

export const duplicates = (): Promise<{ groups: DuplicateGroup[] }> => request('/api/clerk/duplicates');

export const merge = (keep: string, drop: string): Promise<void> =>
  request('/api/clerk/merge', { method: 'POST', body: { keep, drop } });

// Vergaberunde

export const rounds = (): Promise<{ items: RoundItem[] }> => request('/api/clerk/rounds');

export const createRound = (spec: {
  deadline: string;
  start_date: string;
  mechanism: Mechanism;
  follow_up_of?: string;
}): Promise<RoundView> => request('/api/clerk/rounds', { method: 'POST', body: spec });

export const getRound = (id: string): Promise<RoundView> => request(`/api/clerk/rounds/${enc(id)}`);

export const rerunRound = (id: string, capacities: Record<string, { u3: number; ue3: number }>): Promise<RoundView> =>
  request(`/api/clerk/rounds/${enc(id)}/rerun`, { method: 'POST', body: { capacities } });

export const explainRound = (id: string, number: string): Promise<Explanation> =>
  request(`/api/clerk/rounds/${enc(id)}/explain/${enc(number)}`);

export const recommendations = (): Promise<{ items: Recommendation[] }> => request('/api/kita/rounds');

export const deviate = (roundId: string, kitaId: string, number: string, reason: string): Promise<Recommendation> =>
  request(`/api/kita/rounds/${enc(roundId)}/deviations`, { method: 'POST', body: { kita_id: kitaId, number, reason } });

/** roundExportUrl downloads a round's input and placements (JSON or CSV). */
export const roundExportUrl = (id: string, format: 'json' | 'csv'): string =>
  `/api/clerk/rounds/${enc(id)}/export?format=${format}`;

export function plannedFamilies(spec: {
  deadline: string;
  start_date: string;
  follow_up_of?: string;
}): Promise<{ items: RoundFamily[] }> {
  const q = new URLSearchParams({ deadline: spec.deadline, start_date: spec.start_date });
  if (spec.follow_up_of) q.set('follow_up_of', spec.follow_up_of);
  return request(`/api/clerk/rounds/families?${q.toString()}`);
}

export const linkSiblings = (numbers: string[]): Promise<void> =>
  request('/api/clerk/siblings', { method: 'POST', body: { numbers } });

export const unlinkSibling = (number: string): Promise<void> =>
  request(`/api/clerk/siblings/${enc(number)}`, { method: 'DELETE' });

export const setSiblingsApart = (apart: boolean): Promise<void> =>
  request('/api/family/siblings-apart', { method: 'PUT', body: { apart } });

export const publishRound = (id: string): Promise<{ offers: number; skipped: number }> =>
  request(`/api/clerk/rounds/${enc(id)}/publish`, { method: 'POST' });

// Admin

export const users = (): Promise<{ items: UserView[] }> => request('/api/admin/users');

export const addUser = (u: {
  login: string;
  name: string;
  role: Role;
  kita_ids: string[];
  password: string;
}): Promise<UserView> => request('/api/admin/users', { method: 'POST', body: u });

export const setUserDisabled = (id: string, disabled: boolean): Promise<UserView> =>
  request(`/api/admin/users/${enc(id)}/${disabled ? 'disable' : 'enable'}`, { method: 'POST' });

export const deleteUser = (id: string): Promise<void> => request(`/api/admin/users/${enc(id)}`, { method: 'DELETE' });

export const getSettings = (): Promise<AdminSettings> => request('/api/admin/settings');

export const putSettings = (values: Record<string, string>): Promise<AdminSettings> =>
  request('/api/admin/settings', { method: 'PUT', body: values });

export const audit = (): Promise<{ items: AuditEntry[] }> => request('/api/admin/audit');

export const outbox = (): Promise<{ items: OutboxStatus[] }> => request('/api/admin/outbox');

export const allKitas = (): Promise<KitaList> => request('/api/kitas?limit=500');
