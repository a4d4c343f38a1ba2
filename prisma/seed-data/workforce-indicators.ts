import type { Tx } from '../../api/src/db/client.ts';
import type { WorkforceIndicator } from '../../api/src/generated/prisma/enums.ts';
import { monthEnd } from '../../api/src/modules/ratios/ratios.service.ts';
import { countWorkforce, snapshotOf } from '../../api/src/modules/ratios/workforce-counts.ts';
import type { SeedContext } from './domains.ts';

const S1 = '九江市基本养老服务体系建设方案（2023）';
const S2 = '浙江省养老服务发展“十四五”规划';
const S4 = '连云港市居家和社区养老服务改革试点方案';

/** Targets every region has unless its own are set: the milestones the seeds name (DOMAIN.md, "Workforce ratios"). */
const DEFAULT_TARGETS: { indicator: WorkforceIndicator; year: number; value: number; source: string }[] = [
  { indicator: 'CERTIFIED_PER_10K', year: 2020, value: 16, source: S2 },
  { indicator: 'CERTIFIED_PER_10K', year: 2022, value: 20, source: S2 },
  { indicator: 'CERTIFIED_PER_10K', year: 2025, value: 25, source: S2 },
  { indicator: 'SENIOR_SHARE', year: 2020, value: 0.13, source: S2 },
  { indicator: 'SENIOR_SHARE', year: 2022, value: 0.15, source: S2 },
  { indicator: 'SENIOR_SHARE', year: 2025, value: 0.18, source: S2 },
  { indicator: 'FIRST_AID_SHARE', year: 2025, value: 0.6, source: S2 },
  { indicator: 'TRAINING_COVERAGE', year: 2025, value: 1, source: S1 },
  { indicator: 'CERTIFIED_ON_JOB', year: 2025, value: 0.85, source: S4 },
  { indicator: 'SOCIAL_WORKERS_PER_10K', year: 2022, value: 20, source: S2 },
  { indicator: 'SOCIAL_WORKERS_PER_10K', year: 2025, value: 25, source: S2 },
];

/** Default targets, Zhejiang's own copy of its plan's ladder, and month-end snapshots for the last 24 months. */
export async function seedWorkforceIndicators(tx: Tx, ctx: SeedContext): Promise<void> {
  await tx.workforceTarget.createMany({ data: DEFAULT_TARGETS.map((t) => ({ ...t, regionId: null })) });
  const zhejiang = ctx.regionIds.get('330000')!;
  await tx.workforceTarget.createMany({ data: DEFAULT_TARGETS.filter((t) => t.source === S2).map((t) => ({ ...t, regionId: zhejiang })) });

  const regionIds = [...ctx.regionIds.values()];
  for (let back = 24; back >= 1; back--) {
    const onDate = monthEnd(new Date(Date.UTC(ctx.asOf.getUTCFullYear(), ctx.asOf.getUTCMonth() - back, 1)));
    const counts = await countWorkforce(onDate, regionIds, tx);
    await tx.workforceSnapshot.createMany({
      data: counts.map((c) => snapshotOf(c, onDate)),
    });
  }
}
