import { mkdirSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { SESSION_SETTINGS } from './session-settings.ts';
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
// PGlite (tens of MiB) is imported only when the embedded default opens it: a server on PostgreSQL never loads it.
import type { PGlite } from '@electric-sql/pglite';
import { PrismaClient } from '../generated/prisma/client.ts';
import { env } from '../config/env.ts';
import { logger } from '../logger.ts';

export type Database = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

/** Which database this process talks to: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export function databaseFromEnv(): Database {
  return env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dir: env.PGLITE_DIR };
}

const pglites = new Map<string, Promise<PGlite>>();

/** A new PGlite (in memory without a directory). */
export async function newPGlite(dir?: string): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite');
  return new PGlite(dir);
}

/** One PGlite instance per directory: it is a single connection and must be shared in-process. */
export function openPGlite(dir: string): Promise<PGlite> {
  let db = pglites.get(dir);
  if (!db) {
    if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
    db = newPGlite(dir);
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
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
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
export function pgliteAdapterFactory(
  open: () => PGlite | Promise<PGlite>,
  shadow?: () => PGlite | Promise<PGlite>,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: async () => connectPGlite(await open()),
    connectToShadowDb: async () => {
      if (shadow) return connectPGlite(await shadow());
      const db = await newPGlite();
      const adapter = await connectPGlite(db);
      adapter.dispose = () => db.close();
      return adapter;
    },
  };
}

const poolConfig = (url: string): pg.PoolConfig => ({
  connectionString: url,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  options: SESSION_SETTINGS,
});

/** With `pool`, Prisma shares that pool (and ends it on disconnect) instead of opening its own. */
export function createAdapterFactory(database: Database, pool?: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  if (database.kind === 'postgres') {
    return pool ? new PrismaPgWholeScripts(pool, { disposeExternalPool: true }) : new PrismaPgWholeScripts(poolConfig(database.url));
  }
  // Opened on first use, so importing this module (for the types or the factory) starts no database.
  return pgliteAdapterFactory(() => openPGlite(database.dir));
}

export function createPrismaClient(database: Database = databaseFromEnv(), pool?: pg.Pool) {
  // Query events let tests and benchmarks count SQL statements per request.
  return new PrismaClient({ adapter: createAdapterFactory(database, pool), log: [{ emit: 'event', level: 'query' }] });
}

export type Prisma = ReturnType<typeof createPrismaClient>;

const database = databaseFromEnv();
/**
 * The process-wide pool on PostgreSQL (none on PGlite). Prisma runs on it, and the hot reads send their
 * one JSON-building statement straight to it (`queryJsonText`): Prisma's raw-query path costs about
 * three times the CPU of the query itself (163 against 50 µs a statement, measured in process).
 */
const pool = database.kind === 'postgres' ? new pg.Pool(poolConfig(database.url)) : null;
// An idle connection that drops (a database restart) is replaced on next use; unheard, the error would
// end the process before Prisma's adapter, which listens once it connects, has been used.
pool?.on('error', (err) => logger.warn({ err }, 'an idle database connection closed'));

/** The process-wide client. Import it; never put it on the GraphQL context. */
export const prisma: Prisma = createPrismaClient(database, pool ?? undefined);

const statementListeners = new Set<() => void>();
prisma.$on('query', () => {
  for (const listener of statementListeners) listener();
});

/** Called for every SQL statement the process-wide client or `queryJsonText` sends: tests and the benchmark count them per request. */
export function onStatement(listener: () => void): void {
  statementListeners.add(listener);
}

/**
 * The text of the one column of the one row a statement returns, read straight from the pool (through
 * Prisma on PGlite, or once the pool is closed). Not inside a transaction: for reads outside one only.
 */
export async function queryJsonText(sql: string, params: unknown[]): Promise<string> {
  if (!pool || pool.ended) {
    const rows = await prisma.$queryRawUnsafe<Record<string, string>[]>(sql, ...params);
    return Object.values(rows[0]!)[0]!;
  }
  for (const listener of statementListeners) listener();
  // node-postgres writes a Date in the process's time zone; timestamps are stored as UTC, as Prisma writes them.
  const values = params.map((v) => (v instanceof Date ? v.toISOString() : v));
  const result = await pool.query<string[]>({ text: sql, values, rowMode: 'array' });
  return result.rows[0]![0]!;
}

export type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0];
