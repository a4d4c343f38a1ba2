import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// PGlite (and its Prisma adapter) is tens of MiB of memory: only the embedded default may load it.
const root = new URL('../../', import.meta.url).pathname;
async function pgliteFilesLoaded(env: NodeJS.ProcessEnv, query: boolean): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'test/support/pglite-probe.ts', ...(query ? ['--query'] : [])],
    {
      cwd: root,
      env: { ...env, LOG_LEVEL: 'silent' },
      timeout: 90_000,
    },
  );
  return Number(/pglite-files=(\d+)/.exec(stdout)?.[1] ?? NaN);
}

describe('PGlite is loaded only by the embedded default', () => {
  it('a server on PostgreSQL loads none of it, the embedded default loads it when it opens the database', async () => {
    const { REDIS_URL: _redis, DATABASE_URL: _db, ...rest } = process.env;
    const [server, embedded] = await Promise.all([
      pgliteFilesLoaded({ ...rest, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' }, false),
      pgliteFilesLoaded({ ...rest, PGLITE_DIR: 'memory://' }, true),
    ]);
    expect(server).toBe(0);
    expect(embedded).toBeGreaterThan(0);
  }, 120_000);
});
