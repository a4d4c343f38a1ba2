import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterFactory, openPGlite } from '../../api/src/db/client.ts';
import { applyMigrations, checkMigrations, createMigration } from '../../api/src/db/migrate.ts';

// Each database here is this file's own, created empty, so nothing depends on the suite's global setup.
const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const schemaPath = fileURLToPath(new URL('../../prisma/schema', import.meta.url));
const migrationNames = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ENGINE_TIMEOUT = 180_000;

type Row = Record<string, unknown>;
type Query = (text: string, values?: unknown[]) => Promise<Row[]>;
type Database = { factory: ReturnType<typeof createAdapterFactory>; query: Query; close(): Promise<void> };

async function withAdmin<T>(use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    return await use(admin);
  } finally {
    await admin.end().catch(() => {});
  }
}

const postgresReachable = await withAdmin(async () => true).catch(() => false);
if (!postgresReachable && process.env.CARECERT_REQUIRE_SERVICES === '1') throw new Error(`PostgreSQL unreachable at ${ADMIN_URL}`);

async function freshPGlite(): Promise<Database> {
  const dir = `memory://migrations-test-${randomUUID()}`;
  const db = openPGlite(dir);
  return {
    factory: createAdapterFactory({ kind: 'pglite', dir }),
    query: async (text, values) => (await db.query<Row>(text, values)).rows,
    close: () => db.close(),
  };
}

