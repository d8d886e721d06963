// How account data reads: dates of instants in German time, days left for an offer,
// shares as percentages. Only presentation: the server decides what is allowed.
import { currentLanguage, formatDate, formatNumber, has, t, tv } from '../i18n/index.svelte';
import { fetchBlob } from '../api';
import type { Offer, StatusChange } from './types';

const berlin = 'Europe/Berlin';

/** berlinDay is the calendar day (YYYY-MM-DD) of an instant in German time. */
export function berlinDay(instant: string | Date): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) return '';
  // en-CA writes YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: berlin,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/** The last day to answer an offer: its deadline is the midnight after that day. */
export function offerLastDay(o: Offer): string {
  const d = new Date(o.deadline);
  return berlinDay(new Date(d.getTime() - 1000));
}

function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : NaN;
}

/** Whole days from today (German time) to the last day of the offer; negative when over. */
export function offerDaysLeft(o: Offer, now = new Date()): number {
  return dayNumber(offerLastDay(o)) - dayNumber(berlinDay(now));
}

export function daysLeftText(o: Offer): string {
  const n = offerDaysLeft(o);
  if (n < 0) return t('account.offer.over');
  if (n === 0) return t('account.offer.lastDay');
  if (n === 1) return t('account.offer.oneDayLeft');
  return t('account.offer.daysLeft', { n });
}

/** Date and time of an instant, in German time, the way the language writes them. */
export function formatDateTime(instant: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return new Intl.DateTimeFormat(currentLanguage().locale, {
    timeZone: berlin,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** formatInstantDate: only the day of an instant. */
export function formatInstantDate(instant: string): string {
  return formatDate(berlinDay(instant));
}

export function percent(share: number): string {
  return `${formatNumber(share * 100, 0)} %`;
}

export function statusText(status: string): string {
  return tv('status', status);
}

/** Who took a step, as the family reads it. */
export function actorText(actor: string): string {
  if (actor === 'family') return t('history.actor.family');
  if (actor === 'system') return t('history.actor.system');
  if (actor.startsWith('kita:')) return t('history.actor.kita');
  if (actor.startsWith('clerk:')) return t('history.actor.clerk');
  return actor;
}

export function reasonText(reason: string): string {
  const key = `history.reason.${reason}`;
  return has(key) ? t(key) : reason;
}

/** One history entry in a sentence (the timeline shows the details below it). */
export function changeTitle(c: StatusChange): string {
  return `${statusText(c.status)} · ${actorText(c.actor)}`;
}

export function childName(c: { first_name: string; last_name: string }): string {
  return `${c.first_name} ${c.last_name}`.trim();
}

/** download fetches a file with the session header and saves it under a name. */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await fetchBlob(path);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The minutes to wait, from a 429's retry_after (seconds), at least 1. */
export function minutesToWait(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
