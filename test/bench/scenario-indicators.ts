import pg from 'pg';
import { countWorkforce } from '../../api/src/modules/ratios/workforce-counts.ts';
import { prisma } from '../../api/src/db/client.ts';
import { AS_OF } from '../../prisma/seed-data/workforce.ts';
import type { Scenario } from './context.ts';
import { interleave, median, timed } from './timing.ts';

/**
 * The hand-written baseline: one GROUP BY over the counties' institutions (counties are leaves, so no
 * roll-up over ancestors is needed), counting people in post, certified care workers and social workers.
 */
const GROUP_BY = `
  WITH in_post AS (
    SELECT o."regionId", e."caregiverId", bool_or(e.post = 'CARE_WORKER') AS care, bool_or(e.post = 'SOCIAL_WORKER') AS social
    FROM "Employment" e JOIN "Organisation" o ON o.id = e."institutionId"
    WHERE o."regionId" = ANY($2::uuid[]) AND e."startDate" <= $1::date AND (e."endDate" IS NULL OR e."endDate" >= $1::date)
    GROUP BY 1, 2
  ), certified AS (
    SELECT DISTINCT "caregiverId" FROM "Certificate"
    WHERE status = 'VALID' AND "issuedOn" <= $1::date AND ("expiresOn" IS NULL OR "expiresOn" > $1::date)
  )
  SELECT p."regionId", count(*) FILTER (WHERE p.care)::int AS care, count(*) FILTER (WHERE p.care AND c."caregiverId" IS NOT NULL)::int AS certified,
    count(*) FILTER (WHERE p.social)::int AS social
  FROM in_post p LEFT JOIN certified c USING ("caregiverId") GROUP BY 1`;

const DASHBOARD = `query Dashboard($code: String!) { workforce(regionCode: $code) { figures { counts { certified } } children { counts { certified } } } }`;

type Counted = { regionId: string; care: number; certified: number; social: number };

/** Scenario 3: workforce indicators over every county of the data (~3,000) vs one GROUP BY. */
export const indicatorsScenario: Scenario = async (ctx) => {
  const counties = await prisma.region.findMany({ where: { level: 'COUNTY' }, select: { id: true } });
  const ids = counties.map((c) => c.id);
  const day = AS_OF.toISOString().slice(0, 10);
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  try {
    const app = async () => (await countWorkforce(AS_OF, ids)).map((c) => ({ regionId: c.regionId, care: c.careWorkersInPost, certified: c.certified, social: c.socialWorkers }));
    const hand = async () => (await pool.query<Counted>(GROUP_BY, [day, ids])).rows;
    const byRegion = (rows: Counted[]) => new Map(rows.filter((r) => r.care || r.social).map((r) => [r.regionId, `${r.care}/${r.certified}/${r.social}`]));
    const [a, b] = [byRegion(await app()), byRegion(await hand())];
    const differing = [...a].filter(([id, v]) => b.get(id) !== v).length + [...b].filter(([id]) => !a.has(id)).length;
    if (differing) throw new Error(`indicators: ${differing} counties differ between countWorkforce and the GROUP BY`);

    const serviceStatements = await ctx.countStatements(app);
    const province = await prisma.region.findFirstOrThrow({ where: { level: 'PROVINCE', code: '130000' }, select: { code: true } });
    const dashboardStatements = await ctx.countStatements(() => ctx.gqlInProcess(DASHBOARD, { code: province.code }));
    const runs = await interleave(ctx.repeats, () => timed(app), () => timed(hand));
    const [p50A, p50B] = [median(runs.a), median(runs.b)];
    return [
      {
        scenario: `3 indicators, ${ids.length} counties`,
        metric: 'SQL statements',
        a: serviceStatements,
        b: 1,
        unit: '',
        target: 'a handful',
        met: serviceStatements <= 5,
        note: `GraphQL dashboard of a province: ${dashboardStatements} (session, region, lineage, counts, targets); counts equal for ${a.size} counties`,
      },
      { scenario: `3 indicators, ${ids.length} counties`, metric: 'p50 time', a: p50A, b: p50B, unit: 'ms', target: '≤ 1.3×', met: p50A / p50B <= 1.3, note: 'A also counts senior, first aid, training, population' },
    ];
  } finally {
    await pool.end();
  }
};
