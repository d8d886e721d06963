import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { i18n, loadLanguage } from '../i18n/index.svelte';
import { outcomeReasons, outcomeSummary } from './round-why';
import type { RoundOutcome } from './types';

const unplaced: RoundOutcome = {
  round_id: 'VR-1',
  deadline: '2026-11-30',
  status: 'unplaced',
  text: 'Ihr Kind hat in dieser Vergaberunde keinen Platz erhalten (Altersgruppe U3).',
  reasons: ['…', '…', '…'],
  age_group: 'u3',
  why: [
    {
      code: 'lottery',
      kita_name: 'Kita Pfaffstraße',
      rank: 1,
      age_group: 'u3',
      places: 4,
      last_points: 12,
      child_points: 12,
      last_lottery: 1234567,
      child_lottery: 2345678,
    },
    {
      code: 'no_places',
      kita_name: 'Kita Betzenberg',
      rank: 2,
      age_group: 'u3',
      places: 0,
      fixed: 3,
      child_points: 12,
    },
    { code: 'something_new', kita_name: 'Kita Erfenbach', rank: 3, age_group: 'u3', places: 2, child_points: 12 },
  ],
};

describe('a Vergaberunde outcome in the family language', () => {
  beforeAll(async () => {
    for (const l of ['en', 'tr', 'ru']) expect(await loadLanguage(l)).toBe(true);
  });

  afterEach(() => {
    i18n.lang = 'de';
  });

  it('words the result and each reason from the codes', () => {
    i18n.lang = 'en';
    expect(outcomeSummary(unplaced)).toBe(
      'Your child did not get a place in this allocation round (age group: under 3 years).',
    );
    const [lottery, full, unknown] = outcomeReasons(unplaced);
    expect(lottery).toContain('Kita Pfaffstraße gave places in your age group (under 3 years) (4).');
    // Lottery numbers are shown as the draw gave them, without digit grouping.
    expect(lottery).toContain('lottery number 1234567 against your lottery number 2345678');
    expect(full).toBe(
      'Kita Betzenberg has no free place left in your age group (under 3 years): all places (3) were given in an earlier round.',
    );
    expect(unknown).toContain('Please contact the youth office');
  });

  it('says placed, together and fixed', () => {
    i18n.lang = 'tr';
    const placed: RoundOutcome = {
      ...unplaced,
      status: 'placed',
      kita_name: 'Kita Pfaffstraße',
      rank: 2,
      together: true,
      why: [],
    };
    expect(outcomeSummary(placed)).toBe(
      'Çocuğunuz Kita Pfaffstraße kurumunda bir yer aldı (2. tercih, yaş grubu: 3 yaş altı). Birlikte kaydettirdiğiniz çocuklar birlikte kabul edildi.',
    );
    i18n.lang = 'de';
    expect(
      outcomeSummary({
        ...unplaced,
        status: 'fixed',
        kita_name: 'Kita Betzenberg',
        age_group: undefined,
        why: undefined,
      }),
    ).toBe('Ihr Kind hat bereits einen angenommenen Platz in Kita Betzenberg.');
  });

  it('keeps the German text of outcomes published before the codes existed', () => {
    i18n.lang = 'ru';
    const old: RoundOutcome = {
      round_id: 'VR-0',
      deadline: '2026-11-30',
      status: 'unplaced',
      text: 'Ihr Kind hat keinen Platz erhalten.',
      reasons: ['Grund A'],
    };
    expect(outcomeSummary(old)).toBe('Ihr Kind hat keinen Platz erhalten.');
    expect(outcomeReasons(old)).toEqual(['Grund A']);
    const oldFixed: RoundOutcome = {
      round_id: 'VR-0',
      deadline: '2026-11-30',
      status: 'fixed',
      kita_id: 'kl-001',
      text: 'Ihr Kind hat bereits einen angenommenen Platz in Kita Betzenberg.',
    };
    expect(outcomeSummary(oldFixed)).toBe('Ihr Kind hat bereits einen angenommenen Platz in Kita Betzenberg.');
  });
});
