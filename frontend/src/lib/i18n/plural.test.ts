import { describe, expect, it } from 'vitest';
import { i18n, loadLanguage, t } from './index.svelte';
import { pluralForms } from './plural';
import { de } from './de';

const numbers = [0, 1, 2, 3, 5, 11, 21] as const;

// What a reader of each language expects for 0, 1, 2, 3, 5, 11, 21.
const expected: Record<string, Record<'age.months' | 'age.years', string[]>> = {
  de: {
    'age.months': ['0 Monate', '1 Monat', '2 Monate', '3 Monate', '5 Monate', '11 Monate', '21 Monate'],
    'age.years': ['0 Jahre', '1 Jahr', '2 Jahre', '3 Jahre', '5 Jahre', '11 Jahre', '21 Jahre'],
  },
  en: {
    'age.months': ['0 months', '1 month', '2 months', '3 months', '5 months', '11 months', '21 months'],
    'age.years': ['0 years', '1 year', '2 years', '3 years', '5 years', '11 years', '21 years'],
  },
  ar: {
    'age.months': ['0 شهر', 'شهر واحد', 'شهران', '3 أشهر', '5 أشهر', '11 شهرًا', '21 شهرًا'],
    'age.years': ['0 سنة', 'سنة واحدة', 'سنتان', '3 سنوات', '5 سنوات', '11 سنة', '21 سنة'],
  },
  uk: {
    'age.months': ['0 місяців', '1 місяць', '2 місяці', '3 місяці', '5 місяців', '11 місяців', '21 місяць'],
    'age.years': ['0 років', '1 рік', '2 роки', '3 роки', '5 років', '11 років', '21 рік'],
  },
  ru: {
    'age.months': ['0 месяцев', '1 месяц', '2 месяца', '3 месяца', '5 месяцев', '11 месяцев', '21 месяц'],
    'age.years': ['0 лет', '1 год', '2 года', '3 года', '5 лет', '11 лет', '21 год'],
  },
};

describe('plural forms', () => {
  for (const [lang, keys] of Object.entries(expected)) {
    it(`${lang}: ages read right for ${numbers.join(', ')}`, async () => {
      expect(await loadLanguage(lang)).toBe(true);
      i18n.lang = lang;
      for (const [key, want] of Object.entries(keys)) {
        const got = numbers.map((n) => t(key as 'age.months', { n }));
        expect(got, `${lang} ${key}`).toEqual(want);
      }
      i18n.lang = 'de';
    });
  }

  it('only name known messages, with no placeholder the message lacks', () => {
    for (const [lang, keys] of Object.entries(pluralForms)) {
      for (const [key, forms] of Object.entries(keys)) {
        expect(Object.hasOwn(de, key), `${lang}: ${key}`).toBe(true);
        expect(forms!.other, `${lang}: ${key} has no "other"`).toBeDefined();
        for (const text of Object.values(forms!)) {
          for (const m of text!.matchAll(/\{(\w+)\}/g)) expect(de[key as keyof typeof de]).toContain(`{${m[1]}}`);
        }
      }
    }
  });

  it('isolates names in right-to-left text, so „Klinikzwerge“ keeps its quotes', async () => {
    expect(await loadLanguage('ar')).toBe(true);
    i18n.lang = 'ar';
    const text = t('merkliste.removed', { name: '„Klinikzwerge“' });
    expect(text).toContain('\u2068„Klinikzwerge“\u2069');
    i18n.lang = 'de';
    expect(t('merkliste.removed', { name: '„Klinikzwerge“' })).not.toContain('\u2068');
  });
});
