import { mkdirSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { SESSION_SETTINGS } from './session-settings.ts';
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import { env } from '../config/env.ts';

export type Database = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

/** Which database this process talks to: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export function databaseFromEnv(): Database {
  return env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dir: env.PGLITE_DIR };
}

const pglites = new Map<string, PGlite>();

/** One PGlite instance per directory: it is a single connection and must be shared in-process. */
export function openPGlite(dir: string): PGlite {
  let db = pglites.get(dir);
  if (!db) {
    if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
    db = new PGlite(dir);
    pglites.set(dir, db);
  }
  return db;
}

/**
 * Both adapters' script paths fall short for migrations (see below), so scripts are run here. A database
 * error goes back as a DriverAdapterError: the schema engine then reports and records PostgreSQL's
 * message; any other error would reach it only as "External error id#N".
 */
function scriptError(error: unknown): never {
  if (error instanceof Error && 'code' in error && 'severity' in error) {
    const e = error as Error & { code: string; severity: string; detail?: string; column?: string; hint?: string };
    throw new DriverAdapterError({
      kind: 'postgres',
      code: e.code,
      severity: e.severity,
      message: e.message,
      detail: e.detail,
      column: e.column,
      hint: e.hint,
    });
  }
  throw error;
}

/**
 * adapter-pg runs a migration script by splitting it on every ';', which breaks on a semicolon in a
 * comment or a function body. PostgreSQL's simple query protocol runs a whole script in one round
 * trip, so scripts are sent whole.
 */
class PrismaPgWholeScripts extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string) => {
      await adapter.underlyingDriver().query(script).catch(scriptError);
    };
    return adapter;
  }
}

/**
 * pglite-prisma-adapter 0.7.2 does not await the script it runs: a failing migration would be recorded
 * as applied and its error would surface later as an unhandled rejection.
 */
async function connectPGlite(db: PGlite): Promise<SqlDriverAdapter> {
  const adapter = await (new PrismaPGlite(db) as unknown as SqlMigrationAwareDriverAdapterFactory).connect();
  adapter.executeScript = async (script: string) => {
    await db.exec(script).catch(scriptError);
  };
  return adapter;
}

/**
 * A PGlite adapter factory. The engine asks for a shadow database only to replay migrations for a diff;
 * without `shadow` it gets a fresh in-memory PGlite that closes with its connection.
 */
export function pgliteAdapterFactory(open: () => PGlite, shadow?: () => PGlite): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: async () => connectPGlite(open()),
    connectToShadowDb: async () => {
      if (shadow) return connectPGlite(shadow());
      const db = new PGlite();
      const adapter = await connectPGlite(db);
      adapter.dispose = () => db.close();
      return adapter;
    },
  };
}

export function createAdapterFactory(database: Database): SqlMigrationAwareDriverAdapterFactory {
  if (database.kind === 'postgres') {
    return new PrismaPgWholeScripts({
      connectionString: database.url,
      max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
      options: SESSION_SETTINGS,
    });
  }
  // Opened on first use, so importing this module (for the types or the factory) starts no database.
  return pgliteAdapterFactory(() => openPGlite(database.dir));
}

export function createPrismaClient(database: Database = databaseFromEnv()) {
  // Query events let tests and benchmarks count SQL statements per request.
  return new PrismaClient({ adapter: createAdapterFactory(database), log: [{ emit: 'event', level: 'query' }] });
}

export type Prisma = ReturnType<typeof createPrismaClient>;

/** The process-wide client. Import it; never put it on the GraphQL context. */
export const prisma: Prisma = createPrismaClient();

export type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];
