import type { Prisma } from '../../generated/prisma/client.ts';
import type { Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { actorOf } from '../../graphql/viewer.ts';

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

// JSON columns cannot hold Dates, bigints or byte arrays as such; dates and bigints become strings, ciphertext is dropped.
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'bigint'
        ? v.toString()
        : v instanceof Uint8Array || (v && typeof v === 'object' && 'type' in v && (v as { type: unknown }).type === 'Buffer')
          ? undefined
          : v,
    ),
  ) as Prisma.InputJsonValue;
}

function auditRow(ctx: Pick<Context, 'viewer' | 'requestId'>, entry: AuditEntry) {
  return {
    ...actorOf(ctx.viewer),
    requestId: ctx.requestId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    before: toJson(entry.before),
    after: toJson(entry.after),
  };
}

/** Appends an audit row inside the caller's transaction, so the row exists exactly when the change does. */
export async function recordAudit(tx: Tx, ctx: Pick<Context, 'viewer' | 'requestId'>, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: auditRow(ctx, entry) });
}

/** Appends many audit rows of one actor in one statement, inside the caller's transaction (batch jobs). */
export async function recordAudits(tx: Tx, ctx: Pick<Context, 'viewer' | 'requestId'>, entries: AuditEntry[]): Promise<void> {
  if (entries.length) await tx.auditLog.createMany({ data: entries.map((entry) => auditRow(ctx, entry)) });
}
