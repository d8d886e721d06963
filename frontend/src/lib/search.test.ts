import { describe, expect, it } from 'vitest';
import { emptyFilters, queryString } from './search.svelte';

describe('queryString', () => {
  it('asks for the first page of everything by default', () => {
    expect(queryString(emptyFilters())).toBe('limit=30');
  });

  it('sends the age in months, never the birth date', () => {
    const f = { ...emptyFilters(), birth_date: '01.01.2020' };
    const qs = queryString(f);
    expect(qs).toMatch(/age_months=\d+/);
    expect(qs).not.toContain('2020');
  });

  it('uses the picked point, and the typed text only when nothing was picked', () => {
    const picked = {
      ...emptyFilters(),
      place_text: 'Pfaffstraße, 67655',
      place: { label: 'x', lat: 49.4, lon: 7.75 },
      radius_km: '2',
    };
    expect(queryString(picked)).toBe('near=49.40000%2C7.75000&radius_km=2&limit=30');
    const typed = { ...emptyFilters(), place_text: 'Kotten' };
    expect(queryString(typed)).toBe('place=Kotten&limit=30');
  });

  it('sends weekdays only with opening hours, and facets as the API wants them', () => {
    const f = {
      ...emptyFilters(),
      open_from: '07:30',
      open_until: '16:30',
      carrier_type: ['städtisch', 'frei'],
      feature: ['mittagessen', 'ganztag'],
      language: ['Türkisch'],
      bookable: true,
    };
    const p = new URLSearchParams(queryString(f));
    expect(p.get('weekdays')).toBe('mo,tu,we,th,fr');
    expect(p.get('carrier_type')).toBe('städtisch,frei');
    expect(p.getAll('feature')).toEqual(['mittagessen', 'ganztag']);
    expect(p.getAll('language')).toEqual(['Türkisch']);
    expect(p.get('bookable')).toBe('true');
    expect(queryString(emptyFilters())).not.toContain('weekdays');
  });
});
