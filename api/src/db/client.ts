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

export function createAdapterFactory(database: Database): SqlMigrationAwareDriverAdapterFactory {
  if (database.kind === 'postgres') {
    return new PrismaPg({ connectionString: database.url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  }
  return new PrismaPGlite(openPGlite(database.dir)) as unknown as SqlMigrationAwareDriverAdapterFactory;
}

export function createPrismaClient(database: Database = databaseFromEnv()): PrismaClient {
  return new PrismaClient({ adapter: createAdapterFactory(database) });
}

/** The process-wide client. Import it; never put it on the GraphQL context. */
export const prisma: PrismaClient = createPrismaClient();

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
