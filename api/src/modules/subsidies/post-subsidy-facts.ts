import { prisma, type Tx } from '../../db/client.ts';
import { DAY_MS, monthEnd } from '../../shared/china-time.ts';
import { policiesInForce, withCandidate, type PolicyInForce } from './policies.service.ts';
import { termsOf } from './policy-terms.ts';
import { judgePostSubsidy, type SubsidyEligibility } from './subsidy-eligibility.ts';

/** One person's month at one employer: what a post subsidy is claimed for. */
export type PostSubsidyLine = { caregiverId: string; employmentId: string; month: Date };

export type JudgedPostSubsidy = {
  line: PostSubsidyLine;
  /** Null when no post-subsidy policy is in force for the employer's region that month. */
  policy: PolicyInForce | null;
  regionId: string;
  /** Code of the level held on the last day of the month before. */
  levelCode: string | null;
  /** Null exactly when `policy` is. */
  eligibility: SubsidyEligibility | null;
};

type Db = Pick<Tx, 'employment' | 'monthlyRoster' | 'employmentMonth' | 'certificate' | 'skillLevel' | 'blacklistEntry' | 'subsidyPolicy'>;

const distinct = <T>(values: T[]) => [...new Set(values)];
const byMonth = (month: Date) => month.toISOString().slice(0, 7);

function perCaregiver<T extends { caregiverId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.caregiverId);
    if (list) list.push(row);
    else map.set(row.caregiverId, [row]);
  }
  return map;
}

/**
 * Reads the facts of many post-subsidy lines and judges each under its month's policy, in the same
 * seven queries however many lines there are: the monthly batch judges thousands of people with it
 * and a single claim one, so both give the same answer. Lines whose employment is not the person's
 * are left out of the result. `asIfConfirmed` judges the lines recorded so far as if their rosters
 * were confirmed: the summary an institution sees before it confirms.
 */
export async function judgePostSubsidies(
  lines: PostSubsidyLine[],
  db: Db = prisma,
  opts: { asIfConfirmed?: boolean; candidate?: PolicyInForce } = {},
): Promise<JudgedPostSubsidy[]> {
  if (lines.length === 0) return [];
  const employmentIds = distinct(lines.map((l) => l.employmentId));
  const caregiverIds = distinct(lines.map((l) => l.caregiverId));
  const months = distinct(lines.map((l) => l.month.getTime())).map((t) => new Date(t));
  const first = new Date(Math.min(...months.map((m) => m.getTime())));
  const last = new Date(Math.max(...months.map((m) => m.getTime())));
  // One after another: inside a transaction the queries share one connection.
  const employments = await db.employment.findMany({
    where: { id: { in: employmentIds } },
    select: {
      id: true,
      caregiverId: true,
      institutionId: true,
      post: true,
      contractType: true,
      fullTime: true,
      startDate: true,
      endDate: true,
      institution: { select: { regionId: true, region: { select: { path: true } } } },
    },
  });
  const rosters = await db.monthlyRoster.findMany({
    where: { institutionId: { in: distinct(employments.map((e) => e.institutionId)) }, month: { in: months } },
    select: { institutionId: true, month: true },
  });
  const monthLines = await db.employmentMonth.findMany({
    where: { employmentId: { in: employmentIds }, month: { in: months } },
    select: { employmentId: true, month: true, attendanceDays: true, socialInsurancePaid: true, liabilityIncident: true },
  });
  const levels = await db.skillLevel.findMany({ select: { code: true, rank: true } });
  // The level counts from the month after it is issued: held on the last day of the month before.
  const certificates = await db.certificate.findMany({
    where: {
      caregiverId: { in: caregiverIds },
      status: 'VALID',
      issuedOn: { lte: new Date(last.getTime() - DAY_MS) },
      OR: [{ expiresOn: null }, { expiresOn: { gt: new Date(first.getTime() - DAY_MS) } }],
    },
    select: {
      caregiverId: true,
      issuedOn: true,
      expiresOn: true,
      level: { select: { code: true, rank: true, nameZh: true, nameEn: true } },
    },
  });
  const bans = await db.blacklistEntry.findMany({
    where: {
      caregiverId: { in: caregiverIds },
      liftedAt: null,
      startsOn: { lte: monthEnd(last) },
      OR: [{ endsOn: null }, { endsOn: { gte: first } }],
    },
    select: { caregiverId: true, startsOn: true, endsOn: true },
    orderBy: { startsOn: 'desc' },
  });
  const paths = distinct(employments.map((e) => e.institution.region.path));
  const policies = new Map<string, Map<string, PolicyInForce | null>>();
  for (const month of months) policies.set(byMonth(month), await policiesInForce('POST_SUBSIDY', paths, month, db));

  const employmentById = new Map(employments.map((e) => [e.id, e]));
  const confirmed = new Set(rosters.map((r) => `${r.institutionId}|${byMonth(r.month)}`));
  const lineOf = new Map(monthLines.map((m) => [`${m.employmentId}|${byMonth(m.month)}`, m]));
  const ranks = new Map(levels.map((l) => [l.code, l.rank]));
  const certificatesOf = perCaregiver(certificates);
  // Entries for organisations have no person; these were selected by person.
  const bansOf = perCaregiver(bans.map((b) => ({ ...b, caregiverId: b.caregiverId! })));
  return lines.flatMap((line): JudgedPostSubsidy[] => {
    const employment = employmentById.get(line.employmentId);
    if (!employment || employment.caregiverId !== line.caregiverId) return [];
    const path = employment.institution.region.path;
    const policy = withCandidate(policies.get(byMonth(line.month))?.get(path) ?? null, path, opts.candidate);
    const dayBefore = new Date(line.month.getTime() - DAY_MS);
    const level =
      (certificatesOf.get(line.caregiverId) ?? [])
        .filter((c) => c.issuedOn <= dayBefore && (!c.expiresOn || c.expiresOn > dayBefore))
        .map((c) => c.level)
        .sort((a, b) => b.rank - a.rank)[0] ?? null;
    const lastDay = monthEnd(line.month);
    const ban = (bansOf.get(line.caregiverId) ?? []).find((b) => b.startsOn <= lastDay && (!b.endsOn || b.endsOn >= line.month));
    const roster =
      opts.asIfConfirmed || confirmed.has(`${employment.institutionId}|${byMonth(line.month)}`)
        ? lineOf.get(`${employment.id}|${byMonth(line.month)}`)
        : undefined;
    const eligibility = policy
      ? judgePostSubsidy(termsOf(policy as PolicyInForce & { kind: 'POST_SUBSIDY' }), {
          month: line.month,
          employment,
          roster: roster
            ? {
                attendanceDays: roster.attendanceDays,
                socialInsurancePaid: roster.socialInsurancePaid,
                liabilityIncident: roster.liabilityIncident,
              }
            : null,
          level,
          levelRanks: ranks,
          blacklistedUntil: ban ? ban.endsOn : undefined,
        })
      : null;
    return [{ line, policy, regionId: employment.institution.regionId, levelCode: level?.code ?? null, eligibility }];
  });
}
