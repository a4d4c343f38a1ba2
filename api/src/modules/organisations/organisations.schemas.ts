import { z } from 'zod';
import { zGlobalId } from '../../graphql/global-id.ts';
import { OrganisationKind } from '../../generated/prisma/enums.ts';
import { isValidUscc } from './uscc.ts';

const ZUscc = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidUscc, {
    message: 'is not a valid unified social credit code (18 characters, GB 32100 check character)',
    params: { code: 'USCC_CHECK' },
  });

const fields = {
  name: z.string().trim().min(2).max(100),
  uscc: ZUscc,
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'must be a 6-digit region code'),
  beds: z.number().int().min(0).max(100_000).nullish(),
  rating: z.string().trim().max(40).nullish(),
};

export const ZRegisterOrganisationInput = z.object({ kind: z.enum(OrganisationKind), ...fields });
export type TRegisterOrganisationInput = z.infer<typeof ZRegisterOrganisationInput>;

export const ZUpdateOrganisationInput = z.object({ id: zGlobalId('Organisation'), ...fields });
export type TUpdateOrganisationInput = z.infer<typeof ZUpdateOrganisationInput>;
