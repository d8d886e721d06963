// Plural forms for languages with more than "one" and "other" (Intl.PluralRules decides
// which form a number takes: Arabic has zero, one, two, few, many and other; Ukrainian
// and Russian one, few, many and other). A message without forms here uses its text from
// the catalogue, which is worded so that any number fits ("Знайдено садків: 21").
import type { MessageKey } from './de';

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>>;

const arMonths: PluralForms = {
  zero: '{n} شهر',
  one: 'شهر واحد',
  two: 'شهران',
  few: '{n} أشهر',
  many: '{n} شهرًا',
  other: '{n} شهر',
};
const arYears: PluralForms = {
  zero: '{n} سنة',
  one: 'سنة واحدة',
  two: 'سنتان',
  few: '{n} سنوات',
  many: '{n} سنة',
  other: '{n} سنة',
};
const ukMonths: PluralForms = { one: '{n} місяць', few: '{n} місяці', many: '{n} місяців', other: '{n} місяця' };
const ukYears: PluralForms = { one: '{n} рік', few: '{n} роки', many: '{n} років', other: '{n} року' };
const ruMonths: PluralForms = { one: '{n} месяц', few: '{n} месяца', many: '{n} месяцев', other: '{n} месяца' };
const ruYears: PluralForms = { one: '{n} год', few: '{n} года', many: '{n} лет', other: '{n} года' };

export const pluralForms: Record<string, Partial<Record<MessageKey, PluralForms>>> = {
  ar: { 'age.months': arMonths, 'age.years': arYears, 'filters.ageYears': arYears },
  uk: { 'age.months': ukMonths, 'age.years': ukYears, 'filters.ageYears': ukYears },
  ru: { 'age.months': ruMonths, 'age.years': ruYears, 'filters.ageYears': ruYears },
};
