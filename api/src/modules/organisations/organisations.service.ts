import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { hasRole, membershipsWith } from '../../graphql/viewer.ts';
import type { OrganisationKind } from '../../generated/prisma/enums.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { OutsideRegistryScopeError, UsccTakenError } from './organisations.errors.ts';
import type { TRegisterOrganisationInput, TUpdateOrganisationInput } from './organisations.schemas.ts';

/** Admins keep the whole registry; civil affairs the care institutions of its region subtree. */
function assertMayKeep(ctx: Context, kind: OrganisationKind, regionPath: string) {
  if (hasRole(ctx.viewer, 'ADMIN')) return;
  const inScope = membershipsWith(ctx.viewer, 'CIVIL_AFFAIRS_ANALYST').some((m) => m.regionPath && regionPath.startsWith(m.regionPath));
  if (kind !== 'INSTITUTION' || !inScope) throw new OutsideRegistryScopeError();
}

async function regionOf(code: string) {
  const region = await prisma.region.findUnique({ where: { code }, select: { id: true, path: true } });
  if (!region) throw InputValidationError.at(['input', 'regionCode'], 'REGION_UNKNOWN', { code });
  return region;
}

async function assertUsccFree(uscc: string, except?: string) {
  const other = await prisma.organisation.findUnique({ where: { uscc }, select: { id: true } });
  if (other && other.id !== except) throw new UsccTakenError(uscc);
}

// Beds belong to care institutions; other kinds keep none.
const bedsFor = (kind: OrganisationKind, beds: number | null | undefined) => (kind === 'INSTITUTION' ? (beds ?? null) : null);

const snapshot = (o: {
  kind: string;
  name: string;
  uscc: string;
  regionId: string;
  beds: number | null;
  rating: string | null;
  deactivatedAt: Date | null;
}) => ({
  kind: o.kind,
  name: o.name,
  uscc: o.uscc,
  regionId: o.regionId,
  beds: o.beds,
  rating: o.rating,
  deactivatedAt: o.deactivatedAt,
});

export async function registerOrganisation(ctx: Context, input: TRegisterOrganisationInput) {
  const region = await regionOf(input.regionCode);
  assertMayKeep(ctx, input.kind, region.path);
  await assertUsccFree(input.uscc);
  return prisma.$transaction(async (tx) => {
    const created = await tx.organisation.create({
      data: {
        kind: input.kind,
        name: input.name,
        uscc: input.uscc,
        regionId: region.id,
        beds: bedsFor(input.kind, input.beds),
        rating: input.rating || null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'organisation.register',
      entityType: 'Organisation',
      entityId: created.id,
      after: snapshot(created),
    });
    return created;
  });
}

async function findKept(tx: Tx, ctx: Context, id: string) {
  const existing = await tx.organisation.findUnique({ where: { id }, include: { region: { select: { path: true } } } });
  if (!existing) throw new NotFoundError('Organisation');
  assertMayKeep(ctx, existing.kind, existing.region.path);
  return existing;
}

/** Edits the registry entry; moving it to another region needs the caller to keep both. */
export async function updateOrganisation(ctx: Context, input: TUpdateOrganisationInput) {
  const region = await regionOf(input.regionCode);
  await assertUsccFree(input.uscc, input.id);
  return prisma.$transaction(async (tx) => {
    const existing = await findKept(tx, ctx, input.id);
    assertMayKeep(ctx, existing.kind, region.path);
    const updated = await tx.organisation.update({
      where: { id: input.id },
      data: {
        name: input.name,
        uscc: input.uscc,
        regionId: region.id,
        beds: bedsFor(existing.kind, input.beds),
        rating: input.rating || null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'organisation.update',
      entityType: 'Organisation',
      entityId: input.id,
      before: snapshot(existing),
      after: snapshot(updated),
    });
    return updated;
  });
}

/** Closes (or reopens) an organisation: its records stay; closed ones take no new staff logins. */
export async function setOrganisationActive(ctx: Context, id: string, active: boolean) {
  return prisma.$transaction(async (tx) => {
    const existing = await findKept(tx, ctx, id);
    const deactivatedAt = active ? null : (existing.deactivatedAt ?? new Date());
    const updated = await tx.organisation.update({ where: { id }, data: { deactivatedAt } });
    await recordAudit(tx, ctx, {
      action: active ? 'organisation.reactivate' : 'organisation.deactivate',
      entityType: 'Organisation',
      entityId: id,
      before: { deactivatedAt: existing.deactivatedAt },
      after: { deactivatedAt },
    });
    return updated;
  });
}
