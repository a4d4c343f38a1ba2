import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import type { SubsidyKind } from '../../generated/prisma/enums.ts';
import { evaluateClaim, type ClaimSubject } from './claim-evaluation.ts';
import { policyRegionFor, type PolicyInForce } from './policies.service.ts';
import { judgePostSubsidies } from './post-subsidy-facts.ts';
import type { TPublishPolicyInput } from './subsidies.schemas.ts';

/** People listed by name in a dry run's changes: the largest differences first; the counts cover everyone. */
export const DRY_RUN_CHANGES_SHOWN = 100;

type Outcome = { amountFen: number; eligible: boolean };
export type DryRunLine = {
  caregiverId: string;
  caregiverName: string;
  regionPath: string;
  county?: { code: string; name: string; nameEn: string | null };
  subjectKey: string;
  current: Outcome | null;
  candidate: Outcome | null;
};
export type DryRunCounty = {
  regionPath: string;
  region?: { code: string; name: string; nameEn: string | null };
  claims: number;
  amountFen: number;
  currentClaims: number;
  currentAmountFen: number;
};
export type PolicyDryRun = {
  month: string;
  claims: number;
  amountFen: number;
  currentClaims: number;
  currentAmountFen: number;
  gainers: number;
  losers: number;
  counties: DryRunCounty[];
  changes: DryRunLine[];
};

const CLAIMED = ['SUBMITTED', 'REVIEWED', 'PUBLICISED', 'APPROVED', 'PAID', 'REJECTED', 'REVOKED'] as const;

/** The county a region path lies in (or the region itself when it is a city or province). */
const countyOf = (path: string) => path.split('/').slice(0, 3).join('/');

/** The month's bounds in UTC for China time: a claim submitted at 00:30 on the 1st in Beijing belongs to that month. */
function monthBounds(month: string): { first: Date; start: Date; end: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  return { first, start: new Date(first.getTime() - 8 * 3_600_000), end: new Date(Date.UTC(y, m, 1) - 8 * 3_600_000) };
}

/**
 * The unpublished version as it would be stored: only its terms, code and region matter to the judges
 * (the funds are tried on approval, which a dry run never reaches).
 */
function candidatePolicy(input: TPublishPolicyInput, region: { id: string; path: string }): PolicyInForce {
  return {
    id: '00000000-0000-7000-8000-000000000000',
    code: input.code,
    version: 0,
    kind: input.kind,
    nameZh: input.nameZh,
    nameEn: input.nameEn,
    regionId: region.id,
    region: { path: region.path },
    effectiveFrom: input.effectiveFrom,
    effectiveTo: input.effectiveTo ?? null,
    amounts: input.amounts as object,
    rules: (input.rules ?? {}) as object,
    instalments: (input.instalments ?? null) as object | null,
    publicationDays: input.publicationDays,
    reviewRole: 'HR_REVIEWER',
    approveRole: 'HR_APPROVER',
    createdAt: new Date(),
    funds: [],
  };
}

const outcome = (e: { eligible: boolean; amountFen: number } | null | undefined): Outcome | null =>
  e ? { eligible: e.eligible, amountFen: e.eligible ? e.amountFen : 0 } : null;

/**
 * Post subsidies: every recorded month of the region's employments, judged twice by the same judge the
 * monthly batch uses, under the version in force and under the candidate, as if the rosters were
 * confirmed (a dry run for a month not yet confirmed still says what it would cost).
 */
async function postSubsidyLines(regionPath: string, month: Date, candidate: PolicyInForce): Promise<DryRunLine[]> {
  const rows = await prisma.employmentMonth.findMany({
    where: { month, employment: { institution: { region: { path: { startsWith: regionPath } } } } },
    select: {
      employmentId: true,
      month: true,
      employment: {
        select: {
          caregiverId: true,
          caregiver: { select: { name: true } },
          institution: { select: { region: { select: { path: true } } } },
        },
      },
    },
  });
  const lines = rows.map((r) => ({ caregiverId: r.employment.caregiverId, employmentId: r.employmentId, month: r.month }));
  const [current, proposed] = [
    await judgePostSubsidies(lines, prisma, { asIfConfirmed: true }),
    await judgePostSubsidies(lines, prisma, { asIfConfirmed: true, candidate }),
  ];
  const byEmployment = new Map(rows.map((r) => [r.employmentId, r]));
  const proposedBy = new Map(proposed.map((j) => [j.line.employmentId, j]));
  return current.map((j) => {
    const row = byEmployment.get(j.line.employmentId)!;
    return {
      caregiverId: j.line.caregiverId,
      caregiverName: row.employment.caregiver.name,
      regionPath: row.employment.institution.region.path,
      subjectKey: month.toISOString().slice(0, 7),
      current: outcome(j.eligibility),
      candidate: outcome(proposedBy.get(j.line.employmentId)?.eligibility),
    };
  });
}

