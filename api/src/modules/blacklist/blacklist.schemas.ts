import { z } from 'zod';
import { zGlobalId } from '../../graphql/global-id.ts';
export const ZAddBlacklistEntryInput = z
  .object({
    /** The person listed; or `organisationId` for an organisation (exactly one of the two). */
    caregiverId: zGlobalId('Caregiver').nullish(),
    organisationId: zGlobalId('Organisation').nullish(),
    reason: z.string().trim().min(4, 'say why (at least 4 characters)').max(500),
    /** The case file, judgment or inspection report the entry rests on. */
    evidence: z.string().trim().min(4, 'name the evidence (at least 4 characters)').max(1000),
    startsOn: z.date(),
    endsOn: z.date().nullish(),
  })
  .refine((v) => !v.caregiverId !== !v.organisationId, {
    path: ['caregiverId'],
    message: 'name either a person or an organisation',
    params: { code: 'ONE_SUBJECT_REQUIRED' },
  })
  .refine((v) => !v.endsOn || v.endsOn >= v.startsOn, {
    path: ['endsOn'],
    message: 'must not be before the start',
    params: { code: 'END_BEFORE_START' },
  });
export type TAddBlacklistEntryInput = z.infer<typeof ZAddBlacklistEntryInput>;

export const ZLiftBlacklistEntryInput = z.object({
  entryId: zGlobalId('BlacklistEntry'),
  reason: z.string().trim().min(4, 'say why (e.g. the appeal decision)').max(500),
});
export type TLiftBlacklistEntryInput = z.infer<typeof ZLiftBlacklistEntryInput>;

export const ZLodgeAppealInput = z.object({
  entryId: zGlobalId('BlacklistEntry'),
  grounds: z.string().trim().min(10, 'state the grounds of the appeal (at least 10 characters)').max(2000),
  /** Who appeals when someone else records it (civil affairs taking a paper appeal): a relative, a lawyer, the employer. */
  onBehalfOf: z.string().trim().min(2, 'name who appeals').max(100).nullish(),
});
export type TLodgeAppealInput = z.infer<typeof ZLodgeAppealInput>;

export const ZDecideAppealInput = z.object({
  appealId: zGlobalId('BlacklistAppeal'),
  uphold: z.boolean(),
  reason: z.string().trim().min(4, 'give the reasons for the decision (at least 4 characters)').max(1000),
});
export type TDecideAppealInput = z.infer<typeof ZDecideAppealInput>;
