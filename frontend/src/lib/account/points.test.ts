import { describe, expect, it } from 'vitest';
import { fromForm, toForm, type Catalogue } from './points';

const defaults: Catalogue = {
  single_parent: 20,
  employment: [
    { min_hours: 10, points: 5 },
    { min_hours: 20, points: 10 },
  ],
  special_needs: 25,
  youth_welfare: 30,
  last_year_before_school: 15,
  sibling: 20,
  district: 10,
  district_enabled: false,
};

describe('the points catalogue form', () => {
  it('gives back the catalogue it was filled from', () => {
    expect(fromForm(toForm(defaults))).toEqual({ catalogue: defaults });
  });

  it('names what is wrong', () => {
    const f = toForm(defaults);
    f.points.sibling = '-3';
    expect(fromForm(f)).toEqual({ problem: 'range' });
    f.points.sibling = '2.5';
    expect(fromForm(f)).toEqual({ problem: 'range' });
    f.points.sibling = '100001';
    expect(fromForm(f)).toEqual({ problem: 'range' });
    f.points.sibling = ' 20 ';
    f.employment[1]!.min_hours = '10';
    expect(fromForm(f)).toEqual({ problem: 'order' });
    f.employment[1]!.min_hours = '169';
    expect(fromForm(f)).toEqual({ problem: 'hours' });
    f.employment[1]!.min_hours = '20';
    f.points.district = '0';
    f.district_enabled = true;
    expect(fromForm(f)).toEqual({ problem: 'district' });
  });
});
