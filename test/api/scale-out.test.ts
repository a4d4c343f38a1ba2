import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultRig, freePort, spawnNode, spawnWorker, waitFor, type Proc } from '../support/fault-rig.ts';

/**
 * Two API processes and two worker processes on one PostgreSQL and one Redis behave as one system:
 * sessions made anywhere work everywhere, the sign-in throttle and the rate limit count across APIs,
 * monthly batches run on the workers while a read/write load goes through both APIs, and afterwards
 * there is no error, no claim or job twice, and one unbroken audit chain.
 */
const hasServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const REGIONS = 4;
const PEOPLE_PER_REGION = 60;
const USERS = 12;
const SECONDS = 8;
const IP_LIMIT = 300;

type Call = { ok: boolean; what: string; api: number; detail?: string };

describe.skipIf(!hasServices)('scale-out: two APIs and two workers', () => {
  let rig: Awaited<ReturnType<typeof faultRig>>;
  let prisma: typeof import('../../api/src/db/client.ts').prisma;
  let seed: typeof import('../support/post-subsidy-seed.ts');
  let factories: typeof import('../support/factories.ts');
  const procs: Proc[] = [];
  const apis: string[] = [];

  beforeAll(async () => {
    rig = await faultRig('carecert_scale');
    ({ prisma } = await import('../../api/src/db/client.ts'));
    seed = await import('../support/post-subsidy-seed.ts');
    factories = await import('../support/factories.ts');
  }, 180_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill('SIGTERM')));
    await prisma?.$disconnect();
    await rig?.redis.kill();
    await rig?.drop();
  });

  it('serves a mixed load through both APIs while both workers run the month, with nothing lost, doubled or unchained', async () => {
    const began = performance.now();
    // The month's rosters, confirmed in four provinces: four batch jobs wait in the outbox.
    const regions = [];
    const caregiverIds: string[] = [];
    const jobIds: string[] = [];
    for (let r = 0; r < REGIONS; r++) {
      const region = await seed.makeSubsidyRegion();
      regions.push(region);
      const { job, caregiverIds: ids } = await seed.seedConfirmedMonth(region, PEOPLE_PER_REGION);
      caregiverIds.push(...ids);
      jobIds.push(job.id);
    }

    // People who load the APIs: caregivers enrolling in small courses, staff listing caregivers.
    const tree = regions[0]!.tree;
    const home = await factories.makeOrganisation(tree.county.id);
    const provider = await factories.makeOrganisation(tree.city.id, 'TRAINING_PROVIDER');
    const staff = await factories.makeUser('INSTITUTION_STAFF', { organisationId: home.id });
    const startsOn = new Date(Date.now() + 30 * 86_400_000);
    const courses = await Promise.all(
      [0, 1, 2].map((i) =>
        prisma.course.create({
          data: {
            providerId: provider.id,
            code: `SCALE-${i}-${Date.now()}`,
            regionId: tree.city.id,
            kind: 'SKILL_UPGRADE',
            status: 'PUBLISHED',
            title: `扩展测试课程${i}`,
            requiredHours: 8,
            capacity: 4,
            feeFen: 5000,
            governmentFunded: false,
            place: '测试',
            startsOn,
            endsOn: startsOn,
          },
        }),
      ),
    );
    const people: { token: string; courseId: string }[] = [];
    for (let i = 0; i < USERS; i++) {
      const { caregiver } = await factories.makeCaregiver(tree.county.id, tree.county.code);
      await factories.makeEmployment(caregiver.id, home.id, '2022-01-01');
      people.push({
        token: (await factories.makeUser('CAREGIVER', { caregiverId: caregiver.id })).token,
        courseId: factories.gid('Course', courses[i % courses.length]!.id),
      });
    }

    // Ports picked before any process binds one: keep them distinct.
    const ports = new Set<number>();
    while (ports.size < 4) ports.add(await freePort());
    const [apiPort0, apiPort1, metrics0, metrics1] = [...ports];
    const shared = { DATABASE_URL: rig.db.url, REDIS_URL: rig.redis.url, BULLMQ_PREFIX: rig.prefix, LOG_LEVEL: 'info' };
    for (const metricsPort of [metrics0, metrics1])
      procs.push(
        spawnWorker({
          databaseUrl: rig.db.url,
          redisUrl: rig.redis.url,
          prefix: rig.prefix,
          env: { METRICS_PORT: String(metricsPort), POST_SUBSIDY_CHUNK: '25' },
        }),
      );
    for (const port of [apiPort0!, apiPort1!]) {
      procs.push(
        spawnNode('api/src/server.ts', {
          ...shared,
          API_PORT: String(port),
          API_HOST: '127.0.0.1',
          RATE_LIMIT_IP_PER_MINUTE: String(IP_LIMIT),
          RATE_LIMIT_TOKEN_PER_MINUTE: '100000',
        }),
      );
      apis.push(`http://127.0.0.1:${port}/graphql`);
    }
    await Promise.all(
      apis.map((url, i) =>
        waitFor(async () => (await fetch(url.replace('/graphql', '/health'))).ok, `API ${i}`, 90_000, 200).catch((e: Error) => {
          throw new Error(`${e.message}:\n${procs[2 + i]!.output()}`);
        }),
      ),
    );

    const post = async (api: number, body: unknown, headers: Record<string, string>) => {
      const res = await fetch(apis[api]!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json().catch(() => null)) as { data?: Record<string, any>; errors?: unknown[] } | null,
      };
    };

    // A session made through one API works on the other; five wrong passwords spread over both lock the account.
    const login = (api: number, password: string, ip: string) =>
      post(
        api,
        {
          query:
            'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { __typename ... on MutationLoginSuccess { data { token } } } }',
          variables: { u: staff.user.username, p: password },
        },
        { 'x-forwarded-for': ip },
      );
    const signedIn = await login(0, factories.TEST_PASSWORD, '198.51.100.20');
    const token = signedIn.body?.data?.login?.data?.token as string;
    expect(token, JSON.stringify(signedIn.body)).toBeTruthy();
    const me = await post(
      1,
      { query: '{ viewer { username } }' },
      { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.20' },
    );
    expect(me.body?.data?.viewer?.username).toBe(staff.user.username);
    for (let i = 0; i < 5; i++)
      expect((await login(i % 2, 'wrong-password-1', '198.51.100.21')).body?.data?.login?.__typename).not.toBe('MutationLoginSuccess');
    expect((await login(0, factories.TEST_PASSWORD, '198.51.100.22')).body?.data?.login?.__typename).not.toBe('MutationLoginSuccess');

    // One address's per-minute limit holds across both APIs (counted in Redis).
    const limited = await Promise.all(
      Array.from({ length: IP_LIMIT + 40 }, (_, i) => post(i % 2, { query: '{ __typename }' }, { 'x-forwarded-for': '198.51.100.30' })),
    );
    expect(limited.filter((r) => r.status === 200).length).toBe(IP_LIMIT);
    expect(limited.filter((r) => r.status === 429).length).toBe(40);

    // The load, each user alternating APIs and from an address of its own.
    const calls: Call[] = [];
    const until = Date.now() + SECONDS * 1000;
    const loadStarted = performance.now();
    await Promise.all(
      people.map(async (person, i) => {
        let enrolmentId: string | null = null;
        const headers = (t: string) => ({ authorization: `Bearer ${t}`, 'x-forwarded-for': `198.51.100.${100 + i}` });
        for (let step = 0; Date.now() < until; step++) {
          const api = (step + i) % 2;
          const roll = (step * 7 + i) % 10;
          let call: Call;
          if (roll < 4) {
            const r = await post(
              api,
              { query: '{ caregivers(first: 20) { totalCount edges { node { id name } } } }' },
              headers(staff.token),
            );
            call = { ok: r.status === 200 && !r.body?.errors, what: 'caregiver list', api, detail: JSON.stringify(r.body).slice(0, 200) };
          } else if (roll < 7) {
            const r = await post(api, { query: '{ myEnrolments { id status course { title } } }' }, headers(person.token));
            call = { ok: r.status === 200 && !r.body?.errors, what: 'my places', api, detail: JSON.stringify(r.body).slice(0, 200) };
          } else if (!enrolmentId) {
            const r = await post(
              api,
              {
                query:
                  'mutation($id: ID!) { applyForCourse(input: { courseId: $id }) { __typename ... on MutationApplyForCourseSuccess { data { id } } } }',
                variables: { id: person.courseId },
              },
              headers(person.token),
            );
            enrolmentId = r.body?.data?.applyForCourse?.data?.id ?? null;
            call = { ok: r.status === 200 && Boolean(enrolmentId), what: 'enrol', api, detail: JSON.stringify(r.body).slice(0, 200) };
          } else {
            const r = await post(
              api,
              {
                query: 'mutation($id: ID!) { withdrawEnrolment(input: { enrolmentId: $id }) { __typename } }',
                variables: { id: enrolmentId },
              },
              headers(person.token),
            );
            call = {
              ok: r.status === 200 && /Success$/.test(r.body?.data?.withdrawEnrolment?.__typename ?? ''),
              what: 'withdraw',
              api,
              detail: JSON.stringify(r.body).slice(0, 200),
            };
            enrolmentId = null;
          }
          calls.push(call);
        }
      }),
    );
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    // Every batch finishes, each once.
    await waitFor(
      async () => (await prisma.backgroundJob.count({ where: { id: { in: jobIds }, status: 'COMPLETED' } })) === jobIds.length,
      'every batch to complete',
      120_000,
      250,
    ).catch(async (e: Error) => {
      throw new Error(
        `${e.message}: ${JSON.stringify(await prisma.backgroundJob.findMany({ where: { id: { in: jobIds } }, select: { status: true, error: true, attempts: true } }))}\n${procs[0]!.output().slice(-2000)}`,
      );
    });
    const jobs = await prisma.backgroundJob.findMany({ where: { id: { in: jobIds } }, select: { attempts: true } });
    // The workers' sealers chain every audit row written above.
    await waitFor(async () => (await prisma.auditLog.count({ where: { seq: null } })) === 0, 'the audit log to be sealed', 60_000, 500);
    const seconds = (performance.now() - began) / 1000;

    expect(calls.filter((c) => !c.ok).map((c) => `${c.what} on API ${c.api}: ${c.detail}`)).toEqual([]);
    expect(new Set(calls.map((c) => c.api))).toEqual(new Set([0, 1]));
    expect(calls.filter((c) => c.what === 'enrol').length).toBeGreaterThan(0);
    expect(jobs.map((j) => j.attempts)).toEqual(jobIds.map(() => 1));
    const claims = await seed.claimsOf(caregiverIds);
    expect(claims.missing).toEqual([]);
    expect(claims.duplicated).toEqual([]);
    expect(claims.auditsPerClaim).toEqual([1]);
    for (const course of await prisma.course.findMany({
      where: { id: { in: courses.map((c) => c.id) } },
      select: { id: true, seatsTaken: true, capacity: true },
    })) {
      const holding = await prisma.enrolment.count({ where: { courseId: course.id, status: { in: ['ENROLLED', 'IN_PROGRESS'] } } });
      expect(course.seatsTaken).toBe(holding);
      expect(course.seatsTaken).toBeLessThanOrEqual(course.capacity);
    }
    // One chain: positions with no gap and no repeat, every link verifying.
    const { verifyAuditChain } = await import('../../api/src/modules/audit/audit-chain.ts');
    const chain = await verifyAuditChain();
    expect(chain.broken).toBeNull();
    const [row] = await prisma.$queryRaw<
      { n: bigint; lo: bigint; hi: bigint }[]
    >`SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM "AuditLog"`;
    const { n, lo, hi } = row!;
    expect(Number(hi) - Number(lo) + 1).toBe(Number(n));

    const ranOn = procs.slice(0, 2).map((w) => (w.output().match(/"msg":"job completed"/g) ?? []).length);
    const report = {
      apis: 2,
      workers: 2,
      requests: calls.length + limited.length + 8,
      loadRequests: calls.length,
      loadSeconds: Number(loadSeconds.toFixed(1)),
      jobs: jobIds.length,
      claims: claims.claims.length,
      jobsCompletedPerWorker: ranOn,
      auditRows: Number(n),
      seconds: Number(seconds.toFixed(1)),
    };
    mkdirSync('test/.artifacts', { recursive: true });
    writeFileSync('test/.artifacts/scale-out.json', `${JSON.stringify(report, null, 2)}\n`);
    console.info('scale-out:', report);
  }, 360_000);
});
