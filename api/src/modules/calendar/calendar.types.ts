import { builder } from '../../graphql/builder.ts';
import { CalendarDayKind } from '../../generated/prisma/enums.ts';

export const CalendarDayKindEnum = builder.enumType(CalendarDayKind, { name: 'CalendarDayKind' });

export const CalendarDayType = builder.prismaObject('CalendarDay', {
  description: 'A day the yearly holiday notice takes out of (HOLIDAY) or adds to (WORKDAY) the working week.',
  fields: (t) => ({
    date: t.expose('date', { type: 'Date' }),
    kind: t.expose('kind', { type: CalendarDayKindEnum }),
    name: t.exposeString('name'),
    source: t.exposeString('source'),
  }),
});
