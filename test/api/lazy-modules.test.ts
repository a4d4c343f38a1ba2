import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Each of these is megabytes of heap in every API process that loads it (BENCHMARKS.md, issue 21).
const root = new URL('../../', import.meta.url).pathname;
async function filesLoaded(env: NodeJS.ProcessEnv, query: boolean): Promise<Record<string, number>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'test/support/module-probe.ts', ...(query ? ['--query'] : [])],
    {
      cwd: root,
      env: { ...env, LOG_LEVEL: 'silent' },
      timeout: 90_000,
    },
  );
  return JSON.parse(/loaded=(\{.*\})/.exec(stdout)?.[1] ?? '{}') as Record<string, number>;
}

describe('heavy libraries are loaded only when used', () => {
  it('a server on PostgreSQL loads no PGlite, the embedded default loads it when it opens the database', async () => {
    const { REDIS_URL: _redis, DATABASE_URL: _db, ...rest } = process.env;
    const [server, embedded] = await Promise.all([
      filesLoaded({ ...rest, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' }, false),
      filesLoaded({ ...rest, PGLITE_DIR: 'memory://' }, true),
    ]);
    // Printing a certificate, writing a bank file and setting a password load their libraries then.
    expect(server).toEqual({ pglite: 0, pdfkit: 0, qrcode: 0, exceljs: 0, zxcvbn: 0 });
    expect(embedded.pglite).toBeGreaterThan(0);
  }, 120_000);
});
