import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaEngine, SchemasContainer } from '@prisma/schema-engine-wasm';
import { pgliteAdapterFactory } from './client.ts';
import { runtimePaths } from '../config/paths.ts';
import { withSchemaEngine } from './schema-engine.ts';

/** Defaults to the repository's prisma/migrations and prisma/schema/, looked up on use. */
export type MigrationPaths = { migrationsDir?: string; schemaPath?: string };
const defaultMigrationsDir = runtimePaths.migrations;
const defaultSchemaPath = runtimePaths.prismaSchema;

const LOCKFILE = 'migration_lock.toml';
const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Reads the migrations folder as Prisma's CLI hands it to the engine. */
function readMigrations(migrationsDir: string): MigrationList {
  const lockPath = join(migrationsDir, LOCKFILE);
  const names = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort((a, b) => a.localeCompare(b))
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = join(migrationsDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

/** Every .prisma file of the schema folder (or the one file given). */
function readSchema(schemaPath: string): SchemasContainer {
  const files = statSync(schemaPath).isDirectory()
    ? readdirSync(schemaPath)
        .filter((f) => f.endsWith('.prisma'))
        .sort()
        .map((f) => join(schemaPath, f))
    : [schemaPath];
  return { files: files.map((path) => ({ path, content: readFileSync(path, 'utf8') })) };
}

/**
 * Applies the pending migrations with Prisma's own engine, so `_prisma_migrations` is written exactly
 * as `prisma migrate deploy` writes it. Returns the names applied, in order.
 */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  { migrationsDir = defaultMigrationsDir() }: MigrationPaths = {},
): Promise<string[]> {
  const migrationsList = readMigrations(migrationsDir);
  const { appliedMigrationNames } = await withSchemaEngine(adapterFactory, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  return appliedMigrationNames;
}

/**
 * The engine replays the migrations on a shadow database to learn the schema they produce. A throw-away
 * in-memory PGlite serves as both its main and its shadow database, so diffing needs no server.
 */
async function withScratchEngine<T>(use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const scratch = new PGlite();
  try {
    return await withSchemaEngine(
      pgliteAdapterFactory(
        () => scratch,
        () => scratch,
      ),
      use,
    );
  } finally {
    await scratch.close();
  }
}

/** The SQL that takes a database from the end of the migrations to the schema folder (`prisma/schema/`); null when there is none. */
async function missingSql(migrations: MigrationList, schemaPath: string): Promise<string | null> {
  // With no migrations there may be no lockfile yet, and the engine needs one to read a migrations folder.
  const from = migrations.migrationDirectories.length ? { tag: 'migrations' as const, ...migrations } : { tag: 'empty' as const };
  const { exitCode, stdout } = await withScratchEngine((engine) =>
    engine.diff({ from, to: { tag: 'schemaDatamodel', ...readSchema(schemaPath) }, script: true, exitCode: true, filters: NO_FILTERS }),
  );
  // With `exitCode: true` the engine answers 2 when the diff is not empty, as `prisma migrate diff --exit-code` does.
  return exitCode === 2 && stdout ? stdout : null;
}

/**
 * Compares the schema the migrations produce with the schema folder (`prisma/schema/`). Returns the SQL the migrations lack,
 * or null when they agree. CHECK constraints, triggers and functions are outside Prisma's schema
 * language, so hand-written ones never count as drift.
 */
export async function checkMigrations({
  migrationsDir = defaultMigrationsDir(),
  schemaPath = defaultSchemaPath(),
}: MigrationPaths = {}): Promise<string | null> {
  return missingSql(readMigrations(migrationsDir), schemaPath);
}

/** UTC, as Prisma names migration folders. */
function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, '').slice(0, 14);
}

/**
 * Writes the diff from the migrations to the schema folder (`prisma/schema/`) as `<yyyyMMddHHmmss>_<name>/migration.sql`,
 * as `prisma migrate dev --create-only` would. Returns its directory, or null when nothing changed.
 */
export async function createMigration(
  name: string,
  { migrationsDir = defaultMigrationsDir(), schemaPath = defaultSchemaPath() }: MigrationPaths = {},
): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name "${name}": use lower-case letters, digits and _`);
  const migrations = readMigrations(migrationsDir);
  const sql = await missingSql(migrations, schemaPath);
  if (sql === null) return null;
  const dir = join(migrationsDir, `${timestamp(new Date())}_${name}`);
  mkdirSync(migrationsDir, { recursive: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
  if (migrations.lockfile.content === null) {
    writeFileSync(
      join(migrationsDir, LOCKFILE),
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return dir;
}
