import { z } from 'zod';

const INDICATORS = [
  'CERTIFIED_PER_10K',
  'SENIOR_SHARE',
  'FIRST_AID_SHARE',
  'TRAINING_COVERAGE',
  'CERTIFIED_ON_JOB',
  'SOCIAL_WORKERS_PER_10K',
] as const;
const PER_10K = new Set<string>(['CERTIFIED_PER_10K', 'SOCIAL_WORKERS_PER_10K']);

export const ZSetWorkforceTargetInput = z
  .object({
    regionCode: z
      .string()
      .regex(/^\d{6}$/, 'must be a 6-digit region code')
      .nullish(),
    indicator: z.enum(INDICATORS),
    year: z.number().int().min(2000).max(2100),
    value: z.number().min(0).max(10_000),
    source: z.string().trim().min(2, 'name the document the target comes from').max(200),
  })
  // Shares are stored between 0 and 1; a share of 35 is a percentage typed by mistake.
  .refine((t) => PER_10K.has(t.indicator) || t.value <= 1, { path: ['value'], message: 'a share must be between 0 and 1' });
export type TSetWorkforceTargetInput = z.infer<typeof ZSetWorkforceTargetInput>;
