import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.ts';
import { runPopulationImport } from './population.service.ts';

/** Applies an uploaded population file; keyed by the import, and a finished import is not applied again. */
export const importPopulationJob = defineJob({
  name: 'regions.importPopulation',
  payload: z.object({ importId: z.uuid() }),
  handler: async ({ importId }, ctx) => runPopulationImport(importId, ctx),
});
