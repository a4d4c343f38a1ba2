import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { hasRole, membershipsWith } from '../../graphql/viewer.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ancestorPaths } from '../regions/region-paths.ts';
import type { TSetWorkforceTargetInput } from './workforce.schemas.ts';

/**
 * Civil affairs set targets for their region's subtree; the defaults (no region: every region without
 * its own) are reference data only an admin changes.
 */
function mayTarget(ctx: Context, regionPath: string | null): boolean {
  if (hasRole(ctx.viewer, 'ADMIN')) return true;
  if (regionPath === null) return false;
  return membershipsWith(ctx.viewer, 'CIVIL_AFFAIRS_ANALYST').some((m) => m.regionPath !== null && regionPath.startsWith(m.regionPath));
}

/** Region subtrees whose targets the viewer reads besides the defaults ('all' for an admin). */
export function targetReach(ctx: Context): string[] | 'all' {
  if (hasRole(ctx.viewer, 'ADMIN')) return 'all';
  return membershipsWith(ctx.viewer, 'CIVIL_AFFAIRS_ANALYST').flatMap((m) => (m.regionPath ? [m.regionPath] : []));
}

/**
 * The targets a region is judged by for a year: its own, its ancestors' and the defaults, each with
 * where it comes from, so the page shows which are defaults and which the region overrides.
 */
export async function workforceTargetsFor(ctx: Context, regionCode: string | null, year: number) {
  const reach = targetReach(ctx);
  const region = regionCode ? await prisma.region.findUnique({ where: { code: regionCode }, select: { id: true, path: true } }) : null;
  if (regionCode && !region) throw new NotFoundError('Region');
  if (region && reach !== 'all' && !reach.some((p) => region.path.startsWith(p) || p.startsWith(region.path))) throw new ForbiddenError();
  return prisma.workforceTarget.findMany({
    where: { year, OR: [{ regionId: null }, ...(region ? [{ region: { path: { in: ancestorPaths(region.path) } } }] : [])] },
    include: { region: { select: { code: true, name: true, nameEn: true, path: true } } },
    orderBy: [{ indicator: 'asc' }],
  });
}

/** Sets (creates or overrides) a target for a region, or the default when no region is given. */
export async function setWorkforceTarget(ctx: Context, input: TSetWorkforceTargetInput) {
  const region = input.regionCode
    ? await prisma.region.findUnique({ where: { code: input.regionCode }, select: { id: true, path: true } })
    : null;
  if (input.regionCode && !region) throw InputValidationError.at(['input', 'regionCode'], 'REGION_UNKNOWN');
  if (!mayTarget(ctx, region?.path ?? null)) throw new ForbiddenError('TARGETS_OF_OWN_REGION_ONLY');
  return prisma.$transaction(async (tx) => {
    // A null region is not equal to itself in a unique index, so the default is found by hand.
    const before = await tx.workforceTarget.findFirst({
      where: { regionId: region?.id ?? null, indicator: input.indicator, year: input.year },
    });
    const data = { value: input.value, source: input.source };
    const target = before
      ? await tx.workforceTarget.update({ where: { id: before.id }, data })
      : await tx.workforceTarget.create({ data: { ...data, regionId: region?.id ?? null, indicator: input.indicator, year: input.year } });
    await recordAudit(tx, ctx, {
      action: 'workforce.setTarget',
      entityType: 'WorkforceTarget',
      entityId: target.id,
      before,
      after: target,
    });
    return target;
  });
}

/** Removes a region's own target, so the region falls back to its ancestor's or the default again. */
export async function revertWorkforceTarget(ctx: Context, targetId: string) {
  const target = await prisma.workforceTarget.findUnique({ where: { id: targetId }, include: { region: { select: { path: true } } } });
  if (!target) throw new NotFoundError('WorkforceTarget');
  if (!mayTarget(ctx, target.region?.path ?? null)) throw new ForbiddenError('TARGETS_OF_OWN_REGION_ONLY');
  return prisma.$transaction(async (tx) => {
    await tx.workforceTarget.delete({ where: { id: target.id } });
    const { region: _region, ...before } = target;
    await recordAudit(tx, ctx, {
      action: 'workforce.revertTarget',
      entityType: 'WorkforceTarget',
      entityId: target.id,
      before,
      after: null,
    });
    return target;
  });
}
