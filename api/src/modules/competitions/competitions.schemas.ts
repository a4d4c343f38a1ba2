import { z } from 'zod';
import { coded } from '../../graphql/zod-issues.ts';
import { zGlobalId } from '../../graphql/global-id.ts';
import { zActivityDate } from '../../shared/plausible-dates.ts';
import { ZAwardRules } from './award-rules.ts';

const ZScore = z
  .number()
  .min(0, 'must be between 0 and 100')
  .max(100, 'must be between 0 and 100')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, coded('TOO_MANY_DECIMALS', { places: 2 }));

export const TIERS = ['COUNTY', 'CITY', 'PROVINCE', 'NATIONAL'] as const;

export const ZCreateCompetitionInput = z.object({
  name: z.string().trim().min(4, 'name the competition (at least 4 characters)').max(120),
  tier: z.enum(TIERS),
  year: z.number().int('must be a whole number').min(2000, 'from 2000').max(2100, 'until 2100'),
  /** Region whose HR bureau runs it; the viewer's own region by default. */
  regionId: zGlobalId('Region').nullish(),
  /** The organising bureau, which issues the promotion certificates. */
  organiserId: zGlobalId('Organisation'),
  theoryWeight: z.number().int('whole percent').min(0, 'between 0 and 100').max(100, 'between 0 and 100').default(30),
  /** Award rules; the default (Jiangxi 2022) when omitted. */
  awardRules: ZAwardRules.nullish(),
  /** Fewest entrants and rounds for level promotions; the tier's default when omitted. */
  minEntrantsForPromotion: z.number().int('must be a whole number').min(0).max(10_000).nullish(),
  minRoundsForPromotion: z.number().int('must be a whole number').min(0).max(20).nullish(),
});
export type TCreateCompetitionInput = z.infer<typeof ZCreateCompetitionInput>;

export const ZAddRoundInput = z.object({
  competitionId: zGlobalId('Competition'),
  name: z.string().trim().min(2, 'name the round, e.g. 决赛').max(60),
  heldOn: zActivityDate,
  place: z.string().trim().max(200).nullish(),
});
export type TAddRoundInput = z.infer<typeof ZAddRoundInput>;

export const ZRegisterEntryInput = z.object({
  competitionId: zGlobalId('Competition'),
  caregiverId: zGlobalId('Caregiver'),
});
export type TRegisterEntryInput = z.infer<typeof ZRegisterEntryInput>;

export const ZCompetitionScoresInput = z.object({
  entryId: zGlobalId('CompetitionEntry'),
  theory: ZScore,
  practical: ZScore,
});
export type TCompetitionScoresInput = z.infer<typeof ZCompetitionScoresInput>;

export const ZReturnResultsInput = z.object({
  competitionId: zGlobalId('Competition'),
  reason: z.string().trim().min(4, 'say what needs correcting (at least 4 characters)').max(500),
});
export type TReturnResultsInput = z.infer<typeof ZReturnResultsInput>;
