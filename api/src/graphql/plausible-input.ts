import { z } from 'zod';
import { atMostDecimals } from './decimal-places.ts';

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

/**
 * An amount in yuan with at most two decimals, from 0 to `max`: every amount input names the largest
 * amount that can be meant, so a slip of the keyboard (or a probe) cannot set a fund to 9×10^15 yuan,
 * and fen stay exact integers far below 2^53.
 */
export const zYuan = (max: number) =>
  z
    .number()
    .min(0, 'cannot be negative')
    .max(max, `must be at most ${max} yuan`)
    .refine(atMostDecimals(2), { message: 'at most two decimals', params: { code: 'TOO_MANY_DECIMALS', places: 2 } });
