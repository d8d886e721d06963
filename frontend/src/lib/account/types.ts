// Shapes of the API after submitting (docs/api.md: Logins, the family's account,
// Kita staff, Clerk, Admin, Vergaberunde). The UI renders these; it decides nothing.
import type { KitaItem } from '../types';

export type Role = 'clerk' | 'kita' | 'admin';

export interface Principal {
  kind: 'family' | 'staff';
  role?: Role;
  name?: string;
  kita_ids?: string[];
  email?: string;
  number?: string;
}

export interface Child {
  first_name: string;
  last_name: string;
  birth_date: string;
  expected?: boolean;
}

export interface Appointment {
  date: string;
  time: string;
  place: string;
}

export interface Offer {
  start_date: string;
  care_hours: number;
  /** The answer is due before this instant (midnight after the last day, German time). */
  deadline: string;
}

export interface StatusChange {
  status: string;
  at: string;
  /** "family", "kita:<id>", "clerk:<id>", "system" */
  actor: string;
  message?: string;
  appointment?: Appointment;
  offer?: Offer;
  /** accepted_elsewhere, deadline_passed, vergaberunde, merged, account_deleted */
  reason?: string;
}

export type FamilyAction = 'accept' | 'decline' | 'withdraw';

export interface VormerkungView {
  id: number;
  priority: number;
  status: string;
  kita: KitaItem;
  history: StatusChange[];
  offer?: Offer;
  actions: FamilyAction[];
  created_at: string;
}

export interface RoundOutcome {
  round_id: string;
  deadline: string;
  /** placed, unplaced, fixed */
  status: string;
  kita_id?: string;
  /** The official German wording. */
  text: string;
  reasons?: string[];
  /** The same explanation as codes and numbers (outcomes published before these existed lack them). */
  kita_name?: string;
  rank?: number;
  /** u3 or ue3 */
  age_group?: string;
  together?: boolean;
  why?: OutcomeReason[];
}

/** Why one Kita ranked above the result did not take the child. */
export interface OutcomeReason {
  code: string;
  kita_name: string;
  rank: number;
  age_group?: string;
  places: number;
  fixed?: number;
  last_points?: number;
  child_points: number;
  last_lottery?: number;
  child_lottery?: number;
}

export interface ChildOverview {
  number: string;
  child: Child;
  start_date: string;
  care_hours: number;
  reduced?: boolean;
  vormerkungen: VormerkungView[];
  can_add: boolean;
  limit: number;
  rounds: RoundOutcome[];
}

export interface FamilyOverview {
  children: ChildOverview[];
  /** The family said its children need not be in the same Kita. */
  siblings_apart: boolean;
}

export interface DeletionResult {
  deleted: string[];
  kept: { number: string; kita_id: string; status: string }[];
  account_deleted: boolean;
}

export interface StoredGuardian {
  first_name: string;
  last_name: string;
  street?: string;
  postcode?: string;
  city?: string;
  phone?: string;
  email?: string;
  employment: string;
  employment_hours?: number;
}

export interface StoredCriteria {
  single_parent: boolean;
  sibling_kita_ids?: string[];
  special_needs: boolean;
  youth_welfare: boolean;
}

// Kita staff

export type KitaAction = 'read' | 'appointment' | 'offer' | 'waitlist' | 'reject';

export interface InboxItem {
  id: number;
  number: string;
  kita_id: string;
  priority: number;
  status: string;
  created_at: string;
  child: Child;
  age_group: 'u3' | 'ue3' | '';
  start_date: string;
  care_hours: number;
  criteria: {
    single_parent: boolean;
    sibling_here: boolean;
    special_needs: boolean;
    youth_welfare: boolean;
    all_employed: boolean;
    employed_hours: number;
    guardians: number;
  };
  guardians: StoredGuardian[];
  history: StatusChange[];
  offer?: Offer;
  actions: KitaAction[];
}

export interface InboxFilter {
  age_group: string;
  start_from: string;
  start_until: string;
  priority: string;
  criterion: string;
  status: string;
  sort: string;
}

export interface KitaAnswer {
  message?: string;
  appointment?: Appointment;
  offer?: { start_date: string; care_hours: number; deadline?: string };
}

// Clerk

export interface FamilySummary {
  number: string;
  child: Child;
  guardians: string[];
  statuses: string[];
  channel: string;
  created_at: string;
}

export interface ClerkFamilyDetail extends ChildOverview {
  guardians: StoredGuardian[];
  criteria: StoredCriteria;
  channel: string;
  /** Vormerkungen a clerk linked with this one as siblings. */
  siblings: string[];
}

