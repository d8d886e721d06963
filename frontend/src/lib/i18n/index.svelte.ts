// The message catalogues and the current language. Every string the user sees goes
// through t(); German is the reference catalogue, the others have exactly its keys.
import { de, type MessageKey } from './de';
import { singulars } from './singular';
import { pluralForms } from './plural';

export type { MessageKey };
export type Catalogue = Record<MessageKey, string>;

export interface Language {
  code: string;
  /** The language's own name, as its speakers look for it. */
  name: string;
  locale: string;
  dir: 'ltr' | 'rtl';
}

export const languages: Language[] = [
  { code: 'de', name: 'Deutsch', locale: 'de-DE', dir: 'ltr' },
  { code: 'en', name: 'English', locale: 'en-GB', dir: 'ltr' },
  { code: 'tr', name: 'Türkçe', locale: 'tr-TR', dir: 'ltr' },
  { code: 'ar', name: 'العربية', locale: 'ar-u-nu-latn', dir: 'rtl' },
  { code: 'uk', name: 'Українська', locale: 'uk-UA', dir: 'ltr' },
  { code: 'ru', name: 'Русский', locale: 'ru-RU', dir: 'ltr' },
];

// German comes with the page; the other catalogues load when first chosen (a few
// milliseconds from the same server), so the kiosk starts with less to read.
const loaders: Record<string, () => Promise<Catalogue>> = {
  en: () => import('./en').then((m) => m.en),
  tr: () => import('./tr').then((m) => m.tr),
  ar: () => import('./ar').then((m) => m.ar),
  uk: () => import('./uk').then((m) => m.uk),
  ru: () => import('./ru').then((m) => m.ru),
};

/** The catalogues loaded so far. */
export const catalogues: Record<string, Catalogue> = { de };

export const i18n = $state({ lang: 'de' });

export function currentLanguage(): Language {
  return languages.find((l) => l.code === i18n.lang) ?? languages[0]!;
}

/** hasLanguage: the UI offers this language. */
export function hasLanguage(code: string): boolean {
  return code === 'de' || Object.hasOwn(loaders, code);
}

/** loadLanguage fetches a catalogue once; false when it could not be loaded. */
export async function loadLanguage(code: string): Promise<boolean> {
  if (catalogues[code]) return true;
  const load = loaders[code];
  if (!load) return false;
  try {
    catalogues[code] = await load();
    return true;
  } catch {
    return false;
  }
}

let choice = 0;

/** setLanguage switches the UI once the language's texts are there; the latest choice wins. */
export async function setLanguage(code: string): Promise<void> {
  const mine = ++choice;
  if (!(await loadLanguage(code)) || mine !== choice) return;
  i18n.lang = code;
  const l = currentLanguage();
  document.documentElement.lang = l.code;
  document.documentElement.dir = l.dir;
}

export type Params = Record<string, string | number>;

/** Values every message may use, such as {max} (the Merkliste limit from settings). */
const defaults: Params = {};
export function setDefaultParam(name: string, value: string | number): void {
  defaults[name] = value;
}

// Creating an Intl formatter is slow; a result list formats hundreds of numbers.
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never read as state
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}/${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f;
}

// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never read as state
const pluralRules = new Map<string, Intl.PluralRules>();
function pluralOf(locale: string, n: number): Intl.LDMLPluralRule {
  let r = pluralRules.get(locale);
  if (!r) {
    r = new Intl.PluralRules(locale);
    pluralRules.set(locale, r);
  }
  return r.select(n);
}

// In right-to-left text a name or other text from the data (a Kita called „Klinikzwerge“,
// an e-mail address) is isolated (U+2068 … U+2069, as <bdi> does), so its own direction
// and punctuation stay as they are.
const FSI = String.fromCharCode(0x2068); // first strong isolate
const PDI = String.fromCharCode(0x2069); // pop directional isolate

/** isolate keeps a piece of text in its own direction inside any other (as <bdi> does). */
export function isolate(s: string): string {
  return FSI + s + PDI;
}

function fill(text: string, params: Params, locale: string, rtl: boolean): string {
  if (!text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (typeof v === 'number') return numberFormat(locale, 1).format(v);
    return rtl && v !== '' ? isolate(v) : v;
  });
}

/** t looks up a message in the current language and fills in {placeholders}. */
export function t(key: MessageKey, params: Params = {}): string {
  const cat = catalogues[i18n.lang] ?? de;
  const l = currentLanguage();
  const n = params['n'];
  let text: string | undefined;
  if (typeof n === 'number') {
    const forms = pluralForms[i18n.lang]?.[key];
    text = forms ? (forms[pluralOf(l.locale, n)] ?? forms.other) : n === 1 ? singulars[i18n.lang]?.[key] : undefined;
  }
  text ??= cat[key] ?? de[key];
  return fill(text, { ...defaults, ...params }, l.locale, l.dir === 'rtl');
}

export function has(key: string): key is MessageKey {
  return Object.hasOwn(de, key);
}

/** tv translates a value from the API (carrier type, feature, weekday …) under a
 * prefix; a value the catalogue does not know is shown as the data has it. */
export function tv(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return has(key) ? t(key) : value;
}

/** errorText translates a server error code, with a generic fallback. */
export function errorText(code: string): string {
  const key = `errors.${code}`;
  return has(key) ? t(key) : t('errors.generic');
}

export function formatNumber(n: number, digits = 1): string {
  return numberFormat(currentLanguage().locale, digits).format(n);
}

/** formatDate shows an ISO date (YYYY-MM-DD) the way the language writes dates. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local value, never read as state
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(currentLanguage().locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}
