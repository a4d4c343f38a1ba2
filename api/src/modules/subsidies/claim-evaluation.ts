import { prisma, type Tx } from '../../db/client.ts';
import { InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import type { SubsidyKind } from '../../generated/prisma/enums.ts';
import { judgePostSubsidies, type JudgedPostSubsidy } from './post-subsidy-facts.ts';
import { termsOf } from './policy-terms.ts';
import { policyInForce, withCandidate, type PolicyInForce } from './policies.service.ts';
import { NoPolicyError } from './subsidies.errors.ts';
import {
  judgeCertificationSubsidy,
  judgeOnboardingAward,
  judgeSkillsUpgrade,
  judgeTrainingSubsidy,
  type SubsidyEligibility,
} from './subsidy-eligibility.ts';

/** What a claim is for. Each kind names the record it rests on. */
export type ClaimSubject =
  | { kind: 'POST_SUBSIDY'; employmentId: string; month: Date }
  | { kind: 'ONBOARDING_AWARD'; employmentId: string; graduatedOn: Date | null }
  | { kind: 'SKILLS_UPGRADE' | 'CERTIFICATION'; certificateId: string }
  | { kind: 'TRAINING'; enrolmentId: string };

export type ClaimEvaluation = {
  policy: PolicyInForce;
  regionId: string;
  employmentId: string | null;
  /** Unique per person and kind: the claim can exist once. */
  subjectKey: string;
  facts: Record<string, string | null>;
  eligibility: SubsidyEligibility;
};

type Db = Pick<
  Tx,
  | 'region'
  | 'subsidyPolicy'
  | 'employment'
  | 'employmentMonth'
  | 'monthlyRoster'
  | 'certificate'
  | 'skillLevel'
  | 'blacklistEntry'
  | 'caregiver'
  | 'enrolment'
>;

const monthKey = (month: Date) => month.toISOString().slice(0, 7);

async function levelRanks(db: Db) {
  const levels = await db.skillLevel.findMany({ select: { code: true, rank: true } });
  return new Map(levels.map((l) => [l.code, l.rank]));
}

async function requirePolicy(kind: SubsidyKind, regionId: string, onDay: Date, db: Db, candidate?: PolicyInForce) {
  const inForce = await policyInForce(kind, regionId, onDay, db);
  const policy = candidate
    ? withCandidate(inForce, (await db.region.findUniqueOrThrow({ where: { id: regionId }, select: { path: true } })).path, candidate)
    : inForce;
  if (!policy) throw new NoPolicyError(kind);
  return policy;
}

/** The region a claim not tied to an employment is handled in: the current employer's, else where the person lives. */
async function homeRegionOf(caregiverId: string, db: Db): Promise<{ regionId: string; employmentId: string | null }> {
  const caregiver = await db.caregiver.findUnique({
    where: { id: caregiverId },
    select: {
      regionId: true,
      employments: {
        where: { endDate: null },
        orderBy: { startDate: 'desc' },
        take: 1,
        select: { id: true, institution: { select: { regionId: true } } },
      },
    },
  });
  if (!caregiver) throw new NotFoundError('Caregiver');
  const current = caregiver.employments[0];
  return current
    ? { regionId: current.institution.regionId, employmentId: current.id }
    : { regionId: caregiver.regionId, employmentId: null };
}

/** A judged post-subsidy line as a claim evaluation; null without a policy in force. */
export function postSubsidyEvaluation(judged: JudgedPostSubsidy): ClaimEvaluation | null {
  if (!judged.policy || !judged.eligibility) return null;
  const month = monthKey(judged.line.month);
  return {
    policy: judged.policy,
    regionId: judged.regionId,
    employmentId: judged.line.employmentId,
    subjectKey: month,
    facts: { month, level: judged.levelCode },
    eligibility: judged.eligibility,
  };
}

/**
 * Reads the facts a claim is judged on and judges it under the policy in force. `onDay` is the day
 * of the claim; a post subsidy is judged on its month's policy. `candidate` (a policy dry run) takes
 * the place of the version in force wherever it would apply had it been published.
 */
export async function evaluateClaim(
  caregiverId: string,
  subject: ClaimSubject,
  onDay: Date,
  db: Db = prisma,
  candidate?: PolicyInForce,
): Promise<ClaimEvaluation> {
  switch (subject.kind) {
    case 'POST_SUBSIDY': {
      const [judged] = await judgePostSubsidies([{ caregiverId, employmentId: subject.employmentId, month: subject.month }], db, {
        candidate,
      });
      if (!judged) throw new NotFoundError('Employment');
      const evaluation = postSubsidyEvaluation(judged);
      if (!evaluation) throw new NoPolicyError('POST_SUBSIDY');
      return evaluation;
    }
    case 'ONBOARDING_AWARD': {
      const employment = await db.employment.findFirst({
        where: { id: subject.employmentId, caregiverId },
        include: {
          institution: { select: { regionId: true } },
          caregiver: { select: { education: true } },
          months: { orderBy: { month: 'desc' }, take: 1 },
        },
      });
      if (!employment) throw new NotFoundError('Employment');
      const policy = await requirePolicy('ONBOARDING_AWARD', employment.institution.regionId, onDay, db, candidate);
      const eligibility = judgeOnboardingAward(termsOf(policy as typeof policy & { kind: 'ONBOARDING_AWARD' }), {
        education: employment.caregiver.education,
        graduatedOn: subject.graduatedOn,
        employment,
        insurancePaid: employment.months[0]?.socialInsurancePaid ?? null,
      });
      return {
        policy,
        regionId: employment.institution.regionId,
        employmentId: employment.id,
        // Once per person, whichever employer.
        subjectKey: 'ONBOARDING',
        facts: { graduatedOn: subject.graduatedOn?.toISOString().slice(0, 10) ?? null },
        eligibility,
      };
    }
    case 'SKILLS_UPGRADE':
    case 'CERTIFICATION': {
      const certificate = await db.certificate.findFirst({ where: { id: subject.certificateId, caregiverId }, include: { level: true } });
      if (!certificate) throw new NotFoundError('Certificate');
      const home = await homeRegionOf(caregiverId, db);
      const policy = await requirePolicy(subject.kind, home.regionId, onDay, db, candidate);
      const facts = {
        onDay,
        certificate: {
          levelCode: certificate.level.code,
          level: certificate.level,
          status: certificate.status,
          issuedOn: certificate.issuedOn,
          examFeeFen: certificate.source === 'EXAM' ? certificate.examFeeFen : null,
        },
        levelRanks: await levelRanks(db),
      };
      const eligibility =
        subject.kind === 'SKILLS_UPGRADE'
          ? judgeSkillsUpgrade(termsOf(policy as typeof policy & { kind: 'SKILLS_UPGRADE' }), facts)
          : judgeCertificationSubsidy(termsOf(policy as typeof policy & { kind: 'CERTIFICATION' }), facts);
      // Skills upgrade: once per level; certification: once per certificate.
      const subjectKey = subject.kind === 'SKILLS_UPGRADE' ? certificate.level.code : certificate.id;
      return {
        policy,
        regionId: home.regionId,
        employmentId: home.employmentId,
        subjectKey,
        facts: { certificate: certificate.number, certificateId: certificate.id },
        eligibility,
      };
    }
    case 'TRAINING': {
      const enrolment = await db.enrolment.findFirst({ where: { id: subject.enrolmentId, caregiverId }, include: { course: true } });
      if (!enrolment) throw new NotFoundError('Enrolment');
      const home = await homeRegionOf(caregiverId, db);
      const policy = await requirePolicy('TRAINING', enrolment.course.regionId, onDay, db, candidate);
      const eligibility = judgeTrainingSubsidy(termsOf(policy as typeof policy & { kind: 'TRAINING' }), {
        onDay,
        enrolment: {
          status: enrolment.status,
          completedOn: enrolment.completedOn,
          courseKind: enrolment.course.kind,
          courseTitle: enrolment.course.title,
        },
      });
      return {
        policy,
        regionId: enrolment.course.regionId,
        employmentId: home.employmentId,
        subjectKey: enrolment.id,
        facts: { course: enrolment.course.title, enrolmentId: enrolment.id },
        eligibility,
      };
    }
  }
}

/** Reads a claim's subject from mutation input; says which field is missing for the kind. */
export function subjectFromInput(input: {
  kind: SubsidyKind;
  employmentId?: string | null;
  month?: Date | null;
  graduatedOn?: Date | null;
  certificateId?: string | null;
  enrolmentId?: string | null;
}): ClaimSubject {
  const need = (field: 'employmentId' | 'month' | 'certificateId' | 'enrolmentId') => {
    const value = input[field];
    if (!value) throw InputValidationError.field(['input', field], `is required for ${input.kind}`);
    return value;
  };
  switch (input.kind) {
    case 'POST_SUBSIDY': {
      const month = need('month') as Date;
      if (month.getUTCDate() !== 1) throw InputValidationError.field(['input', 'month'], 'must be the first day of a month');
      return { kind: 'POST_SUBSIDY', employmentId: need('employmentId') as string, month };
    }
    case 'ONBOARDING_AWARD':
      return { kind: 'ONBOARDING_AWARD', employmentId: need('employmentId') as string, graduatedOn: input.graduatedOn ?? null };
    case 'SKILLS_UPGRADE':
    case 'CERTIFICATION':
      return { kind: input.kind, certificateId: need('certificateId') as string };
    case 'TRAINING':
      return { kind: 'TRAINING', enrolmentId: need('enrolmentId') as string };
    case 'COMPETITION_AWARD':
      throw InputValidationError.field(['input', 'kind'], 'competition awards are granted by the competition organiser, not claimed');
  }
}
