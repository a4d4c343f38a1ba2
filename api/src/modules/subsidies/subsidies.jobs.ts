import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.ts';
import { isoDay, todayInChina } from '../../shared/china-time.ts';
import { releaseDueInstalments } from './instalments.service.ts';
import { runPostSubsidyBatch } from './post-subsidy-batch.ts';
import { runBankReturnImport } from './payments.service.ts';

/** Creates the post-subsidy claims of a province's rosters confirmed for a month; idempotent by the claims' unique key. */
export const generatePostSubsidiesJob = defineJob({
  name: 'subsidies.generatePostSubsidies',
  payload: z.object({ provinceCode: z.string().regex(/^\d{6}$/), month: z.string().regex(/^\d{4}-\d{2}$/) }),
  handler: async (batch, ctx) => runPostSubsidyBatch(batch, ctx),
});

/** Ends publication periods and re-checks instalments that fell due; staged daily, safe to repeat. */
export const releaseDueInstalmentsJob = defineJob({
  name: 'subsidies.releaseDue',
  payload: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  // Daily in China: publication periods end and instalments fall due by the day.
  schedule: (now) => {
    const day = isoDay(todayInChina(now));
    return { period: day, payload: { day } };
  },
  handler: async ({ day }) => releaseDueInstalments(new Date(`${day}T00:00:00Z`)),
});

/** Applies a bank return file to its batch; keyed by the file, and a finished file is not applied again. */
export const importBankReturnJob = defineJob({
  name: 'subsidies.importBankReturn',
  payload: z.object({ fileId: z.uuid() }),
  handler: async ({ fileId }, ctx) => runBankReturnImport(fileId, ctx),
});
