import type { Tx } from '../../api/src/db/client.ts';
import { monthEnd } from '../../api/src/shared/china-time.ts';

import { countWorkforce, snapshotOf } from '../../api/src/modules/workforce/workforce-counts.ts';
import type { SeedContext } from './domains.ts';
import { OWN_PLAN_REGIONS, PLAN_TARGETS } from '../reference/workforce-targets.ts';

/** The targets of the regions whose own plans set them (Zhejiang, Jiujiang, Lianyungang; the defaults are reference data), and month-end snapshots for the last 24 months. */
export async function seedWorkforceIndicators(tx: Tx, ctx: SeedContext): Promise<void> {
  for (const { code, plan } of OWN_PLAN_REGIONS) {
    const regionId = ctx.regionIds.get(code);
    const own = PLAN_TARGETS.find((p) => p.plan === plan)!.targets;
    if (regionId) await tx.workforceTarget.createMany({ data: own.map((t) => ({ ...t, source: plan, regionId })) });
  }

  const regionIds = [...ctx.regionIds.values()];
  for (let back = 24; back >= 1; back--) {
    const onDate = monthEnd(new Date(Date.UTC(ctx.asOf.getUTCFullYear(), ctx.asOf.getUTCMonth() - back, 1)));
    const counts = await countWorkforce(onDate, regionIds, tx);
    await tx.workforceSnapshot.createMany({
      data: counts.map((c) => snapshotOf(c, onDate)),
    });
  }
}
