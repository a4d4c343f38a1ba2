import type { Education } from '../../generated/prisma/enums.ts';
import type { RuleResult } from '../../shared/rule-result.ts';
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

const zhSpan = (months: number) =>
  (months >= 12 ? `${Math.floor(months / 12)}年` : '') + (months % 12 || months < 12 ? `${months % 12}个月` : '');
const enSpan = (months: number) => {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return [y ? `${y} year${y > 1 ? 's' : ''}` : '', m || !y ? `${m} month${m === 1 ? '' : 's'}` : ''].filter(Boolean).join(' ');
};
const EDUCATION_ZH: Record<Education, string> = {
  NONE: '未受教育',
  JUNIOR: '初中',
  SENIOR: '高中',
  SECONDARY_VOCATIONAL: '中职',
  COLLEGE: '大专',
  BACHELOR: '本科',
  MASTER_PLUS: '硕士及以上',
};

/**
 * Judges each entry rule of the level (any one suffices) and says, for each, what it needs and what the
 * person has: "needs 2 years of care work after level L5, has 1 year 4 months".
 */
export function judgeEligibility(level: LevelFacts, ranks: Map<string, number>, person: CandidateRecord, on: Date): Eligibility {
  const held = person.certificates.find((c) => c.rank >= (ranks.get(level.code) ?? Infinity) && c.issuedOn <= on);
  if (held) {
    return {
      eligible: false,
      levelCode: level.code,
      rules: [
        {
          ruleId: 'already-held',
          met: false,
          zh: `已持有${held.levelCode}证书，不需再考该等级`,
          en: `already holds ${held.levelCode}, this level or above`,
        },
      ],
    };
  }
  const rules = level.entryRules.map((rule): RuleResult => {
    const parts: { met: boolean; zh: string; en: string }[] = [];
    let since = new Date(0);
    if (rule.holdsLevel) {
      const needed = ranks.get(rule.holdsLevel) ?? Infinity;
      const held = person.certificates
        .filter((c) => c.rank >= needed && c.issuedOn <= on)
        .sort((a, b) => a.issuedOn.getTime() - b.issuedOn.getTime())[0];
      parts.push(
        held
          ? { met: true, zh: `持有${rule.holdsLevel}或以上证书`, en: `holds ${rule.holdsLevel} or above` }
          : { met: false, zh: `需持有${rule.holdsLevel}或以上证书，现无`, en: `needs a ${rule.holdsLevel} certificate or above, has none` },
      );
      if (held) since = held.issuedOn;
      if (rule.yearsAfterLevel) {
        const has = held ? monthsOfWork(person.employments, on, since) : 0;
        const need = rule.yearsAfterLevel * 12;
        parts.push({
          met: held !== undefined && has >= need,
          zh: `需取得${rule.holdsLevel}证书后从事护理工作满${zhSpan(need)}，现有${zhSpan(has)}`,
          en: `needs ${enSpan(need)} of care work after ${rule.holdsLevel}, has ${enSpan(has)}`,
        });
      }
    }
    if (rule.workYears) {
      const has = monthsOfWork(person.employments, on);
      const need = rule.workYears * 12;
      parts.push({
        met: has >= need,
        zh: `需累计从事护理工作满${zhSpan(need)}，现有${zhSpan(has)}`,
        en: `needs ${enSpan(need)} of care work in all, has ${enSpan(has)}`,
      });
    }
    if (rule.educationIn) {
      const met = rule.educationIn.includes(person.education);
      parts.push({
        met,
        zh: `需${rule.educationIn.map((e) => EDUCATION_ZH[e]).join('/')}学历，现为${EDUCATION_ZH[person.education]}`,
        en: `needs ${rule.educationIn.join(' / ').toLowerCase().replace(/_/g, ' ')} education, has ${person.education.toLowerCase().replace(/_/g, ' ')}`,
      });
    }
    if (!parts.length) parts.push({ met: true, zh: '无报考条件限制', en: 'open to anyone' });
    return {
      ruleId: rule.id,
      met: parts.every((p) => p.met),
      zh: parts.map((p) => p.zh).join('；'),
      en: parts.map((p) => p.en).join('; '),
    };
  });
  return { eligible: rules.some((r) => r.met), levelCode: level.code, rules };
}
