import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { noticeExpiringFirstAid } from './first-aid.service.ts';

/** Daily: tells employers (and holders) of first-aid certificates about to expire; keyed by day, idempotent per certificate. */
export const noticeExpiringFirstAidJob = defineJob({
  name: 'certification.noticeExpiringFirstAid',
  payload: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  schedule: (now) => {
    const day = todayInChina(now).toISOString().slice(0, 10);
    return { period: day, payload: { day } };
  },
  handler: async ({ day }) => ({ told: await noticeExpiringFirstAid(new Date(`${day}T00:00:00Z`)) }),
});
