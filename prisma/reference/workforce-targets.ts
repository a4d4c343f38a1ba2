import type { WorkforceIndicator } from '../../api/src/generated/prisma/enums.ts';

export const PLAN_S1 = '九江市基本养老服务体系建设方案（2023）';
export const PLAN_S2 = '浙江省养老服务发展“十四五”规划';
export const PLAN_S4 = '连云港市居家和社区养老服务改革试点方案';

type Target = { indicator: WorkforceIndicator; year: number; value: number };

/** The milestones of each plan the seeds name (DOMAIN.md, "Workforce ratios"), by the plan that sets them. */
export const PLAN_TARGETS: { plan: string; targets: Target[] }[] = [
  {
    plan: PLAN_S2,
    targets: [
      { indicator: 'CERTIFIED_PER_10K', year: 2020, value: 16 },
      { indicator: 'CERTIFIED_PER_10K', year: 2022, value: 20 },
      { indicator: 'CERTIFIED_PER_10K', year: 2025, value: 25 },
      { indicator: 'SENIOR_SHARE', year: 2020, value: 0.13 },
      { indicator: 'SENIOR_SHARE', year: 2022, value: 0.15 },
      { indicator: 'SENIOR_SHARE', year: 2025, value: 0.18 },
      { indicator: 'FIRST_AID_SHARE', year: 2025, value: 0.6 },
      { indicator: 'SOCIAL_WORKERS_PER_10K', year: 2022, value: 20 },
      { indicator: 'SOCIAL_WORKERS_PER_10K', year: 2025, value: 25 },
    ],
  },
  // "到2025年底,全市养老院长和养老护理员培训上岗率达到100%"
  { plan: PLAN_S1, targets: [{ indicator: 'TRAINING_COVERAGE', year: 2025, value: 1 }] },
  { plan: PLAN_S4, targets: [{ indicator: 'CERTIFIED_ON_JOB', year: 2025, value: 0.85 }] },
];

/**
 * What a default target's source says: that it is the platform's default, applying where neither the
 * region nor a parent has set its own, and which plan it was taken from. A bureau reading a target
 * for Jiangxi must not take it for Jiangxi's own plan.
 */
export const defaultSource = (plan: string) => `平台默认目标（本地区及上级地区未设目标时适用），取自《${plan}》`;

/** Targets every region has unless its own are set. */
export const DEFAULT_TARGETS: (Target & { source: string })[] = PLAN_TARGETS.flatMap(({ plan, targets }) =>
  targets.map((t) => ({ ...t, source: defaultSource(plan) })),
);

/** The regions whose own plans the seeds hold, with the targets those plans set (each citing its own plan). */
export const OWN_PLAN_REGIONS: { code: string; plan: string }[] = [
  { code: '330000', plan: PLAN_S2 },
  { code: '360400', plan: PLAN_S1 },
  { code: '320700', plan: PLAN_S4 },
];
