import type { z } from 'zod';
import { todayInChina } from './shared/china-time.ts';

/**
 * How far from today a scheduled date (a course, a session, an exam) may lie: further is a typing
 * slip (2062 for 2026), not a plan. Two years either way covers a course recorded late and next
 * year's calendar.
 */
export const PLAUSIBLE_YEARS = 2;

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The first and last plausible day, around today in China. */
export function plausibleWindow(today: Date = todayInChina()): { min: Date; max: Date } {
  const shift = (years: number) => new Date(Date.UTC(today.getUTCFullYear() + years, today.getUTCMonth(), today.getUTCDate()));
  return { min: shift(-PLAUSIBLE_YEARS), max: shift(PLAUSIBLE_YEARS) };
}

/** Adds DATE_OUT_OF_RANGE (params min, max) for each named date of `value` outside the window. */
export function checkPlausibleDates<T extends Record<string, unknown>>(value: T, ctx: z.RefinementCtx, keys: (keyof T & string)[]): void {
  const { min, max } = plausibleWindow();
  const end = new Date(max.getTime() + 86_400_000);
  for (const key of keys) {
    const day = value[key];
    if (!(day instanceof Date) || (day >= min && day < end)) continue;
    ctx.addIssue({ code: 'custom', path: [key], message: `must be between ${iso(min)} and ${iso(max)}`, params: { code: 'DATE_OUT_OF_RANGE', min: iso(min), max: iso(max) } });
  }
}
