// Field ids and labels of the Vormerkung form, shared by the steps and the error list.
import { t, type MessageKey } from '../../lib/i18n/index.svelte';

/** fid turns an API field path (guardians.0.email) into an element id. */
export function fid(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9_]+/g, '-')}`;
}

const labels: Record<string, MessageKey> = {
  'child.first_name': 'form.child.firstName',
  'child.last_name': 'form.child.lastName',
  'child.birth_date': 'form.child.birthDate',
  'child.expected': 'form.child.expected',
  start_date: 'form.startDate',
  care_hours: 'form.careHours',
  first_name: 'form.g.firstName',
  last_name: 'form.g.lastName',
  street: 'form.g.street',
  postcode: 'form.g.postcode',
  city: 'form.g.city',
  phone: 'form.g.phone',
  email: 'form.g.email',
  employment: 'form.g.employment',
  employment_hours: 'form.g.hours',
  'criteria.single_parent': 'form.c.singleParent',
  'criteria.sibling_kita_ids': 'form.c.siblings',
  'criteria.special_needs': 'form.c.specialNeeds',
  'criteria.youth_welfare': 'form.c.youthWelfare',
  consent: 'form.consent.label',
  'account.email': 'signup.email',
  'account.password': 'signup.password',
};

/** fieldLabel names a field for the error list ("E-Mail (Person 2)"). */
export function fieldLabel(path: string): string {
  const g = /^guardians\.(\d+)(?:\.(\w+))?$/.exec(path);
  if (g) {
    const who = t('form.g.person', { n: Number(g[1]) + 1 });
    const key = g[2] ? labels[g[2]] : undefined;
    return key ? `${t(key)} (${who})` : who;
  }
  const key = labels[path];
  return key ? t(key) : '';
}
