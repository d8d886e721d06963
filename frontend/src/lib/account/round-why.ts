// Words a Vergaberunde's outcome in the family's language, from the codes and
// numbers the API stores beside the official German text.
import { t, tv } from '../i18n/index.svelte';
import type { OutcomeReason, RoundOutcome } from './types';

const reasonKeys = [
  'outranked',
  'lottery',
  'declined',
  'kita_refused',
  'kept_together',
  'filled_by_higher_choices',
] as const;

function group(code: string | undefined): string {
  return code ? tv('round.group', code) : '';
}

/** structured: the outcome carries codes (published after they were added). */
export function structured(o: RoundOutcome): boolean {
  return !!o.age_group || !!o.kita_name || (o.why?.length ?? 0) > 0;
}

/** outcomeSummary is the one-sentence result; the German text for old outcomes. */
export function outcomeSummary(o: RoundOutcome): string {
  if (!structured(o)) return o.text;
  let s: string;
  if (o.status === 'fixed') s = t('round.why.fixed', { kita: o.kita_name ?? '' });
  else if (o.status === 'placed')
    s = t('round.why.placed', { kita: o.kita_name ?? '', rank: o.rank ?? 0, group: group(o.age_group) });
  else s = t('round.why.unplaced', { group: group(o.age_group) });
  return o.together ? `${s} ${t('round.why.together')}` : s;
}

/** outcomeReasons are why each Kita ranked above the result did not take the child. */
export function outcomeReasons(o: RoundOutcome): string[] {
  if (!structured(o)) return o.reasons ?? [];
  return (o.why ?? []).map((w) => reasonText(o, w));
}

function reasonText(o: RoundOutcome, w: OutcomeReason): string {
  const p = {
    kita: w.kita_name,
    group: group(w.age_group),
    n: w.places,
    rank: w.rank,
    last: w.last_points ?? 0,
    child: w.child_points,
    // Lottery numbers are names, not amounts: no digit grouping.
    lastLottery: String(w.last_lottery ?? ''),
    childLottery: String(w.child_lottery ?? ''),
    result: o.kita_name ?? '',
  };
  if (w.code === 'no_places')
    return w.fixed ? t('round.why.no_places_fixed', { ...p, n: w.fixed }) : t('round.why.no_places', p);
  const known = reasonKeys.find((k) => k === w.code);
  return known ? t(`round.why.${known}`, p) : t('round.why.unexplained', p);
}
