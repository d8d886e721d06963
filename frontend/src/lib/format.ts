// Pre-formatting of Kita data for display (no decisions: only how it reads).
import { t, formatNumber, isolate } from './i18n/index.svelte';
import type { KitaItem } from './types';

export const weekdayKeys = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

/** hoursSummary groups days with the same hours: "Mo–Fr 07:00–17:00". */
export function hoursSummary(hours: Record<string, string> | undefined): string[] {
  if (!hours) return [];
  const out: string[] = [];
  let i = 0;
  while (i < weekdayKeys.length) {
    const d = weekdayKeys[i]!;
    const h = hours[d];
    if (!h) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < weekdayKeys.length && hours[weekdayKeys[j + 1]!] === h) j++;
    const from = t(`dayShort.${d}` as 'dayShort.mo');
    const to = t(`dayShort.${weekdayKeys[j]!}` as 'dayShort.mo');
    // Isolated: in right-to-left text "07:00–17:00" would read "17:00–07:00".
    out.push(`${i === j ? from : `${from}–${to}`} ${isolate(h.replace('-', '–'))}`);
    i = j + 1;
  }
  return out;
}

export function ageText(months: number): string {
  if (months < 24) return t('age.months', { n: months });
  return t('age.years', { n: Math.floor(months / 12) });
}

export function ageRange(k: KitaItem): string {
  if (!k.age_months) return t('kita.agesUnknown');
  return t('kita.ages', { from: ageText(k.age_months.min), to: ageText(k.age_months.max) });
}

export function distanceText(km: number | undefined): string {
  if (km === undefined || km === null) return '';
  return km < 1 ? t('kita.distanceM', { m: Math.round(km * 1000) }) : t('kita.distanceKm', { km: formatNumber(km) });
}

export function addressLine(k: KitaItem): string {
  const a = k.address;
  return [a.street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** The traffic light of free places: how it reads, not whether a child gets one. */
export type Light = 'many' | 'few' | 'none' | 'unknown';
export function light(free: number | undefined): Light {
  if (free === undefined || free === null) return 'unknown';
  if (free <= 0) return 'none';
  return free <= 2 ? 'few' : 'many';
}
