import type pg from 'pg';
import { monthEnd } from '../../api/src/shared/china-time.ts';
import { ancestorPaths } from '../../api/src/modules/regions/region-paths.ts';
import { termsOf } from '../../api/src/modules/subsidies/policy-terms.ts';
import { judgePostSubsidy } from '../../api/src/modules/subsidies/subsidy-eligibility.ts';
import { BATCH_MONTH } from './batch-data.ts';

const MONTH_DAY = `${BATCH_MONTH}-01`;
const DAY = 86_400_000;
const CHUNK = 500;

type Policy = {
  id: string;
  code: string;
  kind: 'POST_SUBSIDY';
  version: number;
  path: string;
  amounts: unknown;
  rules: unknown;
  instalments: unknown;
};
type Fact = {
  id: string;
  employmentId: string;
  caregiverId: string;
  confirmedById: string;
  post: 'CARE_WORKER';
  contractType: 'LABOUR';
  fullTime: boolean;
  startDate: Date;
  endDate: Date | null;
  regionId: string;
  path: string;
  attendanceDays: number;
  socialInsurancePaid: boolean;
  liabilityIncident: boolean;
  levelCode: string | null;
  levelRank: number | null;
  levelZh: string | null;
  levelEn: string | null;
  banned: boolean;
  banEndsOn: Date | null;
};

/** Every fact of a chunk of roster lines in one statement. */
const FACTS = `
  SELECT em.id, e.id AS "employmentId", e."caregiverId", r."confirmedById", e.post, e."contractType", e."fullTime", e."startDate", e."endDate",
    o."regionId", rg.path, em."attendanceDays", em."socialInsurancePaid", em."liabilityIncident",
    lv.code AS "levelCode", lv.rank AS "levelRank", lv."nameZh" AS "levelZh", lv."nameEn" AS "levelEn",
    ban.id IS NOT NULL AS banned, ban."endsOn" AS "banEndsOn"
  FROM unnest($1::uuid[]) AS x(id)
  JOIN "EmploymentMonth" em ON em.id = x.id
  JOIN "Employment" e ON e.id = em."employmentId"
  JOIN "Organisation" o ON o.id = e."institutionId"
  JOIN "Region" rg ON rg.id = o."regionId"
  JOIN "MonthlyRoster" r ON r."institutionId" = o.id AND r.month = em.month
  LEFT JOIN LATERAL (
    SELECT l.code, l.rank, l."nameZh", l."nameEn" FROM "Certificate" c JOIN "SkillLevel" l ON l.id = c."levelId"
    WHERE c."caregiverId" = e."caregiverId" AND c.status = 'VALID' AND c."issuedOn" <= $2::date AND (c."expiresOn" IS NULL OR c."expiresOn" > $2::date)
    ORDER BY l.rank DESC LIMIT 1
  ) lv ON true
  LEFT JOIN LATERAL (
    SELECT b.id, b."endsOn" FROM "BlacklistEntry" b
    WHERE b."caregiverId" = e."caregiverId" AND b."liftedAt" IS NULL AND b."startsOn" <= $3::date AND (b."endsOn" IS NULL OR b."endsOn" >= $4::date)
    ORDER BY b."startsOn" DESC LIMIT 1
  ) ban ON true`;

/**
 * Baseline "chunked raw pg": node-postgres and hand-written SQL, 500 lines per transaction, judged by
 * the same pure rules (`judgePostSubsidy`) so the rows can be compared field by field: one statement
 * reads a chunk's facts, then references, claims, audit rows and exclusions are written with one
 * statement each.
 */
