import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Row } from './report.ts';

const run = promisify(execFile);
const DATABASE = 'bench_pgbench';
const SCALE = 5;

async function tps(args: string[]): Promise<number> {
  const { stdout } = await run('pgbench', ['-h', '127.0.0.1', '-U', 'postgres', ...args, DATABASE]);
  const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  if (!match) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(match[1]);
}

/**
 * The machine's yardstick: pgbench at scale 5 in its own database, TPC-B-like and select-only, 4
 * clients for 15 s each. Compare these figures between runs before comparing the program's.
 */
export async function pgbenchRows(): Promise<Row[]> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  await run('pgbench', ['-h', '127.0.0.1', '-U', 'postgres', '-i', '-q', '-s', String(SCALE), DATABASE]);
  const common = ['-c', '4', '-j', '2', '-T', '15'];
  return [
    {
      scenario: 'pgbench (machine)',
      metric: `TPC-B-like, scale ${SCALE}, 4 clients`,
      a: await tps(common),
      b: null,
      unit: 'tps',
      target: '',
      met: null,
      note: '',
    },
    {
      scenario: 'pgbench (machine)',
      metric: `select-only, scale ${SCALE}, 4 clients`,
      a: await tps([...common, '-S']),
      b: null,
      unit: 'tps',
      target: '',
      met: null,
      note: '',
    },
  ];
}
