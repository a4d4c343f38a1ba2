import { z } from 'zod';
import { addMonths, monthEnd, monthStart, todayInChina } from '../../shared/china-time.ts';
import { defineJob } from '../../jobs/define-job.ts';
import { takeWorkforceSnapshot } from './workforce.service.ts';

/** Takes every region's month-end snapshot; keyed by month, and taking a month again only replaces it. */
export const snapshotWorkforceMonth = defineJob({
  name: 'workforce.snapshotMonth',
  payload: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
  // The month just ended in China.
  schedule: (now) => {
    const month = addMonths(monthStart(todayInChina(now)), -1)
      .toISOString()
      .slice(0, 7);
    return { period: month, payload: { month } };
  },
  handler: async ({ month }) => {
    const [year, m] = month.split('-').map(Number);
    const onDate = monthEnd(new Date(Date.UTC(year!, m! - 1, 1)));
    return { regions: await takeWorkforceSnapshot(onDate), onDate: onDate.toISOString().slice(0, 10) };
  },
});
