// Shapes of the JSON API (docs/api.md). The UI renders these; it decides nothing.

export interface GeoPoint {
  lat: number;
  lon: number;
}

export interface KitaItem {
  id: string;
  name: string;
  distance_km?: number;
  carrier: { name?: string; type?: string };
  address: { street?: string; postcode?: string; city?: string; district?: string };
  location?: GeoPoint;
  hours?: Record<string, string>;
  age_months?: { min: number; max: number };
  places: { total?: number; u3?: number; ue3?: number };
  free_places: { u3?: number; ue3?: number; as_of?: string };
  concepts: string[];
  languages: string[];
  features: string[];
  bookable: boolean;
  demo?: boolean;
}

export interface KitaDetail extends KitaItem {
  contact: { phone?: string; email?: string; website?: string; person?: string };
  description?: string;
  updated_at?: string;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface PlaceItem {
  id: string;
  kind: string;
  name: string;
  district?: string;
  postcode?: string;
  city?: string;
  location: GeoPoint;
  label: string;
}

export interface ResolvedPlace extends PlaceItem {
  query: string;
  precision: string;
  fallback?: string;
  note?: string;
}

export interface KitaList {
  total: number;
  items: KitaItem[];
  facets: Record<string, FacetValue[] | undefined>;
  place?: ResolvedPlace;
}

export interface Settings {
  vormerkung_limit: number;
  idle_seconds: number;
  idle_warning_seconds: number;
  /** Replaces idle_seconds on the receipt, which shows the access code. */
  receipt_idle_seconds: number;
  map_tile_url: string;
  map_attribution: string;
  city: string;
  /** null when the data has no city centre (e.g. an imported city without districts). */
  city_center: GeoPoint | null;
  privacy_version: string;
  care_hours: number[];
  employment: string[];
  /** The Kitas are the invented demo city. */
  demo?: boolean;
}

export interface Guardian {
  first_name: string;
  last_name: string;
  street: string;
  postcode: string;
  city: string;
  phone: string;
  email: string;
  employment: string;
  employment_hours: number | null;
}

export interface VormerkungForm {
  child: { first_name: string; last_name: string; birth_date: string; expected: boolean };
  start_date: string;
  care_hours: number | null;
  guardians: Guardian[];
  criteria: {
    single_parent: boolean;
    sibling_kita_ids: string[];
    special_needs: boolean;
    youth_welfare: boolean;
  };
  consent: boolean;
  language: string;
}

export interface SessionInfo {
  shell: 'kiosk' | 'web';
  /** The kiosk can hand over to a phone (it has a public address). */
  handoff: boolean;
  session_id?: string;
  csrf_token: string;
  settings: Settings;
  draft?: {
    filters?: Record<string, unknown>;
    merkliste?: KitaItem[];
    form?: Partial<VormerkungForm> | null;
  };
  receipt?: Receipt | null;
  /** Who is logged in (docs/api.md, Logins); null for an anonymous session. */
  principal?: import('./account/types').Principal | null;
}

export interface Receipt {
  number: string;
  access_code: string;
  created_at: string;
  child_first_name: string;
  start_date: string;
  items: { priority: number; status: string; kita: KitaItem }[];
  status_url?: string;
  qr_url: string;
}

export interface FieldError {
  field: string;
  code: string;
  message?: string;
}
