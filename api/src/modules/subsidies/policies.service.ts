import { prisma, type Tx } from '../../db/client.ts';
import { DAY_MS } from '../../shared/china-time.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { SubsidyKind } from '../../generated/prisma/enums.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ancestorPaths } from '../regions/region-paths.ts';
import { POLICY_TERMS, ZInstalmentPlan } from './policy-terms.ts';
import type { TPublishPolicyInput } from './subsidies.schemas.ts';
import { holdsRoleFor } from '../../shared/access.ts';

const POLICY_INCLUDE = {
  region: { select: { path: true } },
  funds: { orderBy: { priority: 'asc' }, include: { fundSource: true } },
} as const;

export type PolicyInForce = Prisma.SubsidyPolicyGetPayload<{ include: typeof POLICY_INCLUDE }>;

/**
 * The policies of a kind in force on a day for several regions (by path), in one query: each region
 * gets its own policy, else its nearest ancestor's (a county follows its city's policy unless it has
 * one of its own); among versions of one region the latest. Null where none is in force.
 */
export async function policiesInForce(
  kind: SubsidyKind,
  paths: string[],
  onDay: Date,
  db: Pick<Tx, 'subsidyPolicy'> = prisma,
): Promise<Map<string, PolicyInForce | null>> {
  const policies = await db.subsidyPolicy.findMany({
    where: {
      kind,
      region: { path: { in: [...new Set(paths.flatMap(ancestorPaths))] } },
      effectiveFrom: { lte: onDay },
      OR: [{ effectiveTo: null }, { effectiveTo: { gte: onDay } }],
    },
    include: POLICY_INCLUDE,
  });
  policies.sort((a, b) => b.region.path.length - a.region.path.length || b.version - a.version);
  return new Map(
    paths.map((path) => {
      const ancestors = new Set(ancestorPaths(path));
      return [path, policies.find((p) => ancestors.has(p.region.path)) ?? null];
    }),
  );
}

/**
 * What a region's lines would be judged under had `candidate` been published: it applies within its
 * region's subtree, except where a more local region has a policy of its own (the same nearest-ancestor
 * rule as `policiesInForce`).
 */
export function withCandidate(
  inForce: PolicyInForce | null,
  regionPath: string,
  candidate: PolicyInForce | undefined,
): PolicyInForce | null {
  if (!candidate || !ancestorPaths(regionPath).includes(candidate.region.path)) return inForce;
  if (inForce && inForce.code !== candidate.code && inForce.region.path.length > candidate.region.path.length) return inForce;
  return candidate;
}

/** The policy of a kind in force for one region on a day (see `policiesInForce`). */
export async function policyInForce(
  kind: SubsidyKind,
  regionId: string,
  onDay: Date,
  db: Pick<Tx, 'region' | 'subsidyPolicy'> = prisma,
): Promise<PolicyInForce | null> {
  const region = await db.region.findUnique({ where: { id: regionId }, select: { path: true } });
  if (!region) throw new NotFoundError('Region');
  return (await policiesInForce(kind, [region.path], onDay, db)).get(region.path) ?? null;
}

/**
 * The region a policy (or its dry run) is for, once the viewer is known to approve there and the terms
 * fit the kind's shape: the dry run refuses exactly what publishing would.
 */
export async function policyRegionFor(
  ctx: Context,
  input: Pick<TPublishPolicyInput, 'regionCode' | 'kind' | 'amounts' | 'rules' | 'instalments'>,
) {
  const region = await prisma.region.findUnique({ where: { code: input.regionCode } });
  if (!region) throw InputValidationError.at(['input', 'regionCode'], 'REGION_UNKNOWN');
  if (!holdsRoleFor(ctx.viewer, 'HR_APPROVER', region.path)) throw new ForbiddenError('HR_APPROVER_OF_REGION_ONLY');
  const shape = POLICY_TERMS[input.kind];
  const issues = [
    ...(shape.amounts
      .safeParse(input.amounts)
      .error?.issues.map((i) => ({ path: ['input', 'amounts', ...i.path.map(String)], message: i.message })) ?? []),
    ...(shape.rules
      .safeParse(input.rules ?? {})
      .error?.issues.map((i) => ({ path: ['input', 'rules', ...i.path.map(String)], message: i.message })) ?? []),
    ...(input.instalments
      ? (ZInstalmentPlan.safeParse(input.instalments).error?.issues.map((i) => ({
          path: ['input', 'instalments', ...i.path.map(String)],
          message: i.message,
        })) ?? [])
      : []),
  ];
  if (issues.length) throw new InputValidationError(issues);
  return region;
}

/**
 * Publishes a policy version: the terms are checked against the kind's shape, the version before it
 * ends the day before the new one starts. Claims keep the version they were computed from, so a change
 * never moves an amount already approved.
 */
export async function publishSubsidyPolicy(ctx: Context, input: TPublishPolicyInput) {
  const region = await policyRegionFor(ctx, input);
  const funds = await prisma.fundSource.findMany({ where: { code: { in: input.fundCodes } } });
  const unknown = input.fundCodes.filter((c) => !funds.some((f) => f.code === c));
  if (unknown.length) throw InputValidationError.at(['input', 'fundCodes'], 'FUND_UNKNOWN', { codes: unknown.join(',') });

  return prisma.$transaction(async (tx) => {
    const previous = await tx.subsidyPolicy.findFirst({ where: { code: input.code }, orderBy: { version: 'desc' } });
    if (previous && (previous.kind !== input.kind || previous.regionId !== region.id))
      throw InputValidationError.at(['input', 'code'], 'POLICY_CODE_ELSEWHERE');
    if (previous && previous.effectiveFrom >= input.effectiveFrom)
      throw InputValidationError.at(['input', 'effectiveFrom'], 'NOT_AFTER_CURRENT_VERSION');
    if (previous && (!previous.effectiveTo || previous.effectiveTo >= input.effectiveFrom)) {
      await tx.subsidyPolicy.update({
        where: { id: previous.id },
        data: { effectiveTo: new Date(input.effectiveFrom.getTime() - DAY_MS) },
      });
    }
    const policy = await tx.subsidyPolicy.create({
      data: {
        code: input.code,
        version: (previous?.version ?? 0) + 1,
        kind: input.kind,
        nameZh: input.nameZh,
        nameEn: input.nameEn,
        regionId: region.id,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        amounts: input.amounts as object,
        rules: (input.rules ?? {}) as object,
        instalments: (input.instalments ?? undefined) as object | undefined,
        publicationDays: input.publicationDays,
        reviewRole: input.reviewRole ?? previous?.reviewRole ?? 'HR_REVIEWER',
        approveRole: input.approveRole ?? previous?.approveRole ?? 'HR_APPROVER',
        funds: { create: input.fundCodes.map((code, priority) => ({ fundSourceId: funds.find((f) => f.code === code)!.id, priority })) },
      },
    });
    await recordAudit(tx, ctx, {
      action: 'subsidy.publishPolicy',
      entityType: 'SubsidyPolicy',
      entityId: policy.id,
      before: previous,
      after: policy,
    });
    return policy;
  });
}
