import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.ts';
import { isoDay, todayInChina } from '../../shared/china-time.ts';
import { followAllService } from './service-tracking.ts';

/** Recounts placed graduates' insured months of service; staged daily, safe to repeat. */
export const followServiceJob = defineJob({
  name: 'directedTraining.followService',
  payload: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  schedule: (now) => {
    const day = isoDay(todayInChina(now));
    return { period: day, payload: { day } };
  },
  handler: async ({ day }) => ({ counted: await followAllService(`job:directedTraining.followService:${day}`) }),
});
