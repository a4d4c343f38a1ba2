import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultRig, freePort, spawnNode, spawnWorker, waitFor, type Proc } from '../support/fault-rig.ts';

/**
 * Resident ID numbers and phone numbers never reach the logs, the queue or an error message. A real
 * API process and a real worker run registration, a refused registration, a roster import and a
 * month's post-subsidy batch at debug level; then everything they wrote, every key and value in
 * their Redis, every job row and every answer is searched for the numbers used.
 */
const hasServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

describe.skipIf(!hasServices)('personal data in logs, job payloads and errors', () => {
  let rig: Awaited<ReturnType<typeof faultRig>>;
  let api: Proc;
  let worker: Proc;
  let apiUrl = '';
  let prisma: typeof import('../../api/src/db/client.ts').prisma;

  beforeAll(async () => {
    rig = await faultRig('carecert_fault_pii');
    ({ prisma } = await import('../../api/src/db/client.ts'));
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: rig.db.url, REDIS_URL: rig.redis.url, BULLMQ_PREFIX: rig.prefix, LOG_LEVEL: 'debug' };
    api = spawnNode('api/src/server.ts', { ...env, API_PORT: String(port), API_HOST: '127.0.0.1', RATE_LIMIT_IP_PER_MINUTE: '100000' });
    worker = spawnWorker({ databaseUrl: rig.db.url, redisUrl: rig.redis.url, prefix: rig.prefix, env: { LOG_LEVEL: 'debug' } });
    await waitFor(async () => (await fetch(`${apiUrl}/ready`)).status === 200, 'the API', 60_000, 250).catch((e: Error) => {
      throw new Error(`${e.message}:\n${api.output()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await api?.kill();
    await worker?.kill();
    await prisma?.$disconnect();
    await rig?.redis.kill();
    await rig?.drop();
  });

  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const res = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, text: await res.text() };
  };

  it('finds none of the ID or phone numbers used anywhere but the encrypted columns', async () => {
    const factories = await import('../support/factories.ts');
    const seed = await import('../support/post-subsidy-seed.ts');
    const region = await seed.makeSubsidyRegion();
    const code = region.tree.county.code;
    const phone = () => `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const secrets: string[] = [];
    const answers: string[] = [];
    const use = <T extends string>(s: T) => (secrets.push(s), s);

    // Registration, through the API, and one refused for a wrong check digit.
    const admin = await factories.makeUser('ADMIN');
    const REGISTER = `mutation($input: RegisterCaregiverInput!) { registerCaregiver(input: $input) { __typename ... on Error { message } ... on InputValidationError { fields { path message } } ... on MutationRegisterCaregiverSuccess { data { caregiver { id } } } } }`;
    const registered = [];
    for (let i = 0; i < 3; i++) {
      const person = { residentId: use(seed.nextResidentId(code)), phone: use(phone()), name: `李${['春梅', '国强', '淑芬'][i]}` };
      const res = await gql(
        REGISTER,
        { input: { name: person.name, residentId: person.residentId, phone: person.phone, regionCode: code, education: 'JUNIOR' } },
        admin.token,
      );
      expect(res.text).toContain('MutationRegisterCaregiverSuccess');
      answers.push(res.text);
      registered.push(person);
    }
    const good = seed.nextResidentId(code);
    const badDigit = use(`${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`);
    const refused = await gql(
      REGISTER,
      { input: { name: '赵错号', residentId: badDigit, phone: use(phone()), regionCode: code, education: 'JUNIOR' } },
      admin.token,
    );
    expect(refused.text).toContain('InputValidationError');
    answers.push(refused.text);
    // A valid number in a region that does not exist: refused after the number was read.
    const nowhere = await gql(
      REGISTER,
      {
        input: {
          name: '钱无区',
          residentId: use(seed.nextResidentId(code)),
          phone: use(phone()),
          regionCode: '000000',
          education: 'JUNIOR',
        },
      },
      admin.token,
    );
    expect(nowhere.text).not.toContain('MutationRegisterCaregiverSuccess');
    answers.push(nowhere.text);

    // A roster import through the API, run by the worker: good rows and one unknown person.
    const provider = await factories.makeOrganisation(region.tree.city.id, 'TRAINING_PROVIDER');
    const staff = await factories.makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id });
    const course = await prisma.course.create({
      data: {
        providerId: provider.id,
        code: `C-${randomUUID().slice(0, 8)}`.toUpperCase(),
        regionId: region.tree.city.id,
        kind: 'SKILL_UPGRADE',
        status: 'PUBLISHED',
        title: '养老护理员技能提升班',
        requiredHours: 6,
        capacity: 10,
        feeFen: 0,
        governmentFunded: false,
        place: '上饶市培训中心',
        startsOn: new Date(Date.now() + 10 * 86_400_000),
        endsOn: new Date(Date.now() + 40 * 86_400_000),
        sessions: {
          create: [
            {
              seq: 1,
              topic: '照护基础',
              startsAt: new Date(Date.now() - 5 * 3_600_000),
              endsAt: new Date(Date.now() - 2 * 3_600_000),
              place: '一号教室',
              hours: 3,
            },
          ],
        },
      },
    });
    for (const p of registered) {
      const c = await prisma.caregiver.findFirstOrThrow({ where: { name: p.name, regionId: region.tree.county.id } });
      await prisma.enrolment.create({ data: { courseId: course.id, caregiverId: c.id, status: 'ENROLLED' } });
    }
    const stranger = use(seed.nextResidentId(code));
    const csv = [
      '课程编号,课次,身份证号,姓名,学时',
      ...registered.map((p) => `${course.code},1,${p.residentId},${p.name},3`),
      `${course.code},1,${stranger},孙不在,3`,
    ].join('\n');
    const started = await gql(
      `mutation($input: StartRosterImportInput!) { startRosterImport(input: $input) { __typename ... on Error { message } } }`,
      { input: { kind: 'ATTENDANCE', fileName: 'attendance.csv', contentBase64: Buffer.from(csv).toString('base64') } },
      staff.token,
    );
    expect(started.text).toContain('MutationStartRosterImportSuccess');
    answers.push(started.text);

    // A month's batch, run by the worker.
    const people = 8;
    const ids = Array.from({ length: people }, () => use(seed.nextResidentId(code)));
    const phones = Array.from({ length: people }, () => use(phone()));
    const month = await seed.seedConfirmedMonth(region, people, { residentIds: ids, phones });

    await waitFor(
      async () => (await prisma.backgroundJob.count({ where: { status: { in: ['PENDING', 'RUNNING'] } } })) === 0,
      'every job to finish',
      90_000,
      250,
    );
    expect(await prisma.backgroundJob.findUniqueOrThrow({ where: { id: month.job.id } })).toMatchObject({ status: 'COMPLETED' });
    const imp = await prisma.rosterImport.findFirstOrThrow({ where: { organisationId: provider.id } });
    expect(imp).toMatchObject({ imported: 3 });
    expect(JSON.stringify(imp.rejectedRows)).toContain('no registered person');

    // Everything Redis holds for these processes, values included.
    const redis = new Redis(rig.redis.url);
    const dump: string[] = [];
    try {
      for (const key of await redis.keys('*')) {
        const type = await redis.type(key);
        const value =
          type === 'string'
            ? await redis.get(key)
            : type === 'hash'
              ? await redis.hgetall(key)
              : type === 'list'
                ? await redis.lrange(key, 0, -1)
                : type === 'set'
                  ? await redis.smembers(key)
                  : type === 'zset'
                    ? await redis.zrange(key, 0, -1)
                    : type === 'stream'
                      ? await redis.xrange(key, '-', '+')
                      : null;
        dump.push(`${key} ${JSON.stringify(value)}`);
      }
    } finally {
      await redis.quit();
    }
    expect(dump.length).toBeGreaterThan(0);
    const jobs = JSON.stringify(await prisma.backgroundJob.findMany());
    const logs = `${api.output()}\n${worker.output()}`;
    expect(logs).toContain('job completed');

    const places = { logs, redis: dump.join('\n'), jobs, answers: answers.join('\n') };
    const found = Object.entries(places).flatMap(([where, text]) =>
      // An ID number also counts when the check character is lower-case or its birth date alone is shown with the region.
      secrets
        .filter((s) => text.includes(s) || text.includes(s.toLowerCase()) || (s.length === 18 && text.includes(s.slice(0, 14))))
        .map((s) => `${where}: ${s}`),
    );
    expect(found).toEqual([]);
  }, 240_000);
});
