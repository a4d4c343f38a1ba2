import type { Education } from '../../generated/prisma/enums.ts';
import type { RuleCondition, RuleResult } from '../../shared/rule-result.ts';
import { DAY_MS } from '../../shared/china-time.ts';

/**
 * One way into a level (SkillLevel.entryRules holds a list; meeting every condition of any one rule
 * qualifies):
 * - `holdsLevel`: a valid certificate at this level code or above;
 * - `yearsAfterLevel`: years of care work since that certificate was issued (needs `holdsLevel`);
 * - `workYears`: years of care work in all (overlapping jobs counted once);
 * - `educationIn`: highest education is one of these.
 */
export type EntryRule = {
  id: string;
  holdsLevel?: string;
  yearsAfterLevel?: number;
  workYears?: number;
  educationIn?: Education[];
};

/** What eligibility is judged on, read from the person's records. */
export type CandidateRecord = {
  education: Education;
  /** Care work (care worker or director posts): start and end (null = still in post). */
  employments: { startDate: Date; endDate: Date | null }[];
  /** Valid certificates with their level's code and rank. */
  certificates: { levelCode: string; rank: number; issuedOn: Date }[];
};

export type LevelFacts = { code: string; nameZh: string; nameEn: string; entryRules: EntryRule[] };

export type Eligibility = { eligible: boolean; levelCode: string; rules: RuleResult[] };

/** A month of service is 30.44 days on average; years are counted in whole months. */
const MONTH_DAYS = 365.25 / 12;

/** Whole months of care work between `from` and `on`, overlapping jobs counted once. */
export function monthsOfWork(employments: CandidateRecord['employments'], on: Date, from = new Date(0)): number {
  const spans = employments
    .map(
      (e) =>
        [Math.max(e.startDate.getTime(), from.getTime()), Math.min((e.endDate ?? on).getTime() + DAY_MS, on.getTime() + DAY_MS)] as const,
    )
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let days = 0;
  let reach = -Infinity;
  for (const [start, end] of spans) {
    if (end <= reach) continue;
    days += (end - Math.max(start, reach)) / DAY_MS;
    reach = end;
  }
  return Math.floor(days / MONTH_DAYS + 1e-9);
}

/**
 * Judges each entry rule of the level (any one suffices) and says, for each, what it needs and what the
 * person has, as codes with parameters (WORK_AFTER_LEVEL: needs 24 months after L5, has 16).
 */
export function judgeEligibility(level: LevelFacts, ranks: Map<string, number>, person: CandidateRecord, on: Date): Eligibility {
  const held = person.certificates.find((c) => c.rank >= (ranks.get(level.code) ?? Infinity) && c.issuedOn <= on);
  if (held) {
    return {
      eligible: false,
      levelCode: level.code,
      rules: [
        { ruleId: 'already-held', met: false, conditions: [{ code: 'ALREADY_HOLDS', met: false, params: { level: held.levelCode } }] },
      ],
    };
  }
  const rules = level.entryRules.map((rule): RuleResult => {
    const conditions: RuleCondition[] = [];
    let since = new Date(0);
    if (rule.holdsLevel) {
      const needed = ranks.get(rule.holdsLevel) ?? Infinity;
      const held = person.certificates
        .filter((c) => c.rank >= needed && c.issuedOn <= on)
        .sort((a, b) => a.issuedOn.getTime() - b.issuedOn.getTime())[0];
      conditions.push({ code: 'HOLDS_LEVEL', met: held !== undefined, params: { level: rule.holdsLevel } });
      if (held) since = held.issuedOn;
      if (rule.yearsAfterLevel) {
        const has = held ? monthsOfWork(person.employments, on, since) : 0;
        const need = rule.yearsAfterLevel * 12;
        conditions.push({
          code: 'WORK_AFTER_LEVEL',
          met: held !== undefined && has >= need,
          params: { level: rule.holdsLevel, needMonths: need, hasMonths: has },
        });
      }
    }
    if (rule.workYears) {
      const has = monthsOfWork(person.employments, on);
      const need = rule.workYears * 12;
      conditions.push({ code: 'WORK_YEARS', met: has >= need, params: { needMonths: need, hasMonths: has } });
    }
    if (rule.educationIn) {
      conditions.push({
        code: 'EDUCATION_IN',
        met: rule.educationIn.includes(person.education),
        params: { educationIn: rule.educationIn.join(','), education: person.education },
      });
    }
    if (!conditions.length) conditions.push({ code: 'OPEN_TO_ANYONE', met: true, params: {} });
    return { ruleId: rule.id, met: conditions.every((c) => c.met), conditions };
  });
  return { eligible: rules.some((r) => r.met), levelCode: level.code, rules };
}
