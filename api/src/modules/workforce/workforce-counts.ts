import type { Tx } from '../../db/client.ts';
import { prisma } from '../../db/client.ts';
import { POPULATION } from './indicator-definitions.ts';

/** The counts behind every indicator for one region's whole subtree on one day. */
export type WorkforceCounts = {
  regionId: string;
  careWorkersInPost: number;
  certified: number;
  senior: number;
  firstAid: number;
  trainingBase: number;
  trained: number;
  socialWorkers: number;
  population: number | null;
  populationYear: number | null;
  /**
   * Where the population comes from (live figures only): the region's own figure, or, when it has none,
   * the sum of its child regions' figures of the latest year any of them has, with how many children
   * lack a figure for that year (the sum then undercounts).
   */
  populationFrom?: 'OWN' | 'CHILDREN_SUM' | null;
  populationChildrenMissing?: number | null;
};

type Db = Pick<Tx, '$queryRaw'>;

/** A month-end snapshot row of counts, with the population's definition; where the population came from is for live figures only. */
export function snapshotOf({ populationFrom: _from, populationChildrenMissing: _missing, ...counts }: WorkforceCounts, onDate: Date) {
  const defined = counts.population !== null;
  return { ...counts, onDate, populationBasis: defined ? POPULATION.basis : null, populationAgeBand: defined ? POPULATION.ageBand : null };
}

/**
 * Counts for many regions at once, in one statement whatever their number: each employment in post is
 * attributed to every ancestor of its institution's region (from the materialised path), then people
 * are counted distinctly per region. A person employed in two institutions of one region counts once
 * there; employed in two different counties, once in each county and once in their common city.
 * Revoked certificates never count; a level certificate counts from its issue day until it expires.
 */
