import { z } from 'zod';
import { zActivityDate } from '../../shared/plausible-dates.ts';

export const ZSetCalendarDayInput = z.object({
  date: zActivityDate,
  kind: z.enum(['HOLIDAY', 'WORKDAY']),
  name: z.string().trim().min(1, 'name the holiday').max(40),
  source: z.string().trim().min(2, 'name the notice the day comes from').max(200),
});
export type TSetCalendarDayInput = z.infer<typeof ZSetCalendarDayInput>;
