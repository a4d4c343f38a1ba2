import { prisma } from '../../db/client.ts';

/** Seals audit rows written since the last round onto the hash chain; returns how many. */
export async function sealAuditLog(batch = 5000): Promise<number> {
  const [row] = await prisma.$queryRaw<{ sealed: number }[]>`SELECT "audit_log_seal"(${batch}::int) AS sealed`;
  return row?.sealed ?? 0;
}

/**
 * Seals everything unsealed, a round of `batch` rows (one transaction) at a time: a monthly batch can
 * write a hundred thousand audit rows, far more than one round a tick would keep up with.
 */
export async function sealAuditBacklog(batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await sealAuditLog(batch);
    total += sealed;
    if (sealed < batch) return total;
  }
}

export type ChainReport = { checked: number; broken: null | { seq: number; auditLogId: string } };

/** Recomputes every link of the chain in the database; `broken` names the first link that fails. */
export async function verifyAuditChain(): Promise<ChainReport> {
  const [row] = await prisma.$queryRaw<
    { checked: bigint; brokenSeq: bigint | null; brokenId: bigint | null }[]
  >`SELECT * FROM "audit_log_verify"()`;
  if (!row) throw new Error('audit_log_verify returned no row');
  return {
    checked: Number(row.checked),
    broken: row.brokenSeq === null ? null : { seq: Number(row.brokenSeq), auditLogId: String(row.brokenId) },
  };
}
