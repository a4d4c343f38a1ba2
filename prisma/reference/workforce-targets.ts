import type { WorkforceIndicator } from '../../api/src/generated/prisma/enums.ts';

export const PLAN_S1 = '九江市基本养老服务体系建设方案（2023）';
export const PLAN_S2 = '浙江省养老服务发展“十四五”规划';
export const PLAN_S4 = '连云港市居家和社区养老服务改革试点方案';

/** Targets every region has unless its own are set: the milestones the seeds name (DOMAIN.md, "Workforce ratios"). */
export const DEFAULT_TARGETS: { indicator: WorkforceIndicator; year: number; value: number; source: string }[] = [
  { indicator: 'CERTIFIED_PER_10K', year: 2020, value: 16, source: PLAN_S2 },
  { indicator: 'CERTIFIED_PER_10K', year: 2022, value: 20, source: PLAN_S2 },
  { indicator: 'CERTIFIED_PER_10K', year: 2025, value: 25, source: PLAN_S2 },
  { indicator: 'SENIOR_SHARE', year: 2020, value: 0.13, source: PLAN_S2 },
  { indicator: 'SENIOR_SHARE', year: 2022, value: 0.15, source: PLAN_S2 },
  { indicator: 'SENIOR_SHARE', year: 2025, value: 0.18, source: PLAN_S2 },
  { indicator: 'FIRST_AID_SHARE', year: 2025, value: 0.6, source: PLAN_S2 },
  { indicator: 'TRAINING_COVERAGE', year: 2025, value: 1, source: PLAN_S1 },
  { indicator: 'CERTIFIED_ON_JOB', year: 2025, value: 0.85, source: PLAN_S4 },
  { indicator: 'SOCIAL_WORKERS_PER_10K', year: 2022, value: 20, source: PLAN_S2 },
  { indicator: 'SOCIAL_WORKERS_PER_10K', year: 2025, value: 25, source: PLAN_S2 },
];
