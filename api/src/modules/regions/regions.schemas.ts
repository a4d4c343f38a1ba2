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

import { todayInChina } from '../../shared/china-time.ts';

/** Largest population file accepted: 3,000 counties × a few rows fit in far less. */
export const POPULATION_FILE_MAX_BYTES = 2 * 1024 * 1024;

export const ZImportPopulationInput = z.object({
  fileName: z
    .string()
    .trim()
    .regex(/\.(csv|xlsx)$/i, 'must be a .csv or .xlsx file')
    .max(200),
  contentBase64: z
    .string()
    .max(Math.ceil((POPULATION_FILE_MAX_BYTES * 4) / 3) + 4, 'file is larger than 2 MB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
  /** Used for rows whose own source column is empty, e.g. 2025年国民经济和社会发展统计公报. */
  defaultSource: z.string().trim().min(2, 'must name the source').max(100).nullish(),
});
export type TImportPopulationInput = z.infer<typeof ZImportPopulationInput>;

const AGE_BANDS: Record<string, 'AGE_60_PLUS' | 'AGE_65_PLUS'> = {
  '60+': 'AGE_60_PLUS',
  '60': 'AGE_60_PLUS',
  AGE_60_PLUS: 'AGE_60_PLUS',
  '65+': 'AGE_65_PLUS',
  '65': 'AGE_65_PLUS',
  AGE_65_PLUS: 'AGE_65_PLUS',
};
const BASES: Record<string, 'RESIDENT' | 'REGISTERED'> = {
  常住: 'RESIDENT',
  RESIDENT: 'RESIDENT',
  resident: 'RESIDENT',
  户籍: 'REGISTERED',
  REGISTERED: 'REGISTERED',
  registered: 'REGISTERED',
};

/** One row of a population file, as written by statistics offices (Chinese or English labels). */
export const ZPopulationRow = z.object({
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be a 6-digit region code'),
  // A population figure counts people already counted: never a year still to come.
  year: z.coerce
    .number()
    .int('must be a whole year')
    .min(2000, 'must be 2000 or later')
    .superRefine((year, ctx) => {
      const maxYear = todayInChina().getUTCFullYear();
      if (year > maxYear)
        ctx.addIssue({
          code: 'custom',
          message: `must not be a future year (after ${maxYear})`,
          params: { code: 'POPULATION_YEAR_IN_FUTURE', maxYear },
        });
    }),
  ageBand: z
    .string()
    .trim()
    .transform(
      (v, ctx) =>
        AGE_BANDS[v] ?? (ctx.addIssue({ code: 'custom', message: 'must be 60+ or 65+', params: { code: 'AGE_BAND_UNKNOWN' } }), z.NEVER),
    ),
  basis: z
    .string()
    .trim()
    .transform(
      (v, ctx) =>
        BASES[v] ??
        (ctx.addIssue({ code: 'custom', message: 'must be resident or registered', params: { code: 'BASIS_UNKNOWN' } }), z.NEVER),
    ),
  count: z.coerce.number().int('must be a whole number').positive('must be more than 0').max(400_000_000, 'is larger than any region'),
  source: z.string().trim().min(2, 'must name the source').max(100),
});
export type TPopulationRow = z.infer<typeof ZPopulationRow>;