export async function countWorkforce(onDate: Date, regionIds: string[], db: Db = prisma): Promise<WorkforceCounts[]> {
  if (!regionIds.length) return [];
  const rows = await db.$queryRaw<
    {
      regionId: string;
      careWorkersInPost: bigint;
      certified: bigint;
      senior: bigint;
      firstAid: bigint;
      trainingBase: bigint;
      trained: bigint;
      socialWorkers: bigint;
      population: number | null;
      populationYear: number | null;
      populationFrom: 'OWN' | 'CHILDREN_SUM' | null;
      populationChildrenMissing: number | null;
    }[]
  >`
    WITH target AS (
      -- Joined, not \`id = ANY(array)\`: that tests every region against the whole array (3,000 x 3,000).
      SELECT r.id, r.path FROM "Region" r JOIN unnest(${regionIds}::uuid[]) AS wanted(id) ON wanted.id = r.id
    ), senior_rank AS (
      SELECT rank FROM "SkillLevel" WHERE code = 'L3'
    ), in_post AS (
      SELECT t.id AS region_id, e."caregiverId",
             bool_or(e.post = 'CARE_WORKER') AS care,
             bool_or(e.post = 'DIRECTOR') AS director,
             bool_or(e.post = 'SOCIAL_WORKER') AS social
      FROM "Employment" e
      JOIN "Organisation" o ON o.id = e."institutionId"
      JOIN "Region" r ON r.id = o."regionId"
      -- A path has at most four codes (province/city/county/township). A constant series lets the
      -- planner see three or four ancestors per row; generate_series(1, cardinality(...)) is guessed
      -- at 1,000, and the over-estimate made it spill hash tables to disk (15x slower at 3,000 regions).
      CROSS JOIN LATERAL (
        SELECT array_to_string((string_to_array(r.path, '/'))[1:i], '/') AS path
        FROM generate_series(1, 4) AS i
        WHERE i <= cardinality(string_to_array(r.path, '/'))
      ) ancestor
      JOIN target t ON t.path = ancestor.path
      WHERE e."startDate" <= ${onDate}::date AND (e."endDate" IS NULL OR e."endDate" >= ${onDate}::date)
      GROUP BY t.id, e."caregiverId"
    ), people AS (
      -- Read from the tables again rather than with SELECT DISTINCT over in_post: the planner guesses a
      -- DISTINCT over a CTE at 200 rows and then probes the certificate, first-aid and course indexes
      -- once per person (500,000 probes each at national scale); from the tables it knows the numbers
      -- and hashes.
      SELECT DISTINCT e."caregiverId"
      FROM "Employment" e
      JOIN "Organisation" o ON o.id = e."institutionId"
      JOIN "Region" r ON r.id = o."regionId"
      CROSS JOIN LATERAL (
        SELECT array_to_string((string_to_array(r.path, '/'))[1:i], '/') AS path
        FROM generate_series(1, 4) AS i
        WHERE i <= cardinality(string_to_array(r.path, '/'))
      ) ancestor
      WHERE ancestor.path IN (SELECT path FROM target)
        AND e."startDate" <= ${onDate}::date AND (e."endDate" IS NULL OR e."endDate" >= ${onDate}::date)
    ), top_level AS (
      SELECT c."caregiverId", max(l.rank) AS rank
      FROM people p JOIN "Certificate" c ON c."caregiverId" = p."caregiverId" JOIN "SkillLevel" l ON l.id = c."levelId"
      WHERE c.status = 'VALID' AND c."issuedOn" <= ${onDate}::date AND (c."expiresOn" IS NULL OR c."expiresOn" > ${onDate}::date)
      GROUP BY c."caregiverId"
    ), first_aid AS (
      SELECT DISTINCT f."caregiverId" FROM people p JOIN "FirstAidCertificate" f ON f."caregiverId" = p."caregiverId"
      WHERE f."issuedOn" <= ${onDate}::date AND f."expiresOn" >= ${onDate}::date
    ), trained AS (
      SELECT DISTINCT en."caregiverId" FROM people p JOIN "Enrolment" en ON en."caregiverId" = p."caregiverId"
      WHERE en.status = 'COMPLETED' AND en."completedOn" <= ${onDate}::date
    ), counts AS (
      SELECT p.region_id,
        count(*) FILTER (WHERE p.care) AS "careWorkersInPost",
        count(*) FILTER (WHERE p.care AND tl.rank IS NOT NULL) AS certified,
        count(*) FILTER (WHERE p.care AND tl.rank >= (SELECT rank FROM senior_rank)) AS senior,
        count(*) FILTER (WHERE p.care AND tl.rank IS NOT NULL AND fa."caregiverId" IS NOT NULL) AS "firstAid",
        count(*) FILTER (WHERE p.care OR p.director) AS "trainingBase",
        count(*) FILTER (WHERE (p.care OR p.director) AND tr."caregiverId" IS NOT NULL) AS trained,
        count(*) FILTER (WHERE p.social) AS "socialWorkers"
      FROM in_post p
      LEFT JOIN top_level tl ON tl."caregiverId" = p."caregiverId"
      LEFT JOIN first_aid fa ON fa."caregiverId" = p."caregiverId"
      LEFT JOIN trained tr ON tr."caregiverId" = p."caregiverId"
      GROUP BY p.region_id
    ), population AS (
      SELECT DISTINCT ON (s."regionId") s."regionId", s.count, s.year
      FROM "ElderlyPopulationStat" s
      WHERE s."regionId" IN (SELECT id FROM target)
        AND s."ageBand" = ${POPULATION.ageBand}::"AgeBand" AND s.basis = ${POPULATION.basis}::"PopulationBasis"
        AND s.year <= extract(year FROM ${onDate}::date)
      ORDER BY s."regionId", s.year DESC, s."createdAt" DESC
    ), child_figure AS (
      -- Each child's figure per year (the latest entry of a year), for parents without their own.
      SELECT DISTINCT ON (c.id, s.year) t.id AS parent_id, s.year, s.count
      FROM target t JOIN "Region" c ON c."parentId" = t.id
      JOIN "ElderlyPopulationStat" s ON s."regionId" = c.id
      WHERE s."ageBand" = ${POPULATION.ageBand}::"AgeBand" AND s.basis = ${POPULATION.basis}::"PopulationBasis"
        AND s.year <= extract(year FROM ${onDate}::date)
      ORDER BY c.id, s.year, s."createdAt" DESC
    ), child_population AS (
      SELECT DISTINCT ON (f.parent_id) f.parent_id, f.year, sum(f.count)::int AS count, count(*)::int AS covered
      FROM child_figure f GROUP BY f.parent_id, f.year
      ORDER BY f.parent_id, f.year DESC
    ), children AS (
      SELECT t.id AS parent_id, count(c.id)::int AS n FROM target t JOIN "Region" c ON c."parentId" = t.id GROUP BY t.id
    )
    SELECT t.id AS "regionId",
      coalesce(c."careWorkersInPost", 0) AS "careWorkersInPost", coalesce(c.certified, 0) AS certified,
      coalesce(c.senior, 0) AS senior, coalesce(c."firstAid", 0) AS "firstAid",
      coalesce(c."trainingBase", 0) AS "trainingBase", coalesce(c.trained, 0) AS trained,
      coalesce(c."socialWorkers", 0) AS "socialWorkers",
      coalesce(pop.count, cp.count) AS population, coalesce(pop.year, cp.year) AS "populationYear",
      CASE WHEN pop.count IS NOT NULL THEN 'OWN' WHEN cp.count IS NOT NULL THEN 'CHILDREN_SUM' END AS "populationFrom",
      CASE WHEN pop.count IS NULL AND cp.count IS NOT NULL THEN ch.n - cp.covered END AS "populationChildrenMissing"
    FROM target t
    LEFT JOIN counts c ON c.region_id = t.id
    LEFT JOIN population pop ON pop."regionId" = t.id
    LEFT JOIN child_population cp ON cp.parent_id = t.id
    LEFT JOIN children ch ON ch.parent_id = t.id`;
  return rows.map((r) => ({
    regionId: r.regionId,
    careWorkersInPost: Number(r.careWorkersInPost),
    certified: Number(r.certified),
    senior: Number(r.senior),
    firstAid: Number(r.firstAid),
    trainingBase: Number(r.trainingBase),
    trained: Number(r.trained),
    socialWorkers: Number(r.socialWorkers),
    population: r.population,
    populationYear: r.populationYear,
    populationFrom: r.populationFrom,
    populationChildrenMissing: r.populationChildrenMissing,
  }));
}
