import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { sealAuditBacklog, sealAuditLog, verifyAuditChain } from '../../api/src/modules/audit/audit-chain.ts';
import { recordAudit } from '../../api/src/modules/audit/audit.service.ts';

const root = new URL('../../', import.meta.url).pathname;
const ctx = { viewer: null, requestId: 'audit-chain-test' };

async function writeRows(n: number): Promise<bigint[]> {
  const entityId = randomUUID();
  await prisma.$transaction(async (tx) => {
    for (let i = 0; i < n; i++)
      await recordAudit(tx, ctx, { action: 'test.chain', entityType: 'Test', entityId, after: { i, note: '链' } });
  });
  const rows = await prisma.auditLog.findMany({ where: { entityId }, select: { id: true }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.id);
}

/** Runs `change` with the append-only trigger off, as only a database superuser could. */
async function asSuperuser(change: () => Promise<unknown>) {
  await prisma.$executeRawUnsafe(`ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_no_update_or_delete"`);
  try {
    await change();
  } finally {
    await prisma.$executeRawUnsafe(`ALTER TABLE "AuditLog" ENABLE TRIGGER "AuditLog_no_update_or_delete"`);
  }
}

const cli = () => spawnSync('pnpm', ['-s', 'audit:verify'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, encoding: 'utf8' });

describe('audit log hash chain', () => {
  it('seals a backlog larger than a round in one call, round after round', async () => {
    const ids = await writeRows(23);
    expect(await sealAuditBacklog(5)).toBeGreaterThanOrEqual(23);
    expect(await prisma.auditLog.count({ where: { id: { in: ids }, seq: null } })).toBe(0);
    expect((await verifyAuditChain()).broken).toBeNull();
  });

  it('seals new rows in order and verifies every link', async () => {
    const ids = await writeRows(5);
    expect(await sealAuditLog()).toBeGreaterThanOrEqual(5);
    const sealed = await prisma.auditLog.findMany({
      where: { id: { in: ids } },
      orderBy: { id: 'asc' },
      select: { seq: true, hash: true },
    });
    expect(sealed.every((r) => r.seq !== null && r.hash?.length === 32)).toBe(true);
    const seqs = sealed.map((r) => Number(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const report = await verifyAuditChain();
    expect(report.broken).toBeNull();
    expect(report.checked).toBeGreaterThanOrEqual(Math.max(...seqs));
  });

  it('refuses updates and deletes from the application, sealed or not', async () => {
    const [id] = await writeRows(1);
    await expect(prisma.auditLog.update({ where: { id: id! }, data: { action: 'forged' } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditLog.delete({ where: { id: id! } })).rejects.toThrow(/append-only/);
    await expect(
      prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "seq" = 999999999, "hash" = '\\x00'::bytea, "action" = 'x' WHERE id = ${id}`),
    ).rejects.toThrow(/append-only/);
    await sealAuditLog();
    await expect(prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "hash" = '\\x00'::bytea WHERE id = ${id}`)).rejects.toThrow(/append-only/);
  });

  it('names the first broken link when a superuser edits a sealed row, and holds again once it is restored', async () => {
    const [first, second] = await writeRows(2);
    await sealAuditLog();
    const row = await prisma.auditLog.findUniqueOrThrow({ where: { id: second! } });
    await asSuperuser(() => prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "after" = '{"i": 1, "note": "篡改"}' WHERE id = ${second}`));
    try {
      const report = await verifyAuditChain();
      expect(report.broken).toEqual({ seq: Number(row.seq), auditLogId: String(second) });
      const out = cli();
      expect(out.status).toBe(1);
      expect(out.stderr).toContain(`position ${row.seq}`);
    } finally {
      await asSuperuser(() =>
        prisma.$executeRawUnsafe(`UPDATE "AuditLog" SET "after" = $1::jsonb WHERE id = ${second}`, JSON.stringify(row.after)),
      );
    }
    expect((await verifyAuditChain()).broken).toBeNull();
    expect(first).toBeLessThan(second!);
  });

  it('detects a removed row as a gap at its position', async () => {
    const [id] = await writeRows(1);
    await writeRows(1);
    await sealAuditLog();
    const row = await prisma.auditLog.findUniqueOrThrow({ where: { id: id! } });
    await asSuperuser(() => prisma.auditLog.delete({ where: { id: id! } }));
    try {
      expect((await verifyAuditChain()).broken?.seq).toBe(Number(row.seq));
    } finally {
      await asSuperuser(() => prisma.auditLog.create({ data: { ...row, before: row.before ?? undefined, after: row.after ?? undefined } }));
    }
    expect((await verifyAuditChain()).broken).toBeNull();
    const ok = cli();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit chain intact: \d+ link/);
  });
});
