import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.ts';
import { runRosterImport } from './roster-import.service.ts';

/** Imports an uploaded roster file; keyed by the import, and a finished import is not run again. */
export const importRosterJob = defineJob({
  name: 'training.importRoster',
  payload: z.object({ importId: z.uuid() }),
  handler: async ({ importId }, ctx) => runRosterImport(importId, ctx),
});