async function freshPostgres(): Promise<Database> {
  const name = `carecert_migrations_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    factory: createAdapterFactory({ kind: 'postgres', url: url.toString() }),
    query: async (text, values) => (await client.query<Row>(text, values)).rows,
    close: async () => {
      await client.end();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** The committed migrations plus one more, in a folder of its own. */
function migrationsWith(name: string, sql: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'carecert-migrations-'));
  cpSync(migrationsDir, dir, { recursive: true });
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'migration.sql'), sql);
  return dir;
}

describe.each([
  { kind: 'PGlite', open: freshPGlite, skip: false },
  { kind: 'PostgreSQL', open: freshPostgres, skip: !postgresReachable },
])('migrations on a fresh $kind database', ({ open, skip }) => {
  let db: Database;
  beforeAll(async () => {
    if (!skip) db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it.skipIf(skip)('applies every migration once, recorded as `prisma migrate deploy` records it', { timeout: ENGINE_TIMEOUT }, async () => {
    expect(await applyMigrations(db.factory, { migrationsDir })).toEqual(migrationNames);

    const rows = await db.query(
      'SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at, logs FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows).toEqual(
      migrationNames.map((name) => ({
        migration_name: name,
        checksum: sha256(join(migrationsDir, name, 'migration.sql')),
        finished_at: expect.any(Date),
        applied_steps_count: 1,
        rolled_back_at: null,
        logs: null,
      })),
    );

    expect(await applyMigrations(db.factory, { migrationsDir })).toEqual([]);
    expect(await db.query('SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: migrationNames.length }]);
  });

  it.skipIf(skip)('enforces the hand-written CHECK constraints and the membership unique index', async () => {
    await expect(
      db.query(`INSERT INTO "Region" (id, code, name, level, path) VALUES (gen_random_uuid(), '36000A', 'x', 'PROVINCE', '36000A')`),
    ).rejects.toThrow(/Region_code_format/);

    const [region] = await db.query(
      `INSERT INTO "Region" (id, code, name, level, path) VALUES (gen_random_uuid(), '990000', 'x', 'PROVINCE', '990000') RETURNING id`,
    );
    const [user] = await db.query(
      `INSERT INTO "User" (id, username, "displayName", "passwordHash", "updatedAt") VALUES (gen_random_uuid(), 'migration-test', 'x', 'x', now()) RETURNING id`,
    );
    const addMembership = (role: string, regionId: unknown) =>
      db.query(`INSERT INTO "Membership" (id, "userId", role, "regionId") VALUES (gen_random_uuid(), $1, $2::"Role", $3)`, [
        user!.id,
        role,
        regionId,
      ]);

    await expect(addMembership('ADMIN', region!.id)).rejects.toThrow(/Membership_scope_matches_role/);
    await expect(addMembership('HR_REVIEWER', null)).rejects.toThrow(/Membership_scope_matches_role/);
    await addMembership('HR_REVIEWER', region!.id);
    await addMembership('ADMIN', null);
    // NULL organisation and region compare equal here, so the same grant cannot be held twice.
    await expect(addMembership('ADMIN', null)).rejects.toThrow(/Membership_unique_scope/);
  });

  it.skipIf(skip)('keeps the audit log append-only', async () => {
    const [entry] = await db.query(
      `INSERT INTO "AuditLog" (action, "entityType", "entityId") VALUES ('test.append', 'Test', '1') RETURNING id`,
    );
    await expect(db.query(`UPDATE "AuditLog" SET action = 'test.rewritten' WHERE id = $1`, [entry!.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM "AuditLog" WHERE id = $1`, [entry!.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE "AuditLog"`)).rejects.toThrow(/append-only/);
    expect(await db.query(`SELECT action FROM "AuditLog" WHERE id = $1`, [entry!.id])).toEqual([{ action: 'test.append' }]);
  });

  it.skipIf(skip)(
    'records a failing migration as failed, leaves nothing of it behind and stops there',
    { timeout: ENGINE_TIMEOUT },
    async () => {
      const dir = migrationsWith('29991231235959_broken', 'CREATE TABLE "Broken" (id int);\nSELECT * FROM no_such_table;\n');
      try {
        await expect(applyMigrations(db.factory, { migrationsDir: dir })).rejects.toThrow(/no_such_table/);
        const [failed] = await db.query(`SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = '29991231235959_broken'`);
        expect(failed).toEqual({ finished_at: null, logs: expect.stringMatching(/no_such_table/) });
        expect(await db.query(`SELECT to_regclass('"Broken"')::text AS t`)).toEqual([{ t: null }]);
        // As with `prisma migrate deploy`, a failed migration blocks the next deploy until it is resolved.
        await expect(applyMigrations(db.factory, { migrationsDir: dir })).rejects.toThrow(/failed/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('checkMigrations and createMigration', () => {
  const work = mkdtempSync(join(tmpdir(), 'carecert-schema-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** The schema folder with one more column on Organisation (in its domain's file). */
  function schemaWithExtraField(): string {
    const path = join(work, 'schema');
    cpSync(schemaPath, path, { recursive: true });
    const file = join(path, 'organisations.prisma');
    const schema = readFileSync(file, 'utf8');
    expect(schema).toContain('model Organisation {\n');
    writeFileSync(file, schema.replace('model Organisation {\n', 'model Organisation {\n  migrationTestExtra Int?\n'));
    return path;
  }

  it(
    'finds no drift between the schema folder and the committed migrations, CHECKs and triggers included',
    { timeout: ENGINE_TIMEOUT },
    async () => {
      expect(await checkMigrations()).toBeNull();
    },
  );

  it('reports a field the migrations lack, and writes the migration that adds it', { timeout: ENGINE_TIMEOUT }, async () => {
    const extraSchema = schemaWithExtraField();
    const addColumn = /ALTER TABLE "Organisation" ADD COLUMN\s+"migrationTestExtra" INTEGER;/;
    expect(await checkMigrations({ migrationsDir, schemaPath: extraSchema })).toMatch(addColumn);

    const dir = join(work, 'migrations');
    cpSync(migrationsDir, dir, { recursive: true });
    const created = await createMigration('add_extra', { migrationsDir: dir, schemaPath: extraSchema });
    expect(basename(created!)).toMatch(/^\d{14}_add_extra$/);
    expect(readFileSync(join(created!, 'migration.sql'), 'utf8')).toMatch(addColumn);
    expect(await checkMigrations({ migrationsDir: dir, schemaPath: extraSchema })).toBeNull();
  });

  it('starts an empty folder with the lockfile and a first migration that matches the schema', { timeout: ENGINE_TIMEOUT }, async () => {
    const dir = join(work, 'fresh');
    const created = await createMigration('init', { migrationsDir: dir, schemaPath });
    expect(basename(created!)).toMatch(/^\d{14}_init$/);
    expect(existsSync(join(created!, 'migration.sql'))).toBe(true);
    expect(readFileSync(join(dir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');
    expect(await checkMigrations({ migrationsDir: dir, schemaPath })).toBeNull();
    expect(await createMigration('again', { migrationsDir: dir, schemaPath })).toBeNull();
  });
});
