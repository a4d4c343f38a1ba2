import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterFactory, createPrismaClient, type Prisma } from '../../api/src/db/client.ts';
import { applyMigrations } from '../../api/src/db/migrate.ts';
import { applyReferenceData, ensureInitialAdmin } from '../../prisma/reference/apply.ts';
import { PROVINCES } from '../../prisma/reference/provinces.ts';
import { DEFAULT_TARGETS } from '../../prisma/reference/workforce-targets.ts';
import { createDatabase, dropDatabase } from '../support/services.ts';

/** A deployment's database before its first user: migrated, reference data only, no demo data. */
const hasPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!hasPostgres)('reference data on an empty database', () => {
  let db: { name: string; url: string };
  let client: Prisma;

  beforeAll(async () => {
    db = await createDatabase('carecert_reference');
    await applyMigrations(createAdapterFactory({ kind: 'postgres', url: db.url }));
    client = createPrismaClient({ kind: 'postgres', url: db.url });
  }, 120_000);

  afterAll(async () => {
    await client?.$disconnect();
    if (db) await dropDatabase(db.name);
  });

  it('applies skill levels, provinces and default targets once, even when two processes start together', async () => {
    const [first, second] = await Promise.all([
      applyReferenceData(client),
      applyReferenceData(createPrismaClient({ kind: 'postgres', url: db.url })),
    ]);
    expect([...first, ...second].sort()).toEqual(['default-workforce-targets', 'provinces', 'skill-levels']);

    const levels = await client.skillLevel.findMany({
      orderBy: { rank: 'asc' },
      select: { code: true, grade: true, requiresReview: true },
    });
    expect(levels.map((l) => l.code)).toEqual(['APPRENTICE', 'L5', 'L4', 'L3', 'L2', 'L1', 'SPECIAL_TECHNICIAN', 'CHIEF_TECHNICIAN']);
    expect(levels.filter((l) => l.requiresReview).map((l) => l.code)).toEqual(expect.arrayContaining(['L2', 'L1']));
    expect(await client.region.count({ where: { level: 'PROVINCE' } })).toBe(PROVINCES.length);
    expect(await client.workforceTarget.count({ where: { regionId: null } })).toBe(DEFAULT_TARGETS.length);
    // A default says it is one, so no region reads another region's plan as its own.
    const defaults = await client.workforceTarget.findMany({ where: { regionId: null }, select: { source: true } });
    expect(defaults.every((d) => d.source.startsWith('平台默认目标') && /《.+》/.test(d.source))).toBe(true);
    // Reference data is not demo data.
    expect(await client.user.count()).toBe(0);
    expect(await client.organisation.count()).toBe(0);
    expect(await client.caregiver.count()).toBe(0);
    expect(await client.region.count({ where: { level: { not: 'PROVINCE' } } })).toBe(0);

    // A second start finds every set current and writes nothing.
    expect(await applyReferenceData(client)).toEqual([]);
    expect(await client.workforceTarget.count({ where: { regionId: null } })).toBe(DEFAULT_TARGETS.length);
  });

  it('brings an older set up to date without duplicating it', async () => {
    await client.referenceDataSet.update({ where: { name: 'default-workforce-targets' }, data: { version: 0 } });
    await client.workforceTarget.updateMany({ where: { regionId: null, indicator: 'CERTIFIED_PER_10K', year: 2025 }, data: { value: 1 } });
    expect(await applyReferenceData(client)).toEqual(['default-workforce-targets']);
    expect(await client.workforceTarget.count({ where: { regionId: null } })).toBe(DEFAULT_TARGETS.length);
    const target = await client.workforceTarget.findFirstOrThrow({ where: { regionId: null, indicator: 'CERTIFIED_PER_10K', year: 2025 } });
    expect(Number(target.value)).toBe(25);
  });

  it('creates the first administrator from the environment once, audited, and never again', async () => {
    expect(await ensureInitialAdmin(client, {})).toBeNull();
    expect(await ensureInitialAdmin(client, { INITIAL_ADMIN_USERNAME: 'Operator', INITIAL_ADMIN_PASSWORD: 'Qz8#first-admin-2026' })).toBe(
      'operator',
    );
    const admin = await client.user.findUniqueOrThrow({ where: { username: 'operator' }, include: { memberships: true } });
    expect(admin.memberships.map((m) => m.role)).toEqual(['ADMIN']);
    expect(await client.auditLog.count({ where: { action: 'user.createInitialAdmin', entityId: admin.id } })).toBe(1);
    expect(
      await ensureInitialAdmin(client, { INITIAL_ADMIN_USERNAME: 'second', INITIAL_ADMIN_PASSWORD: 'Qz8#first-admin-2026' }),
    ).toBeNull();
    expect(await client.user.count()).toBe(1);
  });
});
