import { builder } from '../../graphql/builder.ts';
import { ForbiddenError, InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { ZSetCalendarDayInput } from './calendar.schemas.ts';
import { removeCalendarDay, setCalendarDay } from './calendar.service.ts';
import { CalendarDayKindEnum, CalendarDayType } from './calendar.types.ts';

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

builder.mutationFields((t) => ({
  setCalendarDay: t.field({
    type: CalendarDayType,
    description: 'Marks a day a holiday or a make-up working day (admins); audited.',
    authScopes: { role: 'ADMIN' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: SetCalendarDayInput }) },
    resolve: (_root, { input }, ctx) => setCalendarDay(ctx, input),
  }),
  removeCalendarDay: t.field({
    type: CalendarDayType,
    description: 'Takes a day off the list so it follows its weekday again (admins); audited.',
    authScopes: { role: 'ADMIN' },
    errors: { types: ERRORS },
    args: { date: t.arg({ type: 'Date' }) },
    resolve: (_root, { date }, ctx) => removeCalendarDay(ctx, date),
  }),
}));
