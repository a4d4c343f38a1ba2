import { z } from 'zod';
import { addYears, DAY_MS, isoDay, todayInChina } from './china-time.ts';

/**
 * How far from today a scheduled date (a course, a session, an exam) may lie: further is a typing
 * slip (2062 for 2026), not a plan. Two years either way covers a course recorded late and next
 * year's calendar.
 */
export const PLAUSIBLE_YEARS = 2;

/** The first and last plausible day, around today in China. */
export function plausibleWindow(today: Date = todayInChina()): { min: Date; max: Date } {
  return { min: addYears(today, -PLAUSIBLE_YEARS), max: addYears(today, PLAUSIBLE_YEARS) };
}

/** Adds DATE_OUT_OF_RANGE (params min, max) for each named date of `value` outside the window. */
export function checkPlausibleDates<T extends Record<string, unknown>>(value: T, ctx: z.RefinementCtx, keys: (keyof T & string)[]): void {
  const { min, max } = plausibleWindow();
  const end = new Date(max.getTime() + DAY_MS);
  for (const key of keys) {
    const day = value[key];
    if (!(day instanceof Date) || (day >= min && day < end)) continue;
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: `must be between ${isoDay(min)} and ${isoDay(max)}`,
      params: { code: 'DATE_OUT_OF_RANGE', min: isoDay(min), max: isoDay(max) },
    });
  }
}

/**
 * Years in which anything CareCert schedules or funds takes place (courses and their sessions,
 * assessments, competitions, policies). The Date scalars accept 1900 to 2200, which births and old
 * contracts need; a course in 1900 is a typo, and refused here rather than published.
 */
export const ACTIVITY_YEARS = { minYear: 2000, maxYear: 2100 } as const;

const inActivityYears = (d: Date) => d.getUTCFullYear() >= ACTIVITY_YEARS.minYear && d.getUTCFullYear() <= ACTIVITY_YEARS.maxYear;

/** A day or instant of something CareCert schedules: refused with DATE_OUT_OF_RANGE outside ACTIVITY_YEARS. */
export const zActivityDate = z.date().refine(inActivityYears, {
  message: `must be in the years ${ACTIVITY_YEARS.minYear} to ${ACTIVITY_YEARS.maxYear}`,
  params: { code: 'DATE_OUT_OF_RANGE', ...ACTIVITY_YEARS },
});
