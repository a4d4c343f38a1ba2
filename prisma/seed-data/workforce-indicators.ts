import type { Tx } from '../../api/src/db/client.ts';
import { monthEnd } from '../../api/src/shared/china-time.ts';

import { countWorkforce, snapshotOf } from '../../api/src/modules/workforce/workforce-counts.ts';
import type { SeedContext } from './domains.ts';
import { DEFAULT_TARGETS, PLAN_S2 } from '../reference/workforce-targets.ts';

/** Zhejiang's own copy of its plan's ladder (the defaults are reference data), and month-end snapshots for the last 24 months. */
export async function seedWorkforceIndicators(tx: Tx, ctx: SeedContext): Promise<void> {
  const zhejiang = ctx.regionIds.get('330000')!;
  await tx.workforceTarget.createMany({
    data: DEFAULT_TARGETS.filter((t) => t.source === PLAN_S2).map((t) => ({ ...t, regionId: zhejiang })),
  });

  const regionIds = [...ctx.regionIds.values()];
  for (let back = 24; back >= 1; back--) {
    const onDate = monthEnd(new Date(Date.UTC(ctx.asOf.getUTCFullYear(), ctx.asOf.getUTCMonth() - back, 1)));
    const counts = await countWorkforce(onDate, regionIds, tx);
    await tx.workforceSnapshot.createMany({
      data: counts.map((c) => snapshotOf(c, onDate)),
    });
  }
}
