import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { tr } from './tr';
import { ar } from './ar';
import { uk } from './uk';
import { ru } from './ru';

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

  it('keeps the two window titles the kiosk smoke test waits for', () => {
    expect(de['title.welcome']).toBe('KitaPortal – Willkommen');
    expect(de['title.searchResults']).toBe('KitaPortal – Suche ({total} Treffer)');
  });
});
