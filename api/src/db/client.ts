import { mkdirSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
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
 * adapter-pg runs a migration script by splitting it on every ';', which breaks on a semicolon in a
 * comment or a function body. PostgreSQL's simple query protocol runs a whole script in one round
 * trip, so scripts are sent whole.
 */
class PrismaPgWholeScripts extends PrismaPg {
  override async connect() {
    const adapter = await super.connect();
    adapter.executeScript = async (script: string) => {
      await adapter.underlyingDriver().query(script);
    };
    return adapter;
  }
}

export function createAdapterFactory(database: Database): SqlMigrationAwareDriverAdapterFactory {
  if (database.kind === 'postgres') {
    return new PrismaPgWholeScripts({ connectionString: database.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  }
  // Opened on first use, so importing this module (for the types or the factory) starts no database.
  const inner = () => new PrismaPGlite(openPGlite(database.dir)) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: () => inner().connect(),
    connectToShadowDb: () => inner().connectToShadowDb(),
  };
}

export function createPrismaClient(database: Database = databaseFromEnv()) {
  // Query events let tests and benchmarks count SQL statements per request.
  return new PrismaClient({ adapter: createAdapterFactory(database), log: [{ emit: 'event', level: 'query' }] });
}

export type Prisma = ReturnType<typeof createPrismaClient>;

/** The process-wide client. Import it; never put it on the GraphQL context. */
export const prisma: Prisma = createPrismaClient();

export type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];
