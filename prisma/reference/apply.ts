import type { PrismaClient } from '../../api/src/generated/prisma/client.ts';
import { recordAudit } from '../../api/src/modules/audit/audit.service.ts';
import { hashPassword } from '../../api/src/modules/auth/password.ts';
import { PROVINCES } from './provinces.ts';
import { SKILL_LEVELS } from './skill-levels.ts';
import { DEFAULT_TARGETS } from './workforce-targets.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * What every deployment needs before its first user, demo or not. Each set has a version: raise it
 * when its data changes, and the next start brings every database up to it. Applying is idempotent
 * (rows are matched by their natural keys), so a set is re-applied safely after a failed start.
 */
const SETS: { name: string; version: number; apply: (tx: Tx) => Promise<void> }[] = [
  {
    name: 'skill-levels',
    version: 1,
    apply: async (tx) => {
      for (const { code, ...level } of SKILL_LEVELS) {
        await tx.skillLevel.upsert({ where: { code }, create: { code, ...level }, update: level });
      }
    },
  },
  {
    name: 'provinces',
    version: 1,
    // Regions an operator has already added stay as they are; only missing provinces are created.
    apply: async (tx) => {
      await tx.region.createMany({
        data: PROVINCES.map((p) => ({ ...p, level: 'PROVINCE' as const, path: p.code })),
        skipDuplicates: true,
      });
    },
  },
  {
    name: 'default-workforce-targets',
    // 2: a default's source says it is the platform default and names the plan it was taken from.
    version: 2,
    // Defaults have no region; PostgreSQL's unique index treats NULLs as distinct, so match by hand.
    apply: async (tx) => {
      for (const target of DEFAULT_TARGETS) {
        const existing = await tx.workforceTarget.findFirst({
          where: { regionId: null, indicator: target.indicator, year: target.year },
          select: { id: true },
        });
        if (existing) await tx.workforceTarget.update({ where: { id: existing.id }, data: { value: target.value, source: target.source } });
        else await tx.workforceTarget.create({ data: { ...target, regionId: null } });
      }
    },
  },
];

/** Brings every reference data set up to its current version; returns the names of the sets applied. */
export async function applyReferenceData(prisma: PrismaClient): Promise<string[]> {
  const applied: string[] = [];
  for (const set of SETS) {
    const done = await prisma.$transaction(async (tx) => {
      // One starter at a time per set: two API processes starting together must not both insert.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`reference:${set.name}`}))`;
      const current = await tx.referenceDataSet.findUnique({ where: { name: set.name } });
      if (current && current.version >= set.version) return false;
      await set.apply(tx);
      await tx.referenceDataSet.upsert({
        where: { name: set.name },
        create: { name: set.name, version: set.version },
        update: { version: set.version, appliedAt: new Date() },
      });
      return true;
    });
    if (done) applied.push(set.name);
  }
  return applied;
}

/**
 * The first administrator of an empty deployment, from INITIAL_ADMIN_USERNAME / INITIAL_ADMIN_PASSWORD.
 * Nothing happens once any admin exists, so the password can stay in the environment without
 * resetting a changed one. Returns the username created, or null.
 */
export async function ensureInitialAdmin(prisma: PrismaClient, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const password = env.INITIAL_ADMIN_PASSWORD;
  if (!password) return null;
  if (await prisma.membership.findFirst({ where: { role: 'ADMIN' }, select: { id: true } })) return null;
  const username = (env.INITIAL_ADMIN_USERNAME ?? 'admin').toLowerCase();
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { username, displayName: '系统管理员', passwordHash, memberships: { create: { role: 'ADMIN' } } },
      select: { id: true, username: true },
    });
    await recordAudit(
      tx,
      { viewer: null, requestId: 'initial-admin' },
      { action: 'user.createInitialAdmin', entityType: 'User', entityId: user.id, after: { username: user.username, role: 'ADMIN' } },
    );
  });
  return username;
}
