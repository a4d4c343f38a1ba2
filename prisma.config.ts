import { defineConfig } from 'prisma/config';

// The CLI is only used for `generate` here (offline); migrations go through api/src/db/migrate.cli.ts,
// which writes `_prisma_migrations` exactly as `prisma migrate deploy` would, so operators with network
// access may still use the CLI against the same folder.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/carecert' },
});
