import type { ContractType, CourseKind, Education, EnrolmentStatus, Post } from '../../generated/prisma/enums.ts';
import type { RuleResult } from '../../shared/rule-result.ts';
import { formatYuan, shareOf } from '../../shared/money.ts';
import { addMonths, addYears, isoDay, monthEnd, wholeMonthsBetween } from '../../shared/china-time.ts';
import type { PolicyTerms } from './policy-terms.ts';

/**
 * Pure judges: each takes a policy's terms and the facts read from the records and answers eligible
 * or not, the amount, and every rule with its result in Chinese and English. No I/O here, so the rules
 * are tested on their own and the same answer is shown before submission and stored with the claim.
 */
export type SubsidyEligibility = { eligible: boolean; amountFen: number; rules: RuleResult[] };

const monthLabel = (d: Date) => isoDay(d).slice(0, 7);
const rule = (ruleId: string, met: boolean, zh: string, en: string): RuleResult => ({ ruleId, met, zh, en });
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
    rule(
      'post',
      f.employment.post === 'CARE_WORKER',
      `养老护理员岗位：${f.employment.post === 'CARE_WORKER' ? '是' : '否'}`,
      `Care-worker post: ${f.employment.post === 'CARE_WORKER' ? 'yes' : 'no'}`,
    ),
    rule(
      'contract',
      contractOk,
      `签订劳动合同且全职：${contractOk ? '是' : '否'}`,
      `Labour contract, full time: ${contractOk ? 'yes' : `no (${f.employment.contractType.toLowerCase()}${f.employment.fullTime ? '' : ', part time'})`}`,
    ),
    rule(
      'monthsInPost',
      months >= rules.minMonthsInPost && f.employment.startDate <= f.month,
      `在岗满${rules.minMonthsInPost}个月：${months >= rules.minMonthsInPost ? '是' : `否，${months}个月`}`,
      `${rules.minMonthsInPost} months in post: ${months >= rules.minMonthsInPost ? 'yes' : `no, ${months}`}`,
    ),
    rule(
      'level',
      amount !== null,
      level ? `持有效等级证书：${level.nameZh}（当月1日前取得）` : `持有效等级证书：否（当月1日前无有效证书）`,
      level ? `Valid certificate: ${level.nameEn} (held before the 1st)` : 'Valid certificate held before the 1st of the month: no',
    ),
    rule(
      'attendance',
      f.roster !== null && days >= rules.minAttendanceDays,
      f.roster
        ? `${m}出勤不少于${rules.minAttendanceDays}天：${days >= rules.minAttendanceDays ? '是' : '否'}，${days}天`
        : `${m}花名册未确认`,
      f.roster
        ? `≥${rules.minAttendanceDays} attendance days in ${m}: ${days >= rules.minAttendanceDays ? 'yes' : 'no'}, ${days}`
        : `Roster for ${m} not confirmed`,
    ),
    rule(
      'insurance',
      f.roster?.socialInsurancePaid === true,
      `${m}缴纳社会保险：${f.roster?.socialInsurancePaid ? '是' : '否'}`,
      `Social insurance paid for ${m}: ${f.roster?.socialInsurancePaid ? 'yes' : 'no'}`,
    ),
    rule(
      'incident',
      !f.roster?.liabilityIncident,
      `无责任事故：${f.roster?.liabilityIncident ? '否，当月有责任事故' : '是'}`,
      `No liability incident: ${f.roster?.liabilityIncident ? 'no, one this month' : 'yes'}`,
    ),
    rule(
      'blacklist',
      f.blacklistedUntil === undefined,
      f.blacklistedUntil === undefined
        ? '未列入失信黑名单：是'
        : `未列入失信黑名单：否（${f.blacklistedUntil ? `至${isoDay(f.blacklistedUntil)}` : '无期限'}）`,
      f.blacklistedUntil === undefined
        ? 'Not on the credit blacklist: yes'
        : `Not on the credit blacklist: no (${f.blacklistedUntil ? `until ${isoDay(f.blacklistedUntil)}` : 'no end date'})`,
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
  const result: RuleResult[] = [
    rule(
      'education',
      amount > 0,
      `学历符合（中职及以上）：${amount > 0 ? `是，奖补${formatYuan(amount)}元` : '否'}`,
      `Qualifying education (secondary vocational or above): ${amount > 0 ? `yes, ¥${formatYuan(amount)}` : 'no'}`,
    ),
    rule(
      'graduation',
      graduatedInTime,
      f.graduatedOn
        ? `毕业${rules.graduatedWithinYears}年内入职：${graduatedInTime ? '是' : '否'}（毕业${isoDay(f.graduatedOn)}，入职${isoDay(f.employment.startDate)}）`
        : '毕业日期：未填写',
      f.graduatedOn
        ? `Started within ${rules.graduatedWithinYears} years of graduating: ${graduatedInTime ? 'yes' : 'no'} (graduated ${isoDay(f.graduatedOn)}, started ${isoDay(f.employment.startDate)})`
        : 'Graduation day: not given',
    ),
    rule(
      'post',
      f.employment.post === 'CARE_WORKER' && f.employment.endDate === null,
      `在养老机构从事护理岗位：${f.employment.post === 'CARE_WORKER' && f.employment.endDate === null ? '是' : '否'}`,
      `In a care-worker post now: ${f.employment.post === 'CARE_WORKER' && f.employment.endDate === null ? 'yes' : 'no'}`,
    ),
    rule(
      'contract',
      contractOk,
      `劳动合同不少于${rules.minContractYears}年：${contractOk ? '是' : f.employment.contractEndsOn ? `否，${contractYears.toFixed(1)}年` : '否，未登记合同期限'}`,
      `Contract of ${rules.minContractYears}+ years: ${contractOk ? 'yes' : f.employment.contractEndsOn ? `no, ${contractYears.toFixed(1)}` : 'no, contract end not recorded'}`,
    ),
    rule(
      'insurance',
      f.insurancePaid === true,
      `缴纳社会保险：${f.insurancePaid ? '是' : f.insurancePaid === null ? '否，无缴费记录' : '否，最近一月未缴'}`,
      `Social insurance paid: ${f.insurancePaid ? 'yes' : f.insurancePaid === null ? 'no record' : 'no, not for the latest month'}`,
    ),
  ];
  return verdict(result, amount);
}