export async function chunkedPgBatch(pool: pg.Pool, rosterIds: string[]): Promise<void> {
  const db = await pool.connect();
  try {
    const lines = (
      await db.query<{ id: string }>(
        `SELECT em.id FROM "MonthlyRoster" r JOIN "Employment" e ON e."institutionId" = r."institutionId"
       JOIN "EmploymentMonth" em ON em."employmentId" = e.id AND em.month = r.month WHERE r.id = ANY($1::uuid[]) ORDER BY em.id`,
        [rosterIds],
      )
    ).rows.map((r) => r.id);
    const policies = (
      await db.query<Policy>(
        `SELECT p.id, p.code, p.kind, p.version, r.path, p.amounts, p.rules, p.instalments FROM "SubsidyPolicy" p JOIN "Region" r ON r.id = p."regionId"
       WHERE p.kind = 'POST_SUBSIDY' AND p."effectiveFrom" <= $1::date AND (p."effectiveTo" IS NULL OR p."effectiveTo" >= $1::date)
       ORDER BY length(r.path) DESC, p.version DESC`,
        [MONTH_DAY],
      )
    ).rows;
    const ranks = new Map(
      (await db.query<{ code: string; rank: number }>(`SELECT code, rank FROM "SkillLevel"`)).rows.map((l) => [l.code, l.rank]),
    );
    const month = new Date(`${MONTH_DAY}T00:00:00Z`);
    const dayBefore = new Date(month.getTime() - DAY).toISOString().slice(0, 10);
    const lastDay = monthEnd(month).toISOString().slice(0, 10);
    const policyFor = new Map<string, Policy | null>();
    for (let start = 0; start < lines.length; start += CHUNK) {
      const facts = (await db.query<Fact>(FACTS, [lines.slice(start, start + CHUNK), dayBefore, lastDay, MONTH_DAY])).rows;
      const judged = facts.map((f) => {
        if (!policyFor.has(f.path)) {
          const ancestors = new Set(ancestorPaths(f.path));
          policyFor.set(f.path, policies.find((p) => ancestors.has(p.path)) ?? null);
        }
        const policy = policyFor.get(f.path);
        if (!policy) throw new Error(`bench data: no post-subsidy policy over ${f.path}`);
        const level = f.levelCode ? { code: f.levelCode, rank: f.levelRank!, nameZh: f.levelZh!, nameEn: f.levelEn! } : null;
        const eligibility = judgePostSubsidy(termsOf(policy), {
          month,
          employment: f,
          roster: { attendanceDays: f.attendanceDays, socialInsurancePaid: f.socialInsurancePaid, liabilityIncident: f.liabilityIncident },
          level,
          levelRanks: ranks,
          blacklistedUntil: f.banned ? f.banEndsOn : undefined,
        });
        return { f, policy, eligibility };
      });
      const eligible = judged.filter((j) => j.eligibility.eligible);
      await db.query('BEGIN');
      const refs = (
        await db.query<{ n: string }>(`SELECT nextval('subsidy_claim_reference_seq') AS n FROM generate_series(1, $1::int)`, [
          eligible.length,
        ])
      ).rows;
      const inserted = (
        await db.query<{ id: string; reference: string; amountFen: number }>(
          `INSERT INTO "SubsidyClaim" (id, reference, "policyId", kind, "caregiverId", "employmentId", "regionId", "subjectKey", facts, status, "amountFen", eligibility, "submittedById", "submittedAt", "updatedAt")
         SELECT gen_random_uuid(), ref, pol, 'POST_SUBSIDY', cg, emp, reg, $1, fct::jsonb, 'SUBMITTED', amt, elig::jsonb, sub, now(), now()
         FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::int[], $9::text[], $10::uuid[]) AS t(ref, pol, cg, emp, reg, fct, amt, elig, sub)
         ON CONFLICT DO NOTHING RETURNING id, reference, "amountFen"`,
          [
            BATCH_MONTH,
            eligible.map((_, i) => `BT-${month.getUTCFullYear()}-${refs[i]!.n.padStart(8, '0')}`),
            eligible.map((j) => j.policy.id),
            eligible.map((j) => j.f.caregiverId),
            eligible.map((j) => j.f.employmentId),
            eligible.map((j) => j.f.regionId),
            eligible.map((j) => JSON.stringify({ month: BATCH_MONTH, level: j.f.levelCode })),
            eligible.map((j) => j.eligibility.amountFen),
            eligible.map((j) => JSON.stringify(j.eligibility)),
            eligible.map((j) => j.f.confirmedById),
          ],
        )
      ).rows;
      await db.query(
        `INSERT INTO "AuditLog" (action, "entityType", "entityId", after, "requestId")
         SELECT 'subsidy.generateClaim', 'SubsidyClaim', id, jsonb_build_object('reference', ref, 'month', $1::text, 'amountFen', amt, 'status', 'SUBMITTED'), 'bench:chunked'
         FROM unnest($2::text[], $3::text[], $4::int[]) AS t(id, ref, amt)`,
        [BATCH_MONTH, inserted.map((c) => c.id), inserted.map((c) => c.reference), inserted.map((c) => c.amountFen)],
      );
      await db.query(
        `UPDATE "EmploymentMonth" AS em SET "subsidyExclusion" = v.x::jsonb FROM unnest($1::uuid[], $2::text[]) AS v(id, x) WHERE em.id = v.id`,
        [
          judged.map((j) => j.f.id),
          judged.map((j) => (j.eligibility.eligible ? null : JSON.stringify(j.eligibility.rules.filter((r) => !r.met)))),
        ],
      );
      await db.query('COMMIT');
    }
  } finally {
    db.release();
  }
}

