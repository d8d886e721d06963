import { describe, expect, it } from 'vitest';
import { ageInMonths, fromIsoDate, monthsBetween, toIsoDate } from './dates';

describe('toIsoDate', () => {
  it.each([
    ['24.03.2024', '2024-03-24'],
    ['1.2.2024', '2024-02-01'],
    ['01/02/2024', '2024-02-01'],
    ['2024-3-4', '2024-03-04'],
    [' 24.03.2024 ', '2024-03-24'],
  ])('reads %s', (text, iso) => expect(toIsoDate(text)).toBe(iso));

  it('passes anything else on as typed, for the server to name the problem', () => {
    expect(toIsoDate('gestern')).toBe('gestern');
    expect(toIsoDate('')).toBe('');
  });
});

describe('fromIsoDate', () => {
  it('shows ISO dates the German way and leaves other text alone', () => {
    expect(fromIsoDate('2024-03-24')).toBe('24.03.2024');
    expect(fromIsoDate('24.03.2024')).toBe('24.03.2024');
  });
});

describe('ageInMonths', () => {
  const today = new Date(2026, 10, 25); // 25 Nov 2026
  it('counts whole months', () => {
    expect(ageInMonths('2024-11-25', today)).toBe(24);
    expect(ageInMonths('2024-11-26', today)).toBe(23);
    expect(ageInMonths('2026-11-01', today)).toBe(0);
  });
  it('gives no age for the future or for text', () => {
    expect(ageInMonths('2027-01-01', today)).toBeNull();
    expect(ageInMonths('bald', today)).toBeNull();
  });
});

describe('monthsBetween', () => {
  it('counts whole months, the day of the month deciding', () => {
    expect(monthsBetween('2024-09-15', '2027-08-01')).toBe(34);
    expect(monthsBetween('2024-08-01', '2027-08-01')).toBe(36);
    expect(monthsBetween('2024-08-02', '2027-08-01')).toBe(35);
    expect(monthsBetween('2027-02-01', '2027-08-01')).toBe(6);
  });
  it('gives null for what is not a date or before the birth', () => {
    expect(monthsBetween('', '2027-08-01')).toBeNull();
    expect(monthsBetween('2027-09-01', '2027-08-01')).toBeNull();
    expect(monthsBetween('24.12.2024', '2027-08-01')).toBeNull();
  });
});
