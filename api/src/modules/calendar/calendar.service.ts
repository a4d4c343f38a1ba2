import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { ForbiddenError, NotFoundError } from '../../graphql/errors.ts';
import { hasRole } from '../../graphql/viewer.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { TSetCalendarDayInput } from './calendar.schemas.ts';

/** The listed days of a year (holidays and make-up working days), in date order. */
export function calendarDays(year: number, query: Pick<Prisma.CalendarDayFindManyArgs, 'select'> = {}) {
  return prisma.calendarDay.findMany({
    ...query,
    where: { date: { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) } },
    orderBy: { date: 'asc' },
  });
}

/**
 * Marks a day a holiday or a make-up working day from the State Council's notice. The calendar counts
 * every publicity and exam deadline in the country, so only an admin changes it.
 */
export async function setCalendarDay(ctx: Context, input: TSetCalendarDayInput) {
  if (!hasRole(ctx.viewer, 'ADMIN')) throw new ForbiddenError('ADMIN_ONLY');
  return prisma.$transaction(async (tx) => {
    const before = await tx.calendarDay.findUnique({ where: { date: input.date } });
    const data = { kind: input.kind, name: input.name, source: input.source };
    const day = await tx.calendarDay.upsert({ where: { date: input.date }, create: { date: input.date, ...data }, update: data });
    await recordAudit(tx, ctx, {
      action: 'calendar.setDay',
      entityType: 'CalendarDay',
      entityId: input.date.toISOString().slice(0, 10),
      before,
      after: day,
    });
    return day;
  });
}

/** Takes a day off the list: it follows its weekday again. */
export async function removeCalendarDay(ctx: Context, date: Date) {
  if (!hasRole(ctx.viewer, 'ADMIN')) throw new ForbiddenError('ADMIN_ONLY');
  return prisma.$transaction(async (tx) => {
    const before = await tx.calendarDay.findUnique({ where: { date } });
    if (!before) throw new NotFoundError('CalendarDay');
    await tx.calendarDay.delete({ where: { date } });
    await recordAudit(tx, ctx, {
      action: 'calendar.removeDay',
      entityType: 'CalendarDay',
      entityId: date.toISOString().slice(0, 10),
      before,
      after: null,
    });
    return before;
  });
}
