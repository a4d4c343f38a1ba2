import { afterAll, inject } from 'vitest';

// Runs before each test file imports the API, whose config is read from the environment once.
const databaseUrl = inject('databaseUrl');
const redisUrl = inject('redisUrl');
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'silent';
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DIR = 'memory://';
}
if (redisUrl) process.env.REDIS_URL = redisUrl;
else delete process.env.REDIS_URL;

if (!databaseUrl) {
  // The in-memory PGlite of this worker starts empty.
  const { applyMigrations } = await import('../../api/src/db/migrate.ts');
  const { createAdapterFactory } = await import('../../api/src/db/client.ts');
  await applyMigrations(createAdapterFactory({ kind: 'pglite', dir: 'memory://' }));
}

// Each file's pool must close, or the worker never exits.
afterAll(async () => {
  const { prisma } = await import('../../api/src/db/client.ts');
  await prisma.$disconnect();
});
