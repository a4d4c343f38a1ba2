import { createAdapterFactory, databaseFromEnv } from './client.ts';
import { applyMigrations, createMigration, pendingSchemaSql } from './migrate.ts';

// pnpm db:migrate | db:migration <name> | db:check
const [command, name] = process.argv.slice(2);

try {
  if (command === 'deploy') {
    const database = databaseFromEnv();
    const applied = await applyMigrations(createAdapterFactory(database));
    const where = database.kind === 'postgres' ? 'PostgreSQL' : `PGlite at ${database.dir}`;
    for (const m of applied) console.log(`applied ${m}`);
    console.log(applied.length ? `${applied.length} migration(s) applied to ${where}` : `${where} is up to date`);
  } else if (command === 'create') {
    if (!name) throw new Error('usage: pnpm db:migration <name>');
    const dir = await createMigration(name);
    console.log(dir ? `wrote ${dir}/migration.sql` : 'schema.prisma matches the migrations: nothing to write');
  } else if (command === 'check') {
    const sql = await pendingSchemaSql();
    if (sql) {
      console.error('prisma/schema.prisma and prisma/migrations disagree. Run `pnpm db:migration <name>`. Missing SQL:\n');
      console.error(sql);
      process.exitCode = 1;
    } else console.log('schema.prisma and the migrations agree.');
  } else {
    throw new Error('usage: migrate.cli.ts deploy | create <name> | check');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
process.exit();
