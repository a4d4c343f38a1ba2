import { prisma, type Tx } from '../db/client.ts';
import type { CalendarDayKind } from '../generated/prisma/enums.ts';

/** Days the holiday notices change, by `YYYY-MM-DD`: HOLIDAY takes a weekday out, WORKDAY puts a weekend day in. */
export type HolidayCalendar = ReadonlyMap<string, CalendarDayKind>;

const iso = (day: Date) => day.toISOString().slice(0, 10);

export function isWorkingDay(day: Date, calendar: HolidayCalendar): boolean {
  const listed = calendar.get(iso(day));
  if (listed) return listed === 'WORKDAY';
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The day `days` working days after `from`: Monday to Friday, less the public holidays and plus the
 * weekend days worked in exchange, as the calendar lists them. A year missing from the calendar
 * counts weekdays only.
 */
export function addWorkingDays(from: Date, days: number, calendar: HolidayCalendar): Date {
  const at = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    if (isWorkingDay(at, calendar)) left--;
  }
  return at;
}

/**
 * The calendar's entries from `from` on, far enough for `days` working days: the longest run of
 * holidays China has (eight or nine days) cannot push `days` working days beyond `days * 7 / 5 + 14`
 * calendar days, so that window is read once.
 */
export async function holidayCalendar(from: Date, days: number, db: Pick<Tx, 'calendarDay'> = prisma): Promise<HolidayCalendar> {
  const to = new Date(from.getTime() + (Math.ceil((days * 7) / 5) + 14) * 86_400_000);
  const rows = await db.calendarDay.findMany({ where: { date: { gt: from, lte: to } }, select: { date: true, kind: true } });
  return new Map(rows.map((r) => [iso(r.date), r.kind]));
}
