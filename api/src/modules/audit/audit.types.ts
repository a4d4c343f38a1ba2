import { builder } from '../../graphql/builder.ts';
import { batchLoader } from '../../graphql/batch-loader.ts';
import { prisma } from '../../db/client.ts';
import { auditWhereFor, mayReadAudit } from './audit.access.ts';

type Actor = { username: string; displayName: string };

const actorsById = batchLoader(async (ids: string[]) => {
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true, displayName: true } });
  return new Map<string, Actor>(users.map((u) => [u.id, { username: u.username, displayName: u.displayName }]));
});
const tokensById = batchLoader(async (ids: string[]) => {
  const tokens = await prisma.apiToken.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(tokens.map((t) => [t.id, t.name]));
});

const AuditActor = builder.objectRef<Actor>('AuditActor').implement({
  description: 'Who wrote an audit row: the user as they are named now.',
  fields: (t) => ({ username: t.exposeString('username'), displayName: t.exposeString('displayName') }),
});

export const AuditEntryNode = builder.prismaNode('AuditLog', {
  name: 'AuditEntry',
  id: { field: 'id' },
  description: 'One row of the append-only audit log: who did what to which entity, with the values before and after.',
  // Admins read every row, bureaus the rows of people working in their region; others nothing.
  findUnique: async (id, ctx) => ({ id: BigInt(id), AND: [await auditWhereFor(ctx.viewer)] }),
  nullable: true,
  authScopes: (_row, ctx) => mayReadAudit(ctx.viewer),
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    action: t.exposeString('action', { description: 'Dotted action, e.g. blacklist.add.' }),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId'),
    before: t.expose('before', { type: 'JSON', nullable: true }),
    after: t.expose('after', { type: 'JSON', nullable: true }),
    requestId: t.exposeString('requestId', { nullable: true }),
    sealed: t.boolean({
      description: 'Whether the row is on the hash chain yet (rows are sealed a few seconds after they are written).',
      select: { seq: true },
      resolve: (r) => r.seq !== null,
    }),
    position: t.string({
      nullable: true,
      description: 'Position on the hash chain.',
      select: { seq: true },
      resolve: (r) => (r.seq === null ? null : String(r.seq)),
    }),
    actor: t.field({
      type: AuditActor,
      nullable: true,
      select: { actorUserId: true },
      resolve: (r, _a, ctx) => (r.actorUserId ? actorsById(ctx, r.actorUserId) : null),
    }),
    actorTokenName: t.string({
      nullable: true,
      description: 'The API token that wrote the row, when another system did.',
      select: { actorTokenId: true },
      resolve: (r, _a, ctx) => (r.actorTokenId ? tokensById(ctx, r.actorTokenId) : null),
    }),
  }),
});

export type ChainReportShape = { checked: number; intact: boolean; brokenPosition: number | null; brokenEntryId: bigint | null };

export const AuditChainReport = builder.objectRef<ChainReportShape>('AuditChainReport').implement({
  description: 'The result of recomputing every link of the audit hash chain.',
  fields: (t) => ({
    checked: t.exposeInt('checked', { description: 'Links that hold, up to the first broken one.' }),
    intact: t.exposeBoolean('intact'),
    brokenPosition: t.exposeInt('brokenPosition', { nullable: true, description: 'Chain position of the first link that fails.' }),
    brokenEntry: t.prismaField({
      type: AuditEntryNode,
      nullable: true,
      description: 'The row at the first broken link, when the viewer may read it.',
      resolve: async (query, report, _a, ctx) =>
        report.brokenEntryId === null
          ? null
          : prisma.auditLog.findFirst({ ...query, where: { AND: [{ id: report.brokenEntryId }, await auditWhereFor(ctx.viewer)] } }),
    }),
  }),
});
