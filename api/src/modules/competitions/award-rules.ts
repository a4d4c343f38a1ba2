import { z } from 'zod';

/**
 * One award rule of a competition (Competition.awardRules holds a list; ranks fromRank..toRank inclusive):
 * - `title`: the honour conferred, e.g. 技术能手;
 * - `promoteTo`: the level code whose certificate is issued;
 * - `ifHolds`: entrants already holding `holds` (or above) are promoted to `promoteTo` instead, e.g.
 *   技师 holders become 高级技师; the entry with the most senior `holds` the entrant meets applies.
 * Someone who already holds the awarded level or a higher one keeps the title and gets no certificate.
 */
export type AwardRule = {
  id: string;
  fromRank: number;
  toRank: number;
  title?: string | null;
  promoteTo?: string | null;
  ifHolds?: { holds: string; promoteTo: string }[];
};

/**
 * Jiangxi's 2022 provincial contest (DOMAIN.md "Competitions"): ranks 1-3 earn 技术能手 and a 技师
 * certificate (高级技师 if already 技师); ranks 4-10 earn a 高级工 certificate.
 */
export const DEFAULT_AWARD_RULES: readonly AwardRule[] = [
  { id: 'top3', fromRank: 1, toRank: 3, title: '技术能手', promoteTo: 'L2', ifHolds: [{ holds: 'L2', promoteTo: 'L1' }] },
  { id: 'top10', fromRank: 4, toRank: 10, title: null, promoteTo: 'L3' },
];

export type CompetitionTierCode = 'COUNTY' | 'CITY' | 'PROVINCE' | 'NATIONAL';

/**
 * Fewest entrants and rounds a competition needs before it may promote anyone a level (assumed
 * defaults, not from the seeds: a contest of a handful of people proves too little for a
 * certificate, and higher tiers hold preliminaries). Copied onto each competition when it is created,
 * where the bureau may set others.
 */
export const DEFAULT_PROMOTION_MINIMUMS: Readonly<Record<CompetitionTierCode, { entrants: number; rounds: number }>> = {
  COUNTY: { entrants: 8, rounds: 1 },
  CITY: { entrants: 10, rounds: 1 },
  PROVINCE: { entrants: 15, rounds: 2 },
  NATIONAL: { entrants: 20, rounds: 2 },
};

const ZLevelCode = z.string().trim().min(1).max(30);

export const ZAwardRule = z
  .object({
    id: z.string().trim().min(1, 'name the rule').max(40),
    fromRank: z.number().int('must be a whole number').min(1, 'ranks start at 1'),
    toRank: z.number().int('must be a whole number').min(1, 'ranks start at 1').max(10_000),
    title: z.string().trim().min(2).max(40).nullish(),
    promoteTo: ZLevelCode.nullish(),
    ifHolds: z
      .array(z.object({ holds: ZLevelCode, promoteTo: ZLevelCode }))
      .max(10)
      .nullish(),
  })
  .refine((r) => r.toRank >= r.fromRank, { path: ['toRank'], message: 'must not be below fromRank' })
  .refine((r) => r.title || r.promoteTo || r.ifHolds?.length, { path: ['title'], message: 'a rule must award a title or a level' });

export const ZAwardRules = z
  .array(ZAwardRule)
  .min(1, 'give at least one award rule')
  .max(20)
  .superRefine((rules, ctx) => {
    const sorted = rules.map((r, i) => ({ ...r, i })).sort((a, b) => a.fromRank - b.fromRank);
    for (let k = 1; k < sorted.length; k++) {
      if (sorted[k]!.fromRank <= sorted[k - 1]!.toRank)
        ctx.addIssue({ code: 'custom', path: [sorted[k]!.i, 'fromRank'], message: `overlaps rule ${sorted[k - 1]!.id}` });
    }
    if (new Set(rules.map((r) => r.id)).size !== rules.length)
      ctx.addIssue({ code: 'custom', path: [], message: 'rule ids must be unique' });
  });

/** Every level code a rule list names (to check they exist). */
export const levelCodesOf = (rules: readonly AwardRule[]) => [
  ...new Set(
    rules.flatMap((r) => [r.promoteTo, ...(r.ifHolds ?? []).flatMap((h) => [h.holds, h.promoteTo])].filter((c): c is string => !!c)),
  ),
];

export type Award =
  | { outcome: 'NONE'; ruleId: null; title: null; levelCode: null }
  | {
      outcome: 'TITLE_ONLY' | 'ALREADY_HOLDS' | 'PROMOTED' | 'BLACKLISTED';
      ruleId: string;
      title: string | null;
      levelCode: string | null;
    };

/**
 * What a rank earns. `heldRank` is the rank (seniority) of the highest valid level the entrant holds on
 * the day of approval (null: none); `ranks` maps level codes to their seniority. A blacklisted entrant
 * gets nothing, the rule still named so the record says what was withheld.
 */
export function awardFor(
  rank: number,
  rules: readonly AwardRule[],
  ranks: ReadonlyMap<string, number>,
  heldRank: number | null,
  blacklisted = false,
): Award {
  const rule = rules.find((r) => rank >= r.fromRank && rank <= r.toRank);
  if (!rule) return { outcome: 'NONE', ruleId: null, title: null, levelCode: null };
  const held = heldRank ?? -Infinity;
  const alternative = (rule.ifHolds ?? [])
    .filter((h) => held >= (ranks.get(h.holds) ?? Infinity))
    .sort((a, b) => (ranks.get(b.holds) ?? 0) - (ranks.get(a.holds) ?? 0))[0];
  const levelCode = alternative?.promoteTo ?? rule.promoteTo ?? null;
  const title = rule.title ?? null;
  if (blacklisted) return { outcome: 'BLACKLISTED', ruleId: rule.id, title: null, levelCode };
  if (!levelCode) return { outcome: 'TITLE_ONLY', ruleId: rule.id, title, levelCode: null };
  if (held >= (ranks.get(levelCode) ?? Infinity)) return { outcome: 'ALREADY_HOLDS', ruleId: rule.id, title, levelCode };
  return { outcome: 'PROMOTED', ruleId: rule.id, title, levelCode };
}

/** A score of at most two decimals as whole hundredths, so ranking never compares floats. */
export const hundredths = (score: number | string) => Math.round(Number(score) * 100);

/** The weighted total in ten-thousandths: two-decimal scores times whole-percent weights are exact there. */
export const totalOf = (theoryHundredths: number, practicalHundredths: number, theoryWeight: number) =>
  theoryHundredths * theoryWeight + practicalHundredths * (100 - theoryWeight);

/** Ten-thousandths as the DECIMAL(7,4) text Postgres stores exactly, e.g. 9125 → "0.9125". */
export const decimal4 = (tenThousandths: number) =>
  `${Math.trunc(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`;

export type Scored = { id: string; total: number; practical: number; theory: number };

/**
 * Ranks by total, then practical score (the skills part decides a tie, as contest rules usually say),
 * then theory. Entrants equal on all three share a rank and the next rank is skipped (1, 2, 2, 4): the
 * result never depends on registration order, and both tied entrants fall under the same award rule.
 */
export function rankEntries(entries: readonly Scored[]): Map<string, number> {
  const better = (a: Scored, b: Scored) => a.total - b.total || a.practical - b.practical || a.theory - b.theory;
  const sorted = [...entries].sort((a, b) => better(b, a));
  const ranks = new Map<string, number>();
  sorted.forEach((entry, i) => {
    const previous = sorted[i - 1];
    ranks.set(entry.id, previous && better(previous, entry) === 0 ? ranks.get(previous.id)! : i + 1);
  });
  return ranks;
}
