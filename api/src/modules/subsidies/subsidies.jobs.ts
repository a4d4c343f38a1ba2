import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.ts';
import { releaseDueInstalments } from './instalments.service.ts';
import { generatePostSubsidies } from './post-subsidy-batch.ts';

/** Creates a confirmed roster's post-subsidy claims; keyed by the roster, idempotent by the claims' unique key. */
export const generatePostSubsidiesJob = defineJob({
  name: 'subsidies.generatePostSubsidies',
  payload: z.object({ rosterId: z.uuid() }),
  handler: async ({ rosterId }, ctx) => generatePostSubsidies(rosterId, ctx),
});

/** Ends publication periods and re-checks instalments that fell due; staged daily, safe to repeat. */
export const releaseDueInstalmentsJob = defineJob({
  name: 'subsidies.releaseDue',
  payload: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  handler: async ({ day }) => releaseDueInstalments(new Date(`${day}T00:00:00Z`)),
});
