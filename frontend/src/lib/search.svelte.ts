// The search filters and their results. A change of a choice (chip, select) searches
// at once; typing is debounced. A newer search aborts the one still running.
import { request, isAbort, ApiError } from './api';
import { ageInMonths, toIsoDate } from './dates';
import { restored } from './session.svelte';
import type { FacetValue, KitaList, KitaItem, PlaceItem, ResolvedPlace } from './types';

export interface Filters {
  birth_date: string;
  age_years: string;
  weekdays: string[];
  open_from: string;
  open_until: string;
  place_text: string;
  place: { label: string; lat: number; lon: number } | null;
  radius_km: string;
  carrier_type: string[];
  concept: string[];
  language: string[];
  feature: string[];
  bookable: boolean;
  free_only: boolean;
  q: string;
}

export const pageSize = 30;

export function emptyFilters(): Filters {
  return {
    birth_date: '',
    age_years: '',
    weekdays: ['mo', 'tu', 'we', 'th', 'fr'],
    open_from: '',
    open_until: '',
    place_text: '',
    place: null,
    radius_km: '',
    carrier_type: [],
    concept: [],
    language: [],
    feature: [],
    bookable: false,
    free_only: false,
    q: '',
  };
}

export const search = $state({
  filters: emptyFilters(),
  total: null as number | null,
  items: [] as KitaItem[],
  facets: {} as Record<string, FacetValue[] | undefined>,
  place: null as ResolvedPlace | null,
  loading: false,
  loadingMore: false,
  error: '',
  /** The error's parameter (e.g. place), to show it at its field. */
  errorField: '',
  /** Bumped after each answer, so tests and benches can wait for it. */
  generation: 0,
});

/** The months the filter uses: from the birth date if given, else from the age. */
export function filterAgeMonths(f: Filters): number | null {
  if (f.birth_date.trim()) return ageInMonths(toIsoDate(f.birth_date));
  if (f.age_years !== '') return Number(f.age_years) * 12;
  return null;
}

/** queryString builds the parameters of GET /api/kitas (no names, no birth dates). */
export function queryString(f: Filters, offset = 0): string {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local value, never read as state
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.place) p.set('near', `${f.place.lat.toFixed(5)},${f.place.lon.toFixed(5)}`);
  else if (f.place_text.trim().length >= 3) p.set('place', f.place_text.trim());
  if ((f.place || f.place_text.trim().length >= 3) && f.radius_km) p.set('radius_km', f.radius_km);
  const age = filterAgeMonths(f);
  if (age !== null) p.set('age_months', String(age));
  if (f.open_from) p.set('open_from', f.open_from);
  if (f.open_until) p.set('open_until', f.open_until);
  if ((f.open_from || f.open_until) && f.weekdays.length > 0) p.set('weekdays', f.weekdays.join(','));
  if (f.carrier_type.length) p.set('carrier_type', f.carrier_type.join(','));
  for (const c of f.concept) p.append('concept', c);
  for (const l of f.language) p.append('language', l);
  for (const x of f.feature) p.append('feature', x);
  if (f.bookable) p.set('bookable', 'true');
  if (f.free_only) p.set('free_only', 'true');
  p.set('limit', String(pageSize));
  if (offset) p.set('offset', String(offset));
  return p.toString();
}

/** The typed parts: changes to them wait for a pause in typing. */
function typedPart(f: Filters): string {
  return JSON.stringify([f.q, f.place ? '' : f.place_text, f.birth_date]);
}

let controller: AbortController | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastTyped = '';
let lastQuery = '';

export function scheduleSearch(): void {
  const f = search.filters;
  const qs = queryString(f);
  if (qs === lastQuery && search.total !== null) return;
  const typed = typedPart(f);
  const debounce = typed !== lastTyped && search.total !== null;
  lastTyped = typed;
  clearTimeout(timer);
  if (debounce) timer = setTimeout(() => void runSearch(qs), 300);
  else void runSearch(qs);
  scheduleDraftSave();
}

async function runSearch(qs: string): Promise<void> {
  controller?.abort();
  const c = new AbortController();
  controller = c;
  lastQuery = qs;
  search.loading = true;
  try {
    const r = await request<KitaList>(`/api/kitas?${qs}`, { signal: c.signal });
    if (c.signal.aborted) return;
    search.total = r.total;
    search.items = r.items;
    search.facets = r.facets ?? {};
    search.place = r.place ?? null;
    search.error = '';
    search.errorField = '';
  } catch (err) {
    if (isAbort(err) || c.signal.aborted) return;
    search.error = err instanceof ApiError ? err.code : 'network';
    search.errorField = err instanceof ApiError ? err.field : '';
    if (search.errorField !== 'place') {
      search.total = null;
      search.items = [];
    }
    lastQuery = '';
  } finally {
    if (controller === c) {
      search.loading = false;
      controller = null;
      search.generation += 1;
    }
  }
}

export async function loadMore(): Promise<void> {
  if (search.loadingMore) return;
  search.loadingMore = true;
  try {
    const r = await request<KitaList>(`/api/kitas?${queryString(search.filters, search.items.length)}`);
    search.items = [...search.items, ...r.items];
  } catch {
    // The button stays; the parent can tap it again.
  } finally {
    search.loadingMore = false;
  }
}

export async function suggestPlaces(q: string, signal: AbortSignal): Promise<PlaceItem[]> {
  const r = await request<{ items: PlaceItem[] }>(`/api/places?q=${encodeURIComponent(q)}&limit=8`, { signal });
  return r.items;
}

let draftTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleDraftSave(): void {
  clearTimeout(draftTimer);
  const body = $state.snapshot(search.filters);
  draftTimer = setTimeout(() => {
    draftTimer = undefined;
    request('/api/draft/filters', { method: 'PUT', body }).catch(() => {
      // A lost filter draft only costs a few taps; the search itself works.
    });
  }, 1000);
}

/** flushFilterDraft stores filters still waiting for the pause at once (before a hand-off). */
export async function flushFilterDraft(): Promise<void> {
  if (draftTimer === undefined) return;
  clearTimeout(draftTimer);
  draftTimer = undefined;
  await request('/api/draft/filters', { method: 'PUT', body: $state.snapshot(search.filters) }).catch(() => {});
}

/** resetSearch forgets filters and results (a wipe, or a fresh start). */
export function resetSearch(): void {
  controller?.abort();
  clearTimeout(timer);
  clearTimeout(draftTimer);
  draftTimer = undefined;
  search.filters = emptyFilters();
  search.total = null;
  search.items = [];
  search.facets = {};
  search.place = null;
  search.error = '';
  search.errorField = '';
  lastQuery = '';
  lastTyped = '';
}

/** restoreFilters takes the filters from the session's draft (after a reload). */
export function restoreFilters(): void {
  const d = restored.filters as Partial<Filters>;
  if (d && typeof d === 'object' && Array.isArray(d.weekdays)) {
    search.filters = { ...emptyFilters(), ...d };
  }
}
