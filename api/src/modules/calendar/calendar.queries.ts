import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { calendarDays } from './calendar.service.ts';
import { CalendarDayType } from './calendar.types.ts';

builder.queryFields((t) => ({
  calendarDays: t.prismaField({
    type: [CalendarDayType],
    description: 'The holidays and make-up working days listed for a year; unlisted days follow their weekday.',
    authScopes: { loggedIn: true },
    args: { year: t.arg.int({ validate: z.number().int().min(2000).max(2100) }) },
    resolve: (query, _root, { year }) => calendarDays(year, query),
  }),
}));
