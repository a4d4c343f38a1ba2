import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The embedded default exactly as `pnpm dev` runs it: no DATABASE_URL, no REDIS_URL, a PGlite
// directory, migrations and demo data, then the API answering real HTTP.
const root = new URL('../../', import.meta.url).pathname;
const migrations = readdirSync(join(root, 'prisma/migrations')).filter((name) => /^\d{14}_/.test(name)).length;
const dir = mkdtempSync(join(tmpdir(), 'carecert-pglite-'));
const env: NodeJS.ProcessEnv = { ...process.env, PGLITE_DIR: join(dir, 'db'), LOG_LEVEL: 'warn', NODE_ENV: 'development' };
delete env.DATABASE_URL;
delete env.REDIS_URL;

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['-s', ...args], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')}: ${out}`))));
  });
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let api: ChildProcess;
let url: string;

beforeAll(async () => {
  expect(await run(['db:migrate'])).toContain(`${migrations} migration(s) applied`);
  expect(await run(['db:migrate'])).not.toMatch(/applied \d{14}_/);
  expect(await run(['db:seed'])).toContain('Demo data loaded');
  expect(await run(['db:seed'])).toContain('nothing changed');
  const port = await freePort();
  url = `http://127.0.0.1:${port}/graphql`;
  api = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: root,
    env: { ...env, API_PORT: String(port) },
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('embedded API did not start');
}, 300_000);

afterAll(async () => {
  api?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dir, { recursive: true, force: true });
});

const post = async (query: string, variables: Record<string, unknown> = {}, token?: string) =>
  (await (
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    })
  ).json()) as { data: any };

describe('embedded default (PGlite, jobs in process)', () => {
  it('signs in a demo login and lists that institution’s caregivers', async () => {
    const login = await post(
      `mutation($i: LoginInput!) { login(input: $i) { __typename ... on MutationLoginSuccess { data { token } } } }`,
      {
        i: { username: 'institution', password: 'CareCert#2026' },
      },
    );
    expect(login.data.login.__typename).toBe('MutationLoginSuccess');
    const list = await post(`{ caregivers(first: 5) { totalCount edges { node { residentIdMasked } } } }`, {}, login.data.login.data.token);
    expect(list.data.caregivers.totalCount).toBeGreaterThan(5);
    expect(list.data.caregivers.edges[0].node.residentIdMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
  });

  it('serves the region tree of the seeds', async () => {
    const res = await post(`{ region(code: "361100") { name children(first: 20) { totalCount } } }`);
    expect(res.data.region).toEqual({ name: '上饶市', children: { totalCount: 12 } });
  });
});
