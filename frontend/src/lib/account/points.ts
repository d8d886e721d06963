// The Vergaberunde's points catalogue as the admin screen edits it: text fields,
// turned back into the JSON the allocation_points setting holds.

export const pointCriteria = [
  'single_parent',
  'special_needs',
  'youth_welfare',
  'last_year_before_school',
  'sibling',
  'district',
] as const;
export type PointCriterion = (typeof pointCriteria)[number];

/** A field's value: text, or a number (or null when empty) from a number input. */
export type FieldValue = string | number | null;

export interface PointsForm {
  points: Record<PointCriterion, FieldValue>;
  district_enabled: boolean;
  employment: { min_hours: FieldValue; points: FieldValue }[];
}

/** Catalogue is the setting's JSON shape (allocation.Catalogue). */
export interface Catalogue {
  single_parent: number;
  employment: { min_hours: number; points: number }[];
  special_needs: number;
  youth_welfare: number;
  last_year_before_school: number;
  sibling: number;
  district: number;
  district_enabled: boolean;
}

const maxPoints = 100_000;
const maxHours = 168;

export function toForm(c: Partial<Catalogue> | null | undefined): PointsForm {
  const points = {} as Record<PointCriterion, FieldValue>;
  for (const k of pointCriteria) points[k] = String(c?.[k] ?? 0);
  return {
    points,
    district_enabled: !!c?.district_enabled,
    employment: (c?.employment ?? []).map((b) => ({ min_hours: String(b.min_hours), points: String(b.points) })),
  };
}

export type PointsProblem = 'range' | 'hours' | 'order' | 'district';

function whole(v: FieldValue, max: number): number | null {
  const t = String(v ?? '').trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n <= max ? n : null;
}

/** fromForm gives the catalogue, or the first problem the admin must fix. */
export function fromForm(f: PointsForm): { catalogue: Catalogue } | { problem: PointsProblem } {
  const nums = {} as Record<PointCriterion, number>;
  for (const k of pointCriteria) {
    const n = whole(f.points[k], maxPoints);
    if (n === null) return { problem: 'range' };
    nums[k] = n;
  }
  const employment: Catalogue['employment'] = [];
  for (const b of f.employment) {
    const h = whole(b.min_hours, maxHours);
    if (h === null) return { problem: 'hours' };
    const p = whole(b.points, maxPoints);
    if (p === null) return { problem: 'range' };
    if (employment.length && h <= employment[employment.length - 1]!.min_hours) return { problem: 'order' };
    employment.push({ min_hours: h, points: p });
  }
  if (f.district_enabled && nums.district === 0) return { problem: 'district' };
  return {
    catalogue: {
      single_parent: nums.single_parent,
      employment,
      special_needs: nums.special_needs,
      youth_welfare: nums.youth_welfare,
      last_year_before_school: nums.last_year_before_school,
      sibling: nums.sibling,
      district: nums.district,
      district_enabled: f.district_enabled,
    },
  };
}
