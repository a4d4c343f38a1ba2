import pg from 'pg';
import { countWorkforce } from '../../api/src/modules/workforce/workforce-counts.ts';
import { prisma } from '../../api/src/db/client.ts';
import { AS_OF } from '../../prisma/seed-data/workforce.ts';
import type { Scenario } from './context.ts';
import { interleave, median, timed } from './timing.ts';
import { SESSION_SETTINGS } from '../../api/src/db/session-settings.ts';

/**
 * The hand-written baseline: one GROUP BY over the counties' institutions giving the same seven counts
 * and the population as the service (counties are leaves, so it needs no roll-up over ancestors, which
 * is the service's extra work: the same statement serves a province and its cities).
 */
const GROUP_BY = `
  WITH in_post AS (
    SELECT o."regionId", e."caregiverId", bool_or(e.post = 'CARE_WORKER') AS care, bool_or(e.post = 'DIRECTOR') AS director, bool_or(e.post = 'SOCIAL_WORKER') AS social
    FROM "Employment" e JOIN "Organisation" o ON o.id = e."institutionId"
    WHERE o."regionId" = ANY($2::uuid[]) AND e."startDate" <= $1::date AND (e."endDate" IS NULL OR e."endDate" >= $1::date)
    GROUP BY 1, 2
  ), top_level AS (
    SELECT c."caregiverId", max(l.rank) AS rank FROM "Certificate" c JOIN "SkillLevel" l ON l.id = c."levelId"
    WHERE c.status = 'VALID' AND c."issuedOn" <= $1::date AND (c."expiresOn" IS NULL OR c."expiresOn" > $1::date)
    GROUP BY 1
  ), first_aid AS (
    SELECT DISTINCT "caregiverId" FROM "FirstAidCertificate" WHERE "issuedOn" <= $1::date AND "expiresOn" >= $1::date
  ), trained AS (
    SELECT DISTINCT "caregiverId" FROM "Enrolment" WHERE status = 'COMPLETED' AND "completedOn" <= $1::date
  ), population AS (
    SELECT DISTINCT ON ("regionId") "regionId", count FROM "ElderlyPopulationStat"
    WHERE "regionId" = ANY($2::uuid[]) AND "ageBand" = 'AGE_60_PLUS' AND basis = 'RESIDENT' AND year <= extract(year FROM $1::date)
    ORDER BY "regionId", year DESC, "createdAt" DESC
  )
  SELECT p."regionId",
    count(*) FILTER (WHERE p.care)::int AS care,
    count(*) FILTER (WHERE p.care AND tl.rank IS NOT NULL)::int AS certified,
    count(*) FILTER (WHERE p.care AND tl.rank >= (SELECT rank FROM "SkillLevel" WHERE code = 'L3'))::int AS senior,
    count(*) FILTER (WHERE p.care AND tl.rank IS NOT NULL AND fa."caregiverId" IS NOT NULL)::int AS "firstAid",
    count(*) FILTER (WHERE p.care OR p.director)::int AS "trainingBase",
    count(*) FILTER (WHERE (p.care OR p.director) AND tr."caregiverId" IS NOT NULL)::int AS trained,
    count(*) FILTER (WHERE p.social)::int AS social,
    min(pop.count) AS population
  FROM in_post p
  LEFT JOIN top_level tl ON tl."caregiverId" = p."caregiverId"
  LEFT JOIN first_aid fa ON fa."caregiverId" = p."caregiverId"
  LEFT JOIN trained tr ON tr."caregiverId" = p."caregiverId"
  LEFT JOIN population pop ON pop."regionId" = p."regionId"
  GROUP BY 1`;

const DASHBOARD = `query Dashboard($code: String!) { workforce(regionCode: $code) { figures { counts { certified } } children { counts { certified } } } }`;

type Counted = {
  regionId: string;
  care: number;
  certified: number;
  senior: number;
  firstAid: number;
  trainingBase: number;
  trained: number;
  social: number;
  population: number | null;
};

/** Scenario 3: workforce indicators over every county of the data (~3,000) vs one GROUP BY. */
export const indicatorsScenario: Scenario = async (ctx) => {
  const counties = await prisma.region.findMany({ where: { level: 'COUNTY' }, select: { id: true } });
  const ids = counties.map((c) => c.id);
  const day = AS_OF.toISOString().slice(0, 10);
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, options: SESSION_SETTINGS });
  try {
    const app = async (): Promise<Counted[]> =>
      (await countWorkforce(AS_OF, ids)).map((c) => ({
        regionId: c.regionId,
        care: c.careWorkersInPost,
        certified: c.certified,
        senior: c.senior,
        firstAid: c.firstAid,
        trainingBase: c.trainingBase,
        trained: c.trained,
        social: c.socialWorkers,
        population: c.population,
      }));
    const hand = async () => (await pool.query<Counted>(GROUP_BY, [day, ids])).rows;
    const byRegion = (rows: Counted[]) =>
      new Map(
        rows
          .filter((r) => r.care || r.social || r.trainingBase)
          .map((r) => [
            r.regionId,
            [r.care, r.certified, r.senior, r.firstAid, r.trainingBase, r.trained, r.social, r.population].join('/'),
          ]),
      );
    const [a, b] = [byRegion(await app()), byRegion(await hand())];
    const differing = [...a].filter(([id, v]) => b.get(id) !== v).length + [...b].filter(([id]) => !a.has(id)).length;
    if (differing) throw new Error(`indicators: ${differing} counties differ between countWorkforce and the GROUP BY`);

    const serviceStatements = await ctx.countStatements(app);
    const province = await prisma.region.findFirstOrThrow({ where: { level: 'PROVINCE', code: '130000' }, select: { code: true } });
    const dashboardStatements = await ctx.countStatements(() => ctx.gqlInProcess(DASHBOARD, { code: province.code }));
    const runs = await interleave(
      ctx.repeats,
      () => timed(app),
      () => timed(hand),
    );
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
      {
        scenario: `3 indicators, ${ids.length} counties`,
        metric: 'p50 time',
        a: p50A,
        b: p50B,
        unit: 'ms',
        target: '≤ 1.3×',
        met: p50A / p50B <= 1.3,
        note: 'same seven counts and population; A also rolls each employment up to every ancestor',
      },
    ];
  } finally {
    await pool.end();
  }
};