export interface DuplicateGroup {
  child_key: string;
  applications: FamilySummary[];
}

// Vergaberunde

export type Mechanism = 'deferred_acceptance' | 'first_choice_first';

export interface RoundItem {
  id: string;
  status: 'draft' | 'published';
  deadline: string;
  start_date: string;
  mechanism: Mechanism;
  follow_up_of?: string;
  created_at: string;
  published_at?: string;
}

export interface RoundStats {
  mechanism: Mechanism;
  children: number;
  fixed: number;
  placed: number;
  placed_share: number;
  first_choice: number;
  first_choice_share: number;
  unplaced: number;
  by_rank: { rank: number; children: number; share: number }[];
  unplaced_by_district: { district: string; children: number; unplaced: number; unplaced_share: number }[];
  unplaced_by_age_group: { age_group: string; children: number; unplaced: number; unplaced_share: number }[];
  free_places: {
    kita_id: string;
    kita_name: string;
    age_group: string;
    capacity: number;
    fixed: number;
    placed: number;
    free: number;
  }[];
  free_total: { u3: number; ue3: number };
}

export interface EnvyReport {
  justified_envy: number;
  envious_children: number;
  blocking_pairs: number;
  wasteful: number;
}

export interface RoundSummary {
  stats: RoundStats;
  envy: EnvyReport;
}

export interface RoundCapacity {
  kita_id: string;
  kita_name: string;
  district: string;
  u3: number;
  ue3: number;
}

export interface RoundPlacement {
  number: string;
  child_name: string;
  status: 'placed' | 'unplaced' | 'fixed';
  kita_id?: string;
  kita_name?: string;
  age_group: string;
  rank?: number;
  points?: number;
  lottery?: number;
  together?: boolean;
}

export interface RoundView extends RoundItem {
  seed: number;
  stats: RoundStats;
  comparison: { deferred_acceptance: RoundSummary; first_choice_first: RoundSummary };
  capacities: RoundCapacity[];
  placements: RoundPlacement[];
  notes: RoundNote[];
  holding: number;
  deviations: Deviation[];
  families: RoundFamily[];
  /** How the round kept siblings together, and what that cost others. */
  groups?: {
    groups: number;
    together: number;
    moved: number;
    split: number;
    unplaced: number;
    worse_off: number;
    worse_off_outside: number;
  };
  updated_at: string;
}

/** Siblings a round keeps together: what linked them, and after a run where each went. */
export interface RoundFamily {
  group_id: string;
  linked_by: 'account' | 'clerk';
  together: boolean;
  children: { number: string; child_name: string; status?: string; kita_name?: string }[];
}

/** A Kita's documented refusal of a child the round recommended to it. */
export interface Deviation {
  kita_id: string;
  number: string;
  reason: string;
  by: string;
  at: string;
}

/** What a draft round recommends for one Kita (the Kita staff's view). */
export interface Recommendation {
  round_id: string;
  deadline: string;
  start_date: string;
  kita_id: string;
  kita_name: string;
  children: { number: string; child_name: string; age_group: string; rank: number; points: number }[];
  deviations: Deviation[];
}

// A child whose input the round left out or changed.
export interface RoundNote {
  number: string;
  child_name: string;
  code: string;
  message: string;
  left_out: boolean;
}

export interface ExplainReason {
  kita_id: string;
  kita_name: string;
  rank: number;
  code: string;
  places: number;
  last_points?: number;
  child_points: number;
  text: string;
}

export interface ExplainPoints {
  kita_id: string;
  kita_name: string;
  rank: number;
  total: number;
  items: { criterion: string; points: number; text: string }[];
  text: string;
}

export interface Explanation {
  child_id: string;
  status: string;
  kita_id?: string;
  kita_name?: string;
  rank?: number;
  text: string;
  reasons: ExplainReason[] | null;
  points: ExplainPoints[] | null;
}

// Admin

export interface UserView {
  id: string;
  login: string;
  name: string;
  role: Role;
  kita_ids: string[];
  disabled: boolean;
}

export type AdminSettings = Record<string, string | number | boolean | null | object>;

export interface AuditEntry {
  seq: number;
  at: string;
  actor_id: string;
  actor_role: string;
  action: string;
  number?: string;
  vormerkung_id?: number;
  kita_id?: string;
  detail?: string;
}

export interface OutboxStatus {
  id: number;
  attempts: number;
  sent_at?: string;
  gave_up: boolean;
  last_error?: string;
}
