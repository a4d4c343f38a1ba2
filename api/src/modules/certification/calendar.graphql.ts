import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { CalendarDayKind } from '../../generated/prisma/enums.ts';
import { ZSetCalendarDayInput } from './calendar.schemas.ts';
import { calendarDays, removeCalendarDay, setCalendarDay } from './calendar.service.ts';

const CalendarDayKindEnum = builder.enumType(CalendarDayKind, { name: 'CalendarDayKind' });

const CalendarDayType = builder.prismaObject('CalendarDay', {
  description: 'A day the yearly holiday notice takes out of (HOLIDAY) or adds to (WORKDAY) the working week.',
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    kind: t.expose('kind', { type: CalendarDayKindEnum }),
    name: t.exposeString('name'),
    source: t.exposeString('source'),
  }),
});

const SetCalendarDayInput = builder
  .inputType('SetCalendarDayInput', {
    fields: (t) => ({
      date: t.field({ type: 'Date' }),
      kind: t.field({ type: CalendarDayKindEnum }),
      name: t.string(),
      source: t.string(),
    }),
  })
  .validate(ZSetCalendarDayInput);

const ERRORS = [InputValidationError, NotFoundError, ForbiddenError];

builder.queryFields((t) => ({
  calendarDays: t.prismaField({
    type: [CalendarDayType],
    description: 'The holidays and make-up working days listed for a year; unlisted days follow their weekday.',
    authScopes: { loggedIn: true },
    args: { year: t.arg.int({ validate: z.number().int().min(2000).max(2100) }) },
    resolve: (query, _root, { year }) => calendarDays(year, query),
  }),
}));

builder.mutationFields((t) => ({
  setCalendarDay: t.field({
    type: CalendarDayType,
    description: 'Marks a day a holiday or a make-up working day (admins); audited.',
    authScopes: { role: ['ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: SetCalendarDayInput }) },
    resolve: (_root, { input }, ctx) => setCalendarDay(ctx, input),
  }),
  removeCalendarDay: t.field({
    type: CalendarDayType,
    description: 'Takes a day off the list so it follows its weekday again (admins); audited.',
    authScopes: { role: ['ADMIN'] },
    errors: { types: ERRORS },
    args: { date: t.arg({ type: 'Date' }) },
    resolve: (_root, { date }, ctx) => removeCalendarDay(ctx, date),
  }),
}));
