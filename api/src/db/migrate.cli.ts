import { createAdapterFactory, databaseFromEnv, openPGlite } from './client.ts';
import { applyMigrations, checkMigrations, createMigration } from './migrate.ts';

// pnpm db:migrate | db:migration <name> | db:check
const usage = 'usage: migrate.cli.ts deploy | create <name> | check';
const [command, name, ...extra] = process.argv.slice(2);

async function deploy(): Promise<void> {
  const database = databaseFromEnv();
  const where = database.kind === 'postgres' ? `PostgreSQL ${new URL(database.url).pathname.slice(1)}` : `PGlite at ${database.dir}`;
  const pglite = database.kind === 'pglite' ? openPGlite(database.dir) : null;
  try {
    const applied = await applyMigrations(createAdapterFactory(database));
    for (const migration of applied) console.log(`applied ${migration}`);
    console.log(applied.length ? `${where}: ${applied.length} migration(s) applied` : `${where}: up to date`);
  } finally {
    // A clean shutdown spares the next start of the embedded database a recovery.
    await pglite?.close();
  }
}

async function create(migrationName: string): Promise<void> {
  const dir = await createMigration(migrationName);
  console.log(dir ? `wrote ${dir}/migration.sql` : 'schema.prisma matches the migrations: nothing to write');
}

async function check(): Promise<void> {
  const missing = await checkMigrations();
  if (missing === null) {
    console.log('schema.prisma and the migrations agree');
    return;
  }
  console.error(
    `prisma/schema.prisma and prisma/migrations disagree; run \`pnpm db:migration <name>\`. The migrations lack:\n\n${missing}`,
  );
  process.exitCode = 1;
}

try {
  if (command === 'deploy' && name === undefined) await deploy();
  else if (command === 'create' && name !== undefined && extra.length === 0) await create(name);
  else if (command === 'check' && name === undefined) await check();
  else throw new Error(usage);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
// The wasm engine leaves a 10-second timer pending after it is freed; nothing else is left to do.
process.exit();
