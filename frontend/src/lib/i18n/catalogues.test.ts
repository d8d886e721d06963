import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { tr } from './tr';
import { ar } from './ar';
import { uk } from './uk';
import { ru } from './ru';
import { singulars } from './singular';
import { i18n, loadLanguage, t } from './index.svelte';

const reference = Object.keys(de).sort();
const others: Record<string, Record<string, string>> = { en, tr, ar, uk, ru };

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe('message catalogues', () => {
  for (const [lang, cat] of Object.entries(others)) {
    describe(lang, () => {
      it('has every key of the German catalogue', () => {
        const missing = reference.filter((k) => !Object.hasOwn(cat, k));
        expect(missing, `${lang} misses keys`).toEqual([]);
      });

      it('has no key the German catalogue lacks', () => {
        const extra = Object.keys(cat).filter((k) => !Object.hasOwn(de, k));
        expect(extra, `${lang} has extra keys`).toEqual([]);
      });

      it('has a non-empty text for every key, with the same placeholders', () => {
        for (const k of reference) {
          const text = cat[k] ?? '';
          expect(text.trim(), `${lang}: ${k} is empty`).not.toBe('');
          expect(placeholders(text), `${lang}: ${k} placeholders`).toEqual(placeholders(de[k as keyof typeof de]));
        }
      });
    });
  }

  describe('texts for exactly one', () => {
    const all: Record<string, Record<string, string>> = { de, ...others };
    for (const [lang, forms] of Object.entries(singulars)) {
      it(`${lang}: each replaces a known message, with the same placeholders`, () => {
        for (const [k, text] of Object.entries(forms)) {
          const base = all[lang]![k];
          expect(base, `${lang}: ${k} is not a message`).toBeDefined();
          expect(placeholders(text!), `${lang}: ${k} placeholders`).toEqual(placeholders(base!));
          expect(text, `${lang}: ${k} differs from the plural text`).not.toBe(base);
        }
      });
    }

    it('are used for 1 and only for 1', async () => {
      expect(await loadLanguage('en')).toBe(true);
      expect(await loadLanguage('ru')).toBe(true);
      i18n.lang = 'de';
      expect(t('search.count', { n: 1 })).toBe('1 Kita gefunden');
      expect(t('search.count', { n: 2 })).toBe('2 Kitas gefunden');
      expect(t('search.count', { n: 0 })).toBe('0 Kitas gefunden');
      expect(t('filters.ageYears', { n: 1 })).toBe('1 Jahr');
      i18n.lang = 'en';
      expect(t('age.months', { n: 1 })).toBe('1 month');
      expect(t('age.months', { n: 11 })).toBe('11 months');
      i18n.lang = 'ru';
      expect(t('search.count', { n: 1 })).toBe('Найдено садов: 1');
      i18n.lang = 'de';
    });
  });

  it('loads each offered language once, and no other', async () => {
    for (const l of ['en', 'tr', 'ar', 'uk', 'ru']) expect(await loadLanguage(l)).toBe(true);
    expect(await loadLanguage('xx')).toBe(false);
    expect(await loadLanguage('de')).toBe(true);
  });

  it('keeps the two window titles the kiosk smoke test waits for', () => {
    expect(de['title.welcome']).toBe('KitaPortal – Willkommen');
    expect(de['title.searchResults']).toBe('KitaPortal – Suche ({total} Treffer)');
  });
});
