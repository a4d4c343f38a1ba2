import type { ErrorParams } from './errors.ts';

/**
 * English words for the conditions of eligibility rules (claims, exam entry, instalments), for other
 * systems reading `EligibilityRule.en`. The portal words the same codes in its own dictionaries
 * (web/src/lib/i18n/rules.ts); services only pick a code and its parameters.
 */
type Words = (p: ErrorParams, met: boolean) => string;

const yes = (met: boolean, no = 'no') => (met ? 'yes' : no);
const words = (value: string | number | undefined) =>
  String(value ?? '')
    .toLowerCase()
    .replace(/_/g, ' ');

/** A span of whole months as "1 year 4 months". */
export function englishSpan(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return [y ? `${y} year${y > 1 ? 's' : ''}` : '', m || !y ? `${m} month${m === 1 ? '' : 's'}` : ''].filter(Boolean).join(' ');
}

const conditions: Record<string, Words> = {
  // post subsidy
  CARE_POST: (_, met) => `Care-worker post: ${yes(met)}`,
  CONTRACT_FULL_TIME: (p, met) =>
    `Labour contract, full time: ${met ? 'yes' : `no (${words(p.contractType)}${p.workTime === 'PART_TIME' ? ', part time' : ''})`}`,
  MONTHS_IN_POST: (p, met) => `${p.min} months in post: ${yes(met, `no, ${p.months}`)}`,
  LEVEL_HELD_BEFORE_MONTH: (p, met) => (met ? `Valid certificate: ${p.level} (held before the 1st)` : `${p.level} is not subsidised`),
  NO_LEVEL_BEFORE_MONTH: () => 'Valid certificate held before the 1st of the month: no',
  ATTENDANCE_DAYS: (p, met) => `≥${p.min} attendance days in ${p.month}: ${yes(met)}, ${p.days}`,
  ROSTER_NOT_CONFIRMED: (p) => `Roster for ${p.month} not confirmed`,
  INSURANCE_PAID_MONTH: (p, met) => `Social insurance paid for ${p.month}: ${yes(met)}`,
  NO_LIABILITY_INCIDENT: (_, met) => `No liability incident: ${yes(met, 'no, one this month')}`,
  NOT_BLACKLISTED: (p, met) => `Not on the credit blacklist: ${yes(met, `no (until ${p.until})`)}`,
  BLACKLISTED_NO_END: () => 'Not on the credit blacklist: no (no end date)',
  NO_POLICY_FOR_MONTH: () => 'No post-subsidy policy in force for this region and month',
  // onboarding award
  EDUCATION_QUALIFIES: (p, met) => `Qualifying education (secondary vocational or above): ${yes(met)}${met ? `, ¥${p.amountYuan}` : ''}`,
  GRADUATED_WITHIN: (p, met) =>
    `Started within ${p.years} years of graduating: ${yes(met)} (graduated ${p.graduatedOn}, started ${p.startedOn})`,
  GRADUATION_NOT_GIVEN: () => 'Graduation day: not given',
  IN_CARE_POST_NOW: (_, met) => `In a care-worker post now: ${yes(met)}`,
  CONTRACT_YEARS: (p, met) => `Contract of ${p.min}+ years: ${yes(met, `no, ${p.years}`)}`,
  CONTRACT_END_NOT_RECORDED: (p) => `Contract of ${p.min}+ years: no, contract end not recorded`,
  INSURANCE_PAID: (_, met) => `Social insurance paid: ${yes(met, 'no, not for the latest month')}`,
  NO_INSURANCE_RECORD: () => 'Social insurance paid: no record',
  // certificate and training subsidies
  CLAIM_WINDOW_CERTIFICATE: (p, met) => `Claimed within ${p.months} months of the certificate: ${yes(met)} (issued ${p.from})`,
  CLAIM_WINDOW_COURSE: (p, met) => `Claimed within ${p.months} months of completing the course: ${yes(met)} (completed ${p.from})`,
  CERTIFICATE_VALID: (_, met) => `Certificate valid: ${yes(met, 'no, revoked')}`,
  LEVEL_SUBSIDISED: (p, met) => `${p.level} is subsidised: ${yes(met)}${met ? `, ¥${p.amountYuan}` : ''}`,
  EXAM_FEE_SHARE: (p) => `Exam fee ¥${p.feeYuan}: ${p.percent}% with a floor of ¥${p.floorYuan} gives ¥${p.amountYuan}`,
  NO_EXAM_FEE: () => 'Certificate from an exam with a fee paid: no',
  COURSE_COMPLETED: (p, met) => `Completed and passed (${p.course}): ${yes(met)}`,
  // onboarding instalments
  STILL_EMPLOYED_ON: (p, met) => `Still in a care post on ${p.dueOn}: ${yes(met, 'no, has left')}`,
  INSURED_MONTHS: (p, met) => `${p.needed} insured months: ${yes(met)}, ${p.months}`,
  // exam entry
  ALREADY_HOLDS: (p) => `already holds ${p.level}, this level or above`,
  HOLDS_LEVEL: (p, met) => (met ? `holds ${p.level} or above` : `needs a ${p.level} certificate or above, has none`),
  WORK_AFTER_LEVEL: (p) =>
    `needs ${englishSpan(Number(p.needMonths))} of care work after ${p.level}, has ${englishSpan(Number(p.hasMonths))}`,
  WORK_YEARS: (p) => `needs ${englishSpan(Number(p.needMonths))} of care work in all, has ${englishSpan(Number(p.hasMonths))}`,
  EDUCATION_IN: (p) => `needs ${String(p.educationIn).split(',').map(words).join(' / ')} education, has ${words(p.education)}`,
  OPEN_TO_ANYONE: () => 'open to anyone',
  // a rule judged before conditions were codes: the English sentence stored with it
  LEGACY: (p) => String(p.en),
};

export const englishCondition = (c: { code: string; met: boolean; params: ErrorParams }): string =>
  conditions[c.code]?.(c.params ?? {}, c.met) ?? c.code.toLowerCase().replace(/_/g, ' ');

export const conditionCodes = (): string[] => Object.keys(conditions);
