import { z } from 'zod';
import type { SubsidyKind } from '../../generated/prisma/enums.ts';

/**
 * The shape of a policy's `amounts`, `rules` and `instalments` JSON per kind. Policies are data: a
 * region changes a number by publishing a new version, never by a code change. Every amount is fen.
 */
const fen = z.number().int().min(0);
const EDUCATIONS = ['NONE', 'JUNIOR', 'SENIOR', 'SECONDARY_VOCATIONAL', 'COLLEGE', 'BACHELOR', 'MASTER_PLUS'] as const;

export const EVIDENCE_KINDS = ['CONTRACT', 'DIPLOMA', 'INSURANCE_RECORD', 'OTHER'] as const;
export type EvidenceKindCode = (typeof EVIDENCE_KINDS)[number];
/** Evidence a claim under the policy cannot be submitted without (generated post-subsidy claims are not submitted by hand). */
const requiredEvidence = (defaults: EvidenceKindCode[] = []) => z.array(z.enum(EVIDENCE_KINDS)).default(defaults);

export const ZInstalmentPlan = z
  .array(z.object({ sharePercent: z.number().int().min(1).max(100), afterYears: z.number().int().min(0).max(10) }))
  .min(1)
  .refine((plan) => plan.reduce((sum, p) => sum + p.sharePercent, 0) === 100, 'shares must add up to 100')
  .refine((plan) => plan.every((p, i) => i === 0 || p.afterYears >= plan[i - 1]!.afterYears), 'instalments must be in order of years');
export type InstalmentPlan = z.infer<typeof ZInstalmentPlan>;

export const POLICY_TERMS = {
  POST_SUBSIDY: {
    amounts: z.object({ byLevel: z.record(z.string(), fen) }),
    rules: z.object({
      minMonthsInPost: z.number().int().min(0).default(3),
      minAttendanceDays: z.number().int().min(0).max(31).default(20),
      contractTypes: z.array(z.enum(['LABOUR', 'DISPATCH'])).default(['LABOUR']),
      fullTimeOnly: z.boolean().default(true),
      requiredEvidence: requiredEvidence(),
    }),
  },
  ONBOARDING_AWARD: {
    amounts: z.object({ byEducation: z.partialRecord(z.enum(EDUCATIONS), fen) }),
    rules: z.object({
      graduatedWithinYears: z.number().int().min(0).default(3),
      minContractYears: z.number().int().min(0).default(3),
      /** Months without paid social insurance an instalment's re-check tolerates (changing employer, late payment). */
      allowedGapMonths: z.number().int().min(0).default(3),
      /**
       * Months after leaving within which re-employment in a care post keeps the instalments not yet due
       * (suspended meanwhile); 0: leaving forfeits them at once.
       */
      reemploymentKeepsMonths: z.number().int().min(0).max(60).default(0),
      requiredEvidence: requiredEvidence(['CONTRACT', 'DIPLOMA', 'INSURANCE_RECORD']),
    }),
  },
  SKILLS_UPGRADE: {
    amounts: z.object({ byLevel: z.record(z.string(), fen) }),
    rules: z.object({ claimWithinMonths: z.number().int().min(1).default(12), requiredEvidence: requiredEvidence() }),
  },
  CERTIFICATION: {
    amounts: z.object({ feeSharePercent: z.number().int().min(1).max(100), floorFen: fen }),
    rules: z.object({ claimWithinMonths: z.number().int().min(1).default(12), requiredEvidence: requiredEvidence() }),
  },
  TRAINING: {
    amounts: z.object({ perTraineeFen: fen, byCourseKind: z.record(z.string(), fen).default({}) }),
    rules: z.object({ claimWithinMonths: z.number().int().min(1).default(12), requiredEvidence: requiredEvidence() }),
  },
  COMPETITION_AWARD: {
    amounts: z.object({ byAward: z.record(z.string(), fen) }),
    rules: z.object({ requiredEvidence: requiredEvidence() }),
  },
} as const satisfies Record<SubsidyKind, { amounts: z.ZodType; rules: z.ZodType }>;

export type PolicyTerms<K extends SubsidyKind> = {
  amounts: z.output<(typeof POLICY_TERMS)[K]['amounts']>;
  rules: z.output<(typeof POLICY_TERMS)[K]['rules']>;
  instalments: InstalmentPlan | null;
};

/** Reads a stored policy's JSON as its kind's terms; a policy that does not parse is a data error, not a user one. */
export function termsOf<K extends SubsidyKind>(policy: {
  kind: K;
  code: string;
  amounts: unknown;
  rules: unknown;
  instalments: unknown;
}): PolicyTerms<K> {
  const shape = POLICY_TERMS[policy.kind];
  const amounts = shape.amounts.safeParse(policy.amounts);
  const rules = shape.rules.safeParse(policy.rules ?? {});
  const instalments = policy.instalments == null ? null : ZInstalmentPlan.safeParse(policy.instalments);
  if (!amounts.success || !rules.success || (instalments && !instalments.success))
    throw new Error(`subsidy policy ${policy.code} has malformed terms`);
  return { amounts: amounts.data, rules: rules.data, instalments: instalments?.data ?? null } as PolicyTerms<K>;
}

/** The evidence kinds a policy version requires, each with whether the claim has it. */
export function evidenceOf(
  policy: { kind: SubsidyKind; code: string; amounts: unknown; rules: unknown; instalments: unknown },
  evidence: { kind: string }[],
) {
  return termsOf(policy).rules.requiredEvidence.map((kind) => ({ kind, present: evidence.some((e) => e.kind === kind) }));
}