/**
 * Baseline "one statement": the post-subsidy rules restated in SQL (post, contract, months in post,
 * level held the day before the month and its amount, attendance, insurance, incident, blacklist, the nearest
 * policy in force) inserting every claim at once. It writes the same people, amounts, policies and
 * facts; its explanation is a stub (the rule texts live in the TypeScript judge), and it writes no
 * audit rows or exclusion reasons.
 */
export async function singleStatementBatch(pool: pg.Pool, rosterIds: string[]): Promise<void> {
  await pool.query(
    `
    INSERT INTO "SubsidyClaim" (id, reference, "policyId", kind, "caregiverId", "employmentId", "regionId", "subjectKey", facts, status, "amountFen", eligibility, "submittedById", "submittedAt", "updatedAt")
    SELECT gen_random_uuid(), 'BT-' || extract(year FROM $2::date) || '-' || lpad(nextval('subsidy_claim_reference_seq')::text, 8, '0'),
      pol.id, 'POST_SUBSIDY', e."caregiverId", e.id, o."regionId", $1, jsonb_build_object('month', $1::text, 'level', lv.code), 'SUBMITTED', amount.fen,
      jsonb_build_object('eligible', true, 'amountFen', amount.fen), r."confirmedById", now(), now()
    FROM "MonthlyRoster" r
    JOIN "Organisation" o ON o.id = r."institutionId"
    JOIN "Region" rg ON rg.id = o."regionId"
    JOIN "Employment" e ON e."institutionId" = r."institutionId"
    JOIN "EmploymentMonth" em ON em."employmentId" = e.id AND em.month = r.month
    CROSS JOIN LATERAL (
      SELECT p.id, p.amounts, p.rules FROM "SubsidyPolicy" p JOIN "Region" pr ON pr.id = p."regionId"
      WHERE p.kind = 'POST_SUBSIDY' AND p."effectiveFrom" <= $2::date AND (p."effectiveTo" IS NULL OR p."effectiveTo" >= $2::date)
        AND (rg.path = pr.path OR rg.path LIKE pr.path || '/%')
      ORDER BY length(pr.path) DESC, p.version DESC LIMIT 1
    ) pol
    CROSS JOIN LATERAL (
      SELECT l.code, l.rank FROM "Certificate" c JOIN "SkillLevel" l ON l.id = c."levelId"
      WHERE c."caregiverId" = e."caregiverId" AND c.status = 'VALID' AND c."issuedOn" <= $2::date - 1 AND (c."expiresOn" IS NULL OR c."expiresOn" > $2::date - 1)
      ORDER BY l.rank DESC LIMIT 1
    ) lv
    CROSS JOIN LATERAL (
      SELECT (pol.amounts -> 'byLevel' ->> l.code)::int AS fen FROM "SkillLevel" l
      WHERE pol.amounts -> 'byLevel' ? l.code AND l.rank <= lv.rank ORDER BY l.rank DESC LIMIT 1
    ) amount
    CROSS JOIN LATERAL (SELECT ($2::date + interval '1 month')::date AS day_after_end) m
    WHERE r.id = ANY($3::uuid[])
      AND e.post = 'CARE_WORKER'
      AND COALESCE(pol.rules -> 'contractTypes', '["LABOUR"]'::jsonb) ? e."contractType"::text
      AND (e."fullTime" OR NOT COALESCE((pol.rules ->> 'fullTimeOnly')::boolean, true))
      AND e."startDate" <= $2::date
      AND (extract(year FROM m.day_after_end) - extract(year FROM e."startDate")) * 12 + extract(month FROM m.day_after_end) - extract(month FROM e."startDate")
          - (extract(day FROM m.day_after_end) < extract(day FROM e."startDate"))::int >= COALESCE((pol.rules ->> 'minMonthsInPost')::int, 3)
      AND em."attendanceDays" >= COALESCE((pol.rules ->> 'minAttendanceDays')::int, 20)
      AND em."socialInsurancePaid"
      AND NOT em."liabilityIncident"
      AND NOT EXISTS (
        SELECT 1 FROM "BlacklistEntry" b WHERE b."caregiverId" = e."caregiverId" AND b."liftedAt" IS NULL
          AND b."startsOn" <= (m.day_after_end - 1) AND (b."endsOn" IS NULL OR b."endsOn" >= $2::date)
      )
    ON CONFLICT DO NOTHING`,
    [BATCH_MONTH, MONTH_DAY, rosterIds],
  );
}
