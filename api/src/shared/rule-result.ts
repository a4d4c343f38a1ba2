import { builder } from '../graphql/builder.ts';
import { ErrorParam, paramList } from '../graphql/error-types.ts';
import type { ErrorParams } from '../graphql/errors.ts';
import { englishCondition } from '../graphql/rule-messages.ts';

/**
 * One condition of a rule as a code and its parameters (what the rule needs, what the person has):
 * the portal words it in Chinese or English from its dictionaries (`rule.CODE.met` / `.unmet`), and
 * other systems read the English of `graphql/rule-messages.ts`. No sentence is stored with a claim.
 */
export type RuleCondition = { code: string; met: boolean; params: ErrorParams };

/** One rule of a judgement (eligibility to sit a level, to receive a subsidy): met when all its conditions are. */
export type RuleResult = { ruleId: string; met: boolean; conditions: RuleCondition[] };

/** A rule of one condition, as most subsidy rules are. */
export const singleRule = (ruleId: string, met: boolean, code: string, params: ErrorParams = {}): RuleResult => ({
  ruleId,
  met,
  conditions: [{ code, met, params }],
});

/**
 * Rules judged before conditions were codes were stored as two sentences ({zh, en}); they read as one
 * LEGACY condition carrying those sentences, so a past decision keeps its reasons.
 */
const conditionsOf = (r: RuleResult & { zh?: string; en?: string }): RuleCondition[] =>
  r.conditions ?? (r.zh || r.en ? [{ code: 'LEGACY', met: r.met, params: { zh: r.zh ?? '', en: r.en ?? '' } }] : []);

const RuleConditionType = builder.objectRef<RuleCondition>('EligibilityCondition').implement({
  description: 'One condition of a rule, by code and parameters (limits, what the person has), for wording it.',
  fields: (t) => ({
    code: t.exposeString('code'),
    met: t.exposeBoolean('met'),
    params: t.field({ type: [ErrorParam], resolve: (c) => paramList(c.params) }),
    en: t.string({ description: 'The condition in English, for other systems.', resolve: (c) => englishCondition(c) }),
  }),
});

export const RuleResultType = builder.objectRef<RuleResult>('EligibilityRule').implement({
  fields: (t) => ({
    ruleId: t.exposeString('ruleId'),
    met: t.exposeBoolean('met'),
    conditions: t.field({ type: [RuleConditionType], resolve: conditionsOf }),
    en: t.string({
      description: 'What the rule needs and what the person has, in English, for other systems.',
      resolve: (r) => conditionsOf(r).map(englishCondition).join('; '),
    }),
  }),
});
