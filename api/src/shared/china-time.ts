/**
 * Civil dates in China (UTC+8, no daylight saving). A civil date is held as a Date at UTC midnight of
 * that day, so date arithmetic below works on UTC fields and never on the server's own time zone.
 */

export const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today's date in China as a UTC midnight Date: the day rules are judged on. */
export function todayInChina(now = new Date()): Date {
  return chinaDayOf(now);
}

/** The civil date in China of an instant (a timestamp such as a session's start). */
export function chinaDayOf(instant: Date): Date {
  const china = new Date(instant.getTime() + CHINA_OFFSET_MS);
  return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate()));
}

/** `YYYY-MM-DD` of a civil date. */
export const isoDay = (day: Date): string => day.toISOString().slice(0, 10);

/** First day of the month that `day` falls in. */
export const monthStart = (day: Date): Date => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));

/** Last day of the month that `day` falls in. */
export const monthEnd = (day: Date): Date => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0));

export function addMonths(day: Date, months: number): Date {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + months, day.getUTCDate()));
}

export function addYears(day: Date, years: number): Date {
  const d = new Date(day);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

/** Whole calendar months from `from` to the end of `to` (a day counted in full): 07-15 → 10-31 is 3. */
export function wholeMonthsBetween(from: Date, to: Date): number {
  const end = new Date(to.getTime() + DAY_MS);
  let months = (end.getUTCFullYear() - from.getUTCFullYear()) * 12 + end.getUTCMonth() - from.getUTCMonth();
  if (end.getUTCDate() < from.getUTCDate()) months--;
  return Math.max(0, months);
}
