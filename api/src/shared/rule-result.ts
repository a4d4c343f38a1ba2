import { builder } from '../graphql/builder.ts';

/** One rule of a judgement (eligibility to sit a level, to receive a subsidy) and whether it is met. */
export type RuleResult = { ruleId: string; met: boolean; zh: string; en: string };

export const RuleResultType = builder.objectRef<RuleResult>('EligibilityRule').implement({
  fields: (t) => ({
    ruleId: t.exposeString('ruleId'),
    met: t.exposeBoolean('met'),
    zh: t.exposeString('zh', { description: 'What the rule needs and what the person has, in Chinese.' }),
    en: t.exposeString('en'),
  }),
});
