import type { ContractType, CourseKind, Education, EnrolmentStatus, Post } from '../../generated/prisma/enums.ts';
import { singleRule as rule, type RuleResult } from '../../shared/rule-result.ts';
import { formatYuan, shareOf } from '../../shared/money.ts';
import { addMonths, addYears, isoDay, monthEnd, wholeMonthsBetween } from '../../shared/china-time.ts';
import type { PolicyTerms } from './policy-terms.ts';

/**
 * Pure judges: each takes a policy's terms and the facts read from the records and answers eligible
 * or not, the amount, and every rule with its result as a code and parameters (worded by the portal and
 * `graphql/rule-messages.ts`). No I/O here, so the rules are tested on their own and the same answer is
 * shown before submission and stored with the claim.
 */
export type SubsidyEligibility = { eligible: boolean; amountFen: number; rules: RuleResult[] };

const monthLabel = (d: Date) => isoDay(d).slice(0, 7);
const verdict = (rules: RuleResult[], amountFen: number): SubsidyEligibility => {
  const eligible = rules.every((r) => r.met);
  return { eligible, amountFen: eligible ? amountFen : 0, rules };
};

type LevelHeld = { code: string; rank: number; nameZh: string; nameEn: string };

/** The amount for a level from a by-level table: the entry of the highest level in the table at or below the one held. */
export function amountForLevel(byLevel: Record<string, number>, held: LevelHeld, ranks: Map<string, number>): number | null {
  let best: { rank: number; fen: number } | null = null;
  for (const [code, fenAmount] of Object.entries(byLevel)) {
    const rank = ranks.get(code);
    if (rank !== undefined && rank <= held.rank && (!best || rank > best.rank)) best = { rank, fen: fenAmount };
  }
  return best?.fen ?? null;
}

export type PostSubsidyFacts = {
  /** First day of the month claimed. */
  month: Date;
  employment: { post: Post; contractType: ContractType; fullTime: boolean; startDate: Date; endDate: Date | null };
  /** The confirmed roster line for the month, if any. */
  roster: { attendanceDays: number; socialInsurancePaid: boolean; liabilityIncident: boolean } | null;
  /** Highest valid level held on the first day of the month (a level issued during the month counts from the next). */
  level: LevelHeld | null;
  levelRanks: Map<string, number>;
  /** An entry of the credit blacklist in force on any day of the month. */
  blacklistedUntil: Date | null | undefined;
};

export function judgePostSubsidy(terms: PolicyTerms<'POST_SUBSIDY'>, f: PostSubsidyFacts): SubsidyEligibility {
  const { rules, amounts } = terms;
  const lastDay = monthEnd(f.month);
  const months = wholeMonthsBetween(f.employment.startDate, lastDay);
  const contractOk = rules.contractTypes.includes(f.employment.contractType) && (!rules.fullTimeOnly || f.employment.fullTime);
  const level = f.level;
  const amount = level ? amountForLevel(amounts.byLevel, level, f.levelRanks) : null;
  const days = f.roster?.attendanceDays ?? 0;
  const m = monthLabel(f.month);
  const result: RuleResult[] = [
    rule('post', f.employment.post === 'CARE_WORKER', 'CARE_POST'),
    rule('contract', contractOk, 'CONTRACT_FULL_TIME', {
      contractType: f.employment.contractType,
      workTime: f.employment.fullTime ? 'FULL_TIME' : 'PART_TIME',
    }),
    rule('monthsInPost', months >= rules.minMonthsInPost && f.employment.startDate <= f.month, 'MONTHS_IN_POST', {
      min: rules.minMonthsInPost,
      months,
    }),
    level
      ? rule('level', amount !== null, 'LEVEL_HELD_BEFORE_MONTH', { level: level.code })
      : rule('level', false, 'NO_LEVEL_BEFORE_MONTH'),
    f.roster
      ? rule('attendance', days >= rules.minAttendanceDays, 'ATTENDANCE_DAYS', { month: m, min: rules.minAttendanceDays, days })
      : rule('attendance', false, 'ROSTER_NOT_CONFIRMED', { month: m }),
    rule('insurance', f.roster?.socialInsurancePaid === true, 'INSURANCE_PAID_MONTH', { month: m }),
    rule('incident', !f.roster?.liabilityIncident, 'NO_LIABILITY_INCIDENT'),
    f.blacklistedUntil === null
      ? rule('blacklist', false, 'BLACKLISTED_NO_END')
      : rule(
          'blacklist',
          f.blacklistedUntil === undefined,
          'NOT_BLACKLISTED',
          f.blacklistedUntil ? { until: isoDay(f.blacklistedUntil) } : {},
        ),
  ];
  return verdict(result, amount ?? 0);
}

export type OnboardingFacts = {
  education: Education;
  /** Graduation day as stated from the diploma; the reviewer checks it against the evidence. */
  graduatedOn: Date | null;
  employment: { post: Post; startDate: Date; contractEndsOn: Date | null; endDate: Date | null };
  /** Social insurance of the latest month on record for this employment (null: no month recorded). */
  insurancePaid: boolean | null;
};

