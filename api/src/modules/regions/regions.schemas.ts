import { z } from 'zod';

export const ZAddRegionInput = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be a 6-digit region code'),
  name: z.string().trim().min(2).max(50),
  nameEn: z.string().trim().min(2).max(80).nullish(),
  /** The region it belongs to; none for a province. */
  parentCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be a 6-digit region code')
    .nullish(),
});
export type TAddRegionInput = z.infer<typeof ZAddRegionInput>;
