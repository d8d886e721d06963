// Turning what a parent types into the API's date format, and back. Only format: the
// server decides whether a date is allowed.

/** toIsoDate reads 24.12.2024, 24/12/2024, 24-12-2024 or 2024-12-24. Anything else
 * is passed on as typed, so the server can name the problem. */
export function toIsoDate(text: string): string {
  const s = text.trim();
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return s;
}

/** fromIsoDate shows 2024-12-24 as 24.12.2024 in an input field. */
export function fromIsoDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** ageInMonths: whole months between a birth date and today (for the search filter). */
export function ageInMonths(iso: string, today = new Date()): number | null {
  const pad = (n: number) => String(n).padStart(2, '0');
  const todayIso = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  const months = monthsBetween(iso, todayIso);
  return months !== null && months <= 216 ? months : null;
}

/** monthsBetween: a child's age in whole months on the day `at` (both YYYY-MM-DD), or null
 * when either is not a date or `at` comes before the birth. */
export function monthsBetween(birthIso: string, atIso: string): number | null {
  const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthIso);
  const a = /^(\d{4})-(\d{2})-(\d{2})$/.exec(atIso);
  if (!b || !a) return null;
  let months = (Number(a[1]) - Number(b[1])) * 12 + (Number(a[2]) - Number(b[2]));
  if (Number(a[3]) < Number(b[3])) months -= 1;
  return months >= 0 ? months : null;
}