export type CertificateFacts = {
  onDay: Date;
  certificate: { levelCode: string; level: LevelHeld; status: 'VALID' | 'REVOKED'; issuedOn: Date; examFeeFen: number | null };
  levelRanks: Map<string, number>;
};

function withinClaimWindow(months: number, issuedOn: Date, onDay: Date): RuleResult {
  const ok = onDay <= addMonths(issuedOn, months);
  return rule(
    'claimWindow',
    ok,
    `取证${months}个月内申领：${ok ? '是' : '否'}（发证${isoDay(issuedOn)}）`,
    `Claimed within ${months} months of the certificate: ${ok ? 'yes' : 'no'} (issued ${isoDay(issuedOn)})`,
  );
}

export function judgeSkillsUpgrade(terms: PolicyTerms<'SKILLS_UPGRADE'>, f: CertificateFacts): SubsidyEligibility {
  const amount = terms.amounts.byLevel[f.certificate.levelCode] ?? 0;
  const result = [
    rule(
      'certificateValid',
      f.certificate.status === 'VALID',
      `证书有效：${f.certificate.status === 'VALID' ? '是' : '否，已撤销'}`,
      `Certificate valid: ${f.certificate.status === 'VALID' ? 'yes' : 'no, revoked'}`,
    ),
    rule(
      'level',
      amount > 0,
      `${f.certificate.level.nameZh}在补贴范围内：${amount > 0 ? `是，${formatYuan(amount)}元` : '否'}`,
      `${f.certificate.level.nameEn} is subsidised: ${amount > 0 ? `yes, ¥${formatYuan(amount)}` : 'no'}`,
    ),
    withinClaimWindow(terms.rules.claimWithinMonths, f.certificate.issuedOn, f.onDay),
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
    rule(
      'certificateValid',
      f.certificate.status === 'VALID',
      `证书有效：${f.certificate.status === 'VALID' ? '是' : '否，已撤销'}`,
      `Certificate valid: ${f.certificate.status === 'VALID' ? 'yes' : 'no, revoked'}`,
    ),
    rule(
      'examFee',
      !!fee,
      fee
        ? `缴纳鉴定费${formatYuan(fee)}元：补贴${terms.amounts.feeSharePercent}%，不低于${formatYuan(terms.amounts.floorFen)}元，计${formatYuan(amount)}元`
        : '经考试取得并缴纳鉴定费：否',
      fee
        ? `Exam fee ¥${formatYuan(fee)}: ${terms.amounts.feeSharePercent}% with a floor of ¥${formatYuan(terms.amounts.floorFen)} gives ¥${formatYuan(amount)}`
        : 'Certificate from an exam with a fee paid: no',
    ),
    withinClaimWindow(terms.rules.claimWithinMonths, f.certificate.issuedOn, f.onDay),
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
    rule(
      'completed',
      completed,
      `完成培训并考核合格（${f.enrolment.courseTitle}）：${completed ? '是' : '否'}`,
      `Completed and passed (${f.enrolment.courseTitle}): ${completed ? 'yes' : 'no'}`,
    ),
    ...(completed ? [withinClaimWindow(terms.rules.claimWithinMonths, f.enrolment.completedOn!, f.onDay)] : []),
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
    rule(
      'stillEmployed',
      f.employedOnDueDay,
      `${isoDay(f.dueOn)}仍在养老护理岗位：${f.employedOnDueDay ? '是' : '否，已离职'}`,
      `Still in a care post on ${isoDay(f.dueOn)}: ${f.employedOnDueDay ? 'yes' : 'no, has left'}`,
    ),
    rule(
      'insuredMonths',
      f.insuredMonths >= needed,
      `社保缴费满${needed}个月：${f.insuredMonths >= needed ? '是' : '否'}，${f.insuredMonths}个月`,
      `${needed} insured months: ${f.insuredMonths >= needed ? 'yes' : 'no'}, ${f.insuredMonths}`,
    ),
  ];
  return { payable: rules.every((r) => r.met), rules };
}