function subjectOf(claim: { kind: SubsidyKind; employmentId: string | null; subjectKey: string; facts: unknown }): ClaimSubject | null {
  const facts = (claim.facts ?? {}) as Record<string, string | null>;
  switch (claim.kind) {
    case 'ONBOARDING_AWARD':
      return claim.employmentId
        ? {
            kind: 'ONBOARDING_AWARD',
            employmentId: claim.employmentId,
            graduatedOn: facts.graduatedOn ? new Date(facts.graduatedOn) : null,
          }
        : null;
    case 'SKILLS_UPGRADE':
    case 'CERTIFICATION':
      return facts.certificateId ? { kind: claim.kind, certificateId: facts.certificateId } : null;
    case 'TRAINING':
      return facts.enrolmentId ? { kind: 'TRAINING', enrolmentId: facts.enrolmentId } : null;
    default:
      return null;
  }
}

/**
 * Claimed kinds: the claims submitted in the month, each judged again on its submission day under the
 * version in force and under the candidate, by the evaluation submission itself runs.
 */
async function claimedLines(
  kind: SubsidyKind,
  regionPath: string,
  bounds: { start: Date; end: Date },
  candidate: PolicyInForce,
): Promise<DryRunLine[]> {
  const claims = await prisma.subsidyClaim.findMany({
    where: {
      kind,
      status: { in: [...CLAIMED] },
      submittedAt: { gte: bounds.start, lt: bounds.end },
      region: { path: { startsWith: regionPath } },
    },
    select: {
      kind: true,
      caregiverId: true,
      employmentId: true,
      subjectKey: true,
      facts: true,
      submittedAt: true,
      caregiver: { select: { name: true } },
      region: { select: { path: true } },
    },
    orderBy: { submittedAt: 'asc' },
  });
  const lines: DryRunLine[] = [];
  for (const claim of claims) {
    const subject = subjectOf(claim);
    if (!subject) continue;
    const onDay = new Date(
      Date.UTC(claim.submittedAt!.getUTCFullYear(), claim.submittedAt!.getUTCMonth(), claim.submittedAt!.getUTCDate()),
    );
    const judge = (c?: PolicyInForce) =>
      evaluateClaim(claim.caregiverId, subject, onDay, prisma, c).then(
        (e) => outcome(e.eligibility),
        () => null,
      );
    lines.push({
      caregiverId: claim.caregiverId,
      caregiverName: claim.caregiver.name,
      regionPath: claim.region.path,
      subjectKey: claim.subjectKey,
      current: await judge(),
      candidate: await judge(candidate),
    });
  }
  return lines;
}

/**
 * Had this version been in force in `month`: how many claims and how much money, by county, and who
 * would gain or lose against the version that was in force. Nothing is written; the viewer must be
 * one who could publish the version.
 */
export async function subsidyPolicyDryRun(ctx: Context, input: TPublishPolicyInput, month: string): Promise<PolicyDryRun> {
  const region = await policyRegionFor(ctx, input);
  const bounds = monthBounds(month);
  const candidate = candidatePolicy(input, region);
  const lines =
    input.kind === 'POST_SUBSIDY'
      ? await postSubsidyLines(region.path, bounds.first, candidate)
      : await claimedLines(input.kind, region.path, bounds, candidate);
  const counties = new Map<string, DryRunCounty>();
  let claims = 0;
  let amountFen = 0;
  let currentClaims = 0;
  let currentAmountFen = 0;
  for (const line of lines) {
    const county = countyOf(line.regionPath);
    const c = counties.get(county) ?? { regionPath: county, claims: 0, amountFen: 0, currentClaims: 0, currentAmountFen: 0 };
    if (line.candidate?.eligible) {
      c.claims++;
      c.amountFen += line.candidate.amountFen;
      claims++;
      amountFen += line.candidate.amountFen;
    }
    if (line.current?.eligible) {
      c.currentClaims++;
      c.currentAmountFen += line.current.amountFen;
      currentClaims++;
      currentAmountFen += line.current.amountFen;
    }
    counties.set(county, c);
  }
  const regions = new Map(
    (
      await prisma.region.findMany({
        where: { path: { in: [...counties.keys()] } },
        select: { path: true, code: true, name: true, nameEn: true },
      })
    ).map((r) => [r.path, r]),
  );
  for (const c of counties.values()) c.region = regions.get(c.regionPath);
  for (const line of lines) line.county = regions.get(countyOf(line.regionPath));
  const diff = (l: DryRunLine) => (l.candidate?.amountFen ?? 0) - (l.current?.amountFen ?? 0);
  const changed = lines.filter((l) => diff(l) !== 0);
  return {
    month,
    claims,
    amountFen,
    currentClaims,
    currentAmountFen,
    gainers: changed.filter((l) => diff(l) > 0).length,
    losers: changed.filter((l) => diff(l) < 0).length,
    counties: [...counties.values()].sort((a, b) => a.regionPath.localeCompare(b.regionPath)),
    changes: changed
      .sort((a, b) => Math.abs(diff(b)) - Math.abs(diff(a)) || a.caregiverName.localeCompare(b.caregiverName))
      .slice(0, DRY_RUN_CHANGES_SHOWN),
  };
}
