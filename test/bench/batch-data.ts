import { prisma } from '../../api/src/db/client.ts';

/** The month the batch scenario judges: ended before the data's "today", with no demo claims. */
export const BATCH_MONTH = '2026-11';
const MONTH_DAY = `${BATCH_MONTH}-01`;

/**
 * What a month's batch needs on top of the large data, written set-based and idempotently: a Beijing-
 * style post-subsidy policy for every synthetic province (500/800/1,000/1,200/1,500 yuan by level), a
 * roster line for every synthetic employment (16–26 attendance days, so about a third fall short of
 * 20; 1 % with a liability incident), 0.5 % of the synthetic people on the blacklist, and each care
 * home's roster confirmed. Returns the rosters' ids.
 */
export async function prepareBatchMonth(): Promise<string[]> {
  const admin = await prisma.user.findUniqueOrThrow({ where: { username: 'admin' }, select: { id: true } });
  await prisma.$executeRaw`
    INSERT INTO "SubsidyPolicy" (id, code, version, kind, "nameZh", "nameEn", "regionId", "effectiveFrom", amounts, rules, "publicationDays", "createdAt")
    SELECT gen_random_uuid(), 'BENCH-POST-' || r.code, 1, 'POST_SUBSIDY', r.name || '养老护理员岗位补贴', 'Care-worker post subsidy', r.id, DATE '2024-01-01',
      '{"byLevel":{"L5":50000,"L4":80000,"L3":100000,"L2":120000,"L1":150000}}'::jsonb, '{}'::jsonb, 0, now()
    FROM "Region" r
    WHERE r.level = 'PROVINCE' AND EXISTS (SELECT 1 FROM "Region" c WHERE c."parentId" = r.id AND c.name LIKE '%第%市')
    ON CONFLICT DO NOTHING`;
  await prisma.$executeRaw`
    INSERT INTO "EmploymentMonth" (id, "employmentId", month, "socialInsurancePaid", "attendanceDays", "liabilityIncident")
    SELECT gen_random_uuid(), e.id, ${MONTH_DAY}::date, true, 16 + abs(hashtext(e.id::text || 'days')) % 11, abs(hashtext(e.id::text || 'incident')) % 100 = 0
    FROM "Employment" e JOIN "Organisation" o ON o.id = e."institutionId" AND o.name LIKE '%养老服务中心'
    WHERE e."startDate" <= ${MONTH_DAY}::date + interval '1 month' - interval '1 day'
    ON CONFLICT DO NOTHING`;
  await prisma.$executeRaw`
    INSERT INTO "BlacklistEntry" (id, "caregiverId", reason, "startsOn", "issuerRegionId", "createdById")
    SELECT gen_random_uuid(), c.id, '骗取补贴（合成数据）', DATE '2026-06-01', c."regionId", ${admin.id}::uuid
    FROM "Caregiver" c JOIN "Region" r ON r.id = c."regionId" AND r.name LIKE '%第%县'
    WHERE abs(hashtext(c.id::text || 'ban')) % 200 = 0
      AND NOT EXISTS (SELECT 1 FROM "BlacklistEntry" b WHERE b."caregiverId" = c.id)`;
  await prisma.$executeRaw`
    INSERT INTO "MonthlyRoster" (id, "institutionId", month, "confirmedAt", "confirmedById")
    SELECT gen_random_uuid(), o.id, ${MONTH_DAY}::date, now(), ${admin.id}::uuid
    FROM "Organisation" o WHERE o.kind = 'INSTITUTION' AND o.name LIKE '%养老服务中心'
    ON CONFLICT DO NOTHING`;
  await prisma.$executeRaw`ANALYZE "EmploymentMonth", "MonthlyRoster", "BlacklistEntry", "SubsidyPolicy"`;
  const rosters = await prisma.$queryRaw<{ id: string }[]>`
    SELECT r.id FROM "MonthlyRoster" r JOIN "Organisation" o ON o.id = r."institutionId" AND o.name LIKE '%养老服务中心'
    WHERE r.month = ${MONTH_DAY}::date ORDER BY r.id`;
  return rosters.map((r) => r.id);
}

/** Back to before any run: no claims for the month, no exclusions, rosters in no batch. Audit rows stay (append-only). */
export async function resetBatchMonth(rosterIds: string[]): Promise<void> {
  await prisma.$executeRaw`DELETE FROM "SubsidyClaim" WHERE kind = 'POST_SUBSIDY' AND "subjectKey" = ${BATCH_MONTH}`;
  await prisma.$executeRaw`UPDATE "EmploymentMonth" SET "subsidyExclusion" = NULL WHERE month = ${MONTH_DAY}::date AND "subsidyExclusion" IS NOT NULL`;
  await prisma.$executeRaw`UPDATE "MonthlyRoster" SET "jobId" = NULL WHERE id = ANY(${rosterIds}::uuid[])`;
  await prisma.$executeRaw`VACUUM ANALYZE "SubsidyClaim"`;
}

/**
 * A fingerprint of the month's claims, for comparing what two runs wrote: per person and employment,
 * the policy, region, amount, status, facts, who submitted and (unless `withEligibility` is false) the
 * rule-by-rule explanation. Ids, references and times differ between runs by design.
 */
export async function claimsFingerprint(withEligibility = true): Promise<{ count: number; md5: string; excluded: number }> {
  const [claims] = await prisma.$queryRaw<{ count: number; md5: string | null }[]>`
    SELECT count(*)::int AS count, md5(string_agg(concat_ws('|', "caregiverId", "employmentId", "policyId", "regionId", "amountFen", status, facts::text, "submittedById",
      CASE WHEN ${withEligibility} THEN eligibility::text END), ',' ORDER BY "caregiverId", "employmentId")) AS md5
    FROM "SubsidyClaim" WHERE kind = 'POST_SUBSIDY' AND "subjectKey" = ${BATCH_MONTH}`;
  const [lines] = await prisma.$queryRaw<{ excluded: number }[]>`
    SELECT count(*)::int AS excluded FROM "EmploymentMonth" WHERE month = ${MONTH_DAY}::date AND "subsidyExclusion" IS NOT NULL`;
  return { count: claims!.count, md5: claims!.md5 ?? '', excluded: lines!.excluded };
}
