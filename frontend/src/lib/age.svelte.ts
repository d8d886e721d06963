// The child's age at the desired start against a Kita's age range: the server refuses a
// Kita that does not fit (at submit and in "Kita hinzufügen"); the screens warn before.
import { form } from './form.svelte';
import { monthsBetween, toIsoDate } from './dates';
import type { KitaItem } from './types';

/** The child's age in months at the start date of the form, once both dates are typed. */
export function ageAtStart(): number | null {
  return monthsBetween(toIsoDate(form.data.child.birth_date), toIsoDate(form.data.start_date));
}

/** Whether a Kita with a known age range does not take a child of this age. */
export function outsideAges(k: KitaItem, months: number | null): boolean {
  return months !== null && !!k.age_months && (months < k.age_months.min || months > k.age_months.max);
}
