import type { TestProject } from 'vitest/node';
import { createDatabase, dropDatabase, postgresReachable, REDIS_URL, redisReachable } from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string | null;
    redisUrl: string | null;
  }
}

/**
 * One fresh, migrated PostgreSQL database per run, and Redis when reachable. Without them the API
 * tests fall back to in-memory PGlite and in-process jobs, and say so; CI sets
 * CARECERT_REQUIRE_SERVICES=1 so that a fallback fails the run instead of hiding skipped checks.
 */
export default async function setup(project: TestProject) {
  const required = process.env.CARECERT_REQUIRE_SERVICES === '1';
  const [pgOk, redisOk] = await Promise.all([postgresReachable(), redisReachable()]);
  if (required && (!pgOk || !redisOk)) {
    throw new Error(
      `CARECERT_REQUIRE_SERVICES=1 but ${!pgOk ? 'PostgreSQL' : ''}${!pgOk && !redisOk ? ' and ' : ''}${!redisOk ? 'Redis' : ''} unreachable`,
    );
  }

  let dbName: string | null = null;
  let databaseUrl: string | null = null;
  if (pgOk) {
    const db = await createDatabase('carecert_api');
    dbName = db.name;
    databaseUrl = db.url;
    const { applyMigrations } = await import('../../api/src/db/migrate.ts');
    const { createAdapterFactory } = await import('../../api/src/db/client.ts');
    await applyMigrations(createAdapterFactory({ kind: 'postgres', url: databaseUrl }));
  } else {
    console.warn('\n[carecert] PostgreSQL unreachable: API tests run on in-memory PGlite; concurrency checks are skipped.\n');
  }
  if (!redisOk) console.warn('\n[carecert] Redis unreachable: queue tests are skipped; jobs run in process.\n');

  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisOk ? REDIS_URL : null);

  return async () => {
    if (dbName) await dropDatabase(dbName);
  };
}
