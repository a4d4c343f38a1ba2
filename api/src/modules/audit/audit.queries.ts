import { builder } from '../../graphql/builder.ts';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { BUREAU_ROLES } from '../../graphql/viewer.ts';
import { auditWhereFor } from './audit.access.ts';
import { verifyAuditChain } from './audit-chain.ts';
import { ZAuditSearch, type TAuditSearch } from './audit.schemas.ts';
import { AuditChainReport, AuditEntryNode } from './audit.types.ts';

const AuditSearchInput = builder
  .inputType('AuditSearchInput', {
    fields: (t) => ({
      actor: t.string({ required: false, description: 'Username or name of the user who acted (part of it).' }),
      entityType: t.string({ required: false, description: 'e.g. Caregiver, BlacklistEntry.' }),
      entityId: t.string({ required: false }),
      action: t.string({ required: false, description: 'An action or its start: `blacklist` finds blacklist.add and blacklist.lift.' }),
      from: t.field({ type: 'Date', required: false, description: 'First day, China time.' }),
      to: t.field({ type: 'Date', required: false, description: 'Last day, China time, included.' }),
    }),
  })
  .validate(ZAuditSearch);

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

async function searchWhere(search: TAuditSearch | null | undefined): Promise<Prisma.AuditLogWhereInput> {
  if (!search) return {};
  const and: Prisma.AuditLogWhereInput[] = [];
  if (search.actor) {
    const users = await prisma.user.findMany({
      where: {
        OR: [
          { username: { contains: search.actor, mode: 'insensitive' } },
          { displayName: { contains: search.actor, mode: 'insensitive' } },
        ],
      },
      select: { id: true },
      take: 500,
    });
    and.push({ actorUserId: { in: users.map((u) => u.id) } });
  }
  if (search.entityType) and.push({ entityType: search.entityType });
  if (search.entityId) and.push({ entityId: search.entityId });
  if (search.action) and.push({ OR: [{ action: search.action }, { action: { startsWith: `${search.action}.` } }] });
  // A day given in China starts at 16:00 UTC the day before.
  if (search.from) and.push({ at: { gte: new Date(search.from.getTime() - CHINA_OFFSET_MS) } });
  if (search.to) and.push({ at: { lt: new Date(search.to.getTime() - CHINA_OFFSET_MS + DAY_MS) } });
  return { AND: and };
}

const where = async (search: TAuditSearch | null | undefined, ctx: Parameters<typeof auditWhereFor>[0]) => ({
  AND: [await auditWhereFor(ctx), await searchWhere(search)],
});

builder.queryFields((t) => ({
  auditLog: t.prismaConnection({
    type: AuditEntryNode,
    cursor: 'id',
    description: 'The audit log, newest first: admins every row, bureaus the rows written by people working in their region.',
    authScopes: { role: ['ADMIN', ...BUREAU_ROLES] },
    args: { search: t.arg({ type: AuditSearchInput, required: false }) },
    totalCount: async (_root, args, ctx) => prisma.auditLog.count({ where: await where(args.search, ctx.viewer) }),
    resolve: async (query, _root, args, ctx) =>
      prisma.auditLog.findMany({ ...query, where: await where(args.search, ctx.viewer), orderBy: { id: 'desc' } }),
  }),
  auditChain: t.field({
    type: AuditChainReport,
    description: 'Recomputes every sealed link of the audit hash chain and names the first that fails.',
    authScopes: { role: ['ADMIN', ...BUREAU_ROLES] },
    resolve: async () => {
      const report = await verifyAuditChain();
      return {
        checked: report.checked,
        intact: report.broken === null,
        brokenPosition: report.broken?.seq ?? null,
        brokenEntryId: report.broken ? BigInt(report.broken.auditLogId) : null,
      };
    },
  }),
}));
