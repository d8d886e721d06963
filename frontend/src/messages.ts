// The message catalogue: every string the user sees, German first. Other languages
// get their own table with the same keys.
const de = {
  'title.welcome': 'KitaPortal – Willkommen',
  'title.search': 'KitaPortal – Suche',
  'title.searchResults': 'KitaPortal – Suche ({total} Treffer)',
  'title.searchError': 'KitaPortal – Suche (Fehler)',
  'welcome.heading': 'KitaPortal Kaiserslautern',
  'welcome.lead': 'Finden Sie einen Kita-Platz für Ihr Kind',
  'welcome.start': 'Start',
  'search.heading': 'Kitas in Kaiserslautern',
  'search.back': 'Zurück',
  'search.retry': 'Erneut versuchen',
  'search.loading': 'Kitas werden geladen …',
  'search.total': '{total} Kitas gefunden, {shown} werden angezeigt.',
  'search.empty': 'Es wurden keine Kitas gefunden.',
  'search.error':
    'Die Kita-Liste konnte gerade nicht geladen werden. Bitte versuchen Sie es gleich noch einmal oder wenden Sie sich an das Personal am Empfang.',
  'kita.distance': '{km} km entfernt',
} as const;

export type MessageKey = keyof typeof de;

const numberFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** t looks up a message and fills in {placeholders}. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return de[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(de, key);
}

/** applyMessages fills every element that names a message in data-msg. */
export function applyMessages(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-msg]')) {
    const key = el.dataset['msg'] ?? '';
    if (isMessageKey(key)) el.textContent = t(key);
  }
}