export function judgeOnboardingAward(terms: PolicyTerms<'ONBOARDING_AWARD'>, f: OnboardingFacts): SubsidyEligibility {
  const { rules, amounts } = terms;
  const amount = amounts.byEducation[f.education] ?? 0;
  const graduatedInTime =
    f.graduatedOn !== null &&
    f.graduatedOn <= f.employment.startDate &&
    addYears(f.graduatedOn, rules.graduatedWithinYears) >= f.employment.startDate;
  const contractYears = f.employment.contractEndsOn ? wholeMonthsBetween(f.employment.startDate, f.employment.contractEndsOn) / 12 : 0;
  const contractOk = contractYears >= rules.minContractYears;
  const inPost = f.employment.post === 'CARE_WORKER' && f.employment.endDate === null;
  const result: RuleResult[] = [
    rule('education', amount > 0, 'EDUCATION_QUALIFIES', amount > 0 ? { amountYuan: formatYuan(amount) } : {}),
    f.graduatedOn
      ? rule('graduation', graduatedInTime, 'GRADUATED_WITHIN', {
          years: rules.graduatedWithinYears,
          graduatedOn: isoDay(f.graduatedOn),
          startedOn: isoDay(f.employment.startDate),
        })
      : rule('graduation', false, 'GRADUATION_NOT_GIVEN'),
    rule('post', inPost, 'IN_CARE_POST_NOW'),
    f.employment.contractEndsOn || contractOk
      ? rule('contract', contractOk, 'CONTRACT_YEARS', { min: rules.minContractYears, years: contractYears.toFixed(1) })
      : rule('contract', false, 'CONTRACT_END_NOT_RECORDED', { min: rules.minContractYears }),
    f.insurancePaid === null ? rule('insurance', false, 'NO_INSURANCE_RECORD') : rule('insurance', f.insurancePaid, 'INSURANCE_PAID'),
  ];
  return verdict(result, amount);
}

export type CertificateFacts = {
  onDay: Date;
  certificate: { levelCode: string; level: LevelHeld; status: 'VALID' | 'REVOKED'; issuedOn: Date; examFeeFen: number | null };
  levelRanks: Map<string, number>;
};

function withinClaimWindow(months: number, from: Date, onDay: Date, after: 'CERTIFICATE' | 'COURSE'): RuleResult {
  return rule('claimWindow', onDay <= addMonths(from, months), `CLAIM_WINDOW_${after}`, { months, from: isoDay(from) });
}

const certificateValid = (f: CertificateFacts) => rule('certificateValid', f.certificate.status === 'VALID', 'CERTIFICATE_VALID');

export function judgeSkillsUpgrade(terms: PolicyTerms<'SKILLS_UPGRADE'>, f: CertificateFacts): SubsidyEligibility {
  const amount = terms.amounts.byLevel[f.certificate.levelCode] ?? 0;
  const result = [
    certificateValid(f),
    rule('level', amount > 0, 'LEVEL_SUBSIDISED', {
      level: f.certificate.levelCode,
      ...(amount > 0 ? { amountYuan: formatYuan(amount) } : {}),
    }),
    withinClaimWindow(terms.rules.claimWithinMonths, f.certificate.issuedOn, f.onDay, 'CERTIFICATE'),
  ];
  return verdict(result, amount);
}

/** The certification subsidy: a share of the exam fee with a floor, never more than the fee itself. */
export function certificationAmount(terms: PolicyTerms<'CERTIFICATION'>, examFeeFen: number): number {
  return Math.min(examFeeFen, Math.max(shareOf(examFeeFen, terms.amounts.feeSharePercent), terms.amounts.floorFen));
}

export function judgeCertificationSubsidy(terms: PolicyTerms<'CERTIFICATION'>, f: CertificateFacts): SubsidyEligibility {
  const fee = f.certificate.examFeeFen;
  const amount = fee ? certificationAmount(terms, fee) : 0;
  const result = [
    certificateValid(f),
    fee
      ? rule('examFee', true, 'EXAM_FEE_SHARE', {
          feeYuan: formatYuan(fee),
          percent: terms.amounts.feeSharePercent,
          floorYuan: formatYuan(terms.amounts.floorFen),
          amountYuan: formatYuan(amount),
        })
      : rule('examFee', false, 'NO_EXAM_FEE'),
    withinClaimWindow(terms.rules.claimWithinMonths, f.certificate.issuedOn, f.onDay, 'CERTIFICATE'),
  ];
  return verdict(result, amount);
}

export type TrainingFacts = {
  onDay: Date;
  enrolment: { status: EnrolmentStatus; completedOn: Date | null; courseKind: CourseKind; courseTitle: string };
};

export function judgeTrainingSubsidy(terms: PolicyTerms<'TRAINING'>, f: TrainingFacts): SubsidyEligibility {
  const amount = terms.amounts.byCourseKind[f.enrolment.courseKind] ?? terms.amounts.perTraineeFen;
  const completed = f.enrolment.status === 'COMPLETED' && f.enrolment.completedOn !== null;
  const result = [
    rule('completed', completed, 'COURSE_COMPLETED', { course: f.enrolment.courseTitle }),
    ...(completed ? [withinClaimWindow(terms.rules.claimWithinMonths, f.enrolment.completedOn!, f.onDay, 'COURSE')] : []),
  ];
  return verdict(result, amount);
}

export type InstalmentCheckFacts = {
  dueOn: Date;
  afterYears: number;
  allowedGapMonths: number;
  /** Whether the person holds a care post on the due day. */
  employedOnDueDay: boolean;
  /** Months with social insurance paid since the award's employment began. */
  insuredMonths: number;
};

/** An onboarding instalment falls due only if the person is still in care work and insured for the years served. */
export function judgeInstalment(f: InstalmentCheckFacts): { payable: boolean; rules: RuleResult[] } {
  const needed = Math.max(0, f.afterYears * 12 - f.allowedGapMonths);
  const rules = [
    rule('stillEmployed', f.employedOnDueDay, 'STILL_EMPLOYED_ON', { dueOn: isoDay(f.dueOn) }),
    rule('insuredMonths', f.insuredMonths >= needed, 'INSURED_MONTHS', { needed, months: f.insuredMonths }),
  ];
  return { payable: rules.every((r) => r.met), rules };
}
