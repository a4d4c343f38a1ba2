import pg from 'pg';

/** Where the benchmark data lives: one database per size, reused by later runs. */
export function benchDatabaseUrl(caregivers: number): string {
  return `postgresql://postgres@127.0.0.1:5432/bench_carecert_${caregivers}`;
}

const ADMIN_URL = process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function databaseReady(url: string): Promise<boolean> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) {
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const ready = await db.query(`SELECT 1 FROM pg_tables WHERE tablename = '_bench_ready'`).finally(() => db.end());
      if (ready.rowCount) return true;
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${name}"`);
    return false;
  } finally {
    await admin.end();
  }
}

/**
 * The demo data plus the large generator (prisma/seed-large.ts: ~3,000 counties, a care home each,
 * caregivers with employment and certificates), then course places for about 40 % of the synthetic
 * caregivers. Sizes and shares are fixed;
 * row ids are random UUIDs, so which person holds what differs between fresh databases.
 * Must be called with DATABASE_URL already set to `url` (the API modules read it on import).
 */
export async function prepareData(url: string, caregivers: number): Promise<void> {
  const { applyMigrations } = await import('../../api/src/db/migrate.ts');
  const { createAdapterFactory, prisma } = await import('../../api/src/db/client.ts');
  // A kept database still gets the migrations added since it was built.
  if (await databaseReady(url)) return void (await applyMigrations(createAdapterFactory({ kind: 'postgres', url })));
  const started = Date.now();
  const { seed } = await import('../../prisma/seed.ts');
  const { seedLarge } = await import('../../prisma/seed-large.ts');
  await applyMigrations(createAdapterFactory({ kind: 'postgres', url }));
  await seed(prisma);
  await seedLarge(prisma, caregivers);
  await prisma.$executeRaw`
    INSERT INTO "Enrolment" (id, "courseId", "caregiverId", status, "enrolledAt", "completedOn", "attendedHours", score, "updatedAt")
    SELECT gen_random_uuid(), co.id, c.id, 'COMPLETED', TIMESTAMPTZ '2025-03-01', DATE '2025-06-30', co."requiredHours", 80, now()
    FROM "Caregiver" c
    JOIN "Region" r ON r.id = c."regionId" AND r.name LIKE '%第%县'
    CROSS JOIN LATERAL (
      SELECT id, "requiredHours" FROM "Course" WHERE status <> 'DRAFT' ORDER BY code OFFSET abs(hashtext(c.id::text)) % 3 LIMIT 1
    ) co
    WHERE abs(hashtext(c.id::text || 'enrol')) % 100 < 40
    ON CONFLICT DO NOTHING`;
  await prisma.$executeRaw`ANALYZE`;
  await prisma.$executeRaw`CREATE TABLE _bench_ready (at timestamptz DEFAULT now())`;
  await prisma.$executeRaw`INSERT INTO _bench_ready DEFAULT VALUES`;
  console.log(`[bench] data for ${caregivers} caregivers made in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
