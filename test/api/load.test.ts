import { createServer, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { createCareCertYoga } from '../../api/src/app/yoga.ts';
import { gid, makeCaregiver, makeEmployment, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';

/**
 * Load on loopback: many simulated users hold a mix of reads (catalogue, caregiver list, own places)
 * and writes (enrol, withdraw) against the real HTTP server for a fixed time. It must end with zero
 * errors; the throughput and p99 it held are printed and written to test/.artifacts/load.json (a
 * record, not a target: timing here depends on the machine, see BENCHMARKS for measured ratios).
 */
const USERS = 24;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);

let server: Server;
let url: string;
const people: { token: string; courseId: string }[] = [];
let staffToken: string;
let bureauToken: string;

beforeAll(async () => {
  const yoga = createCareCertYoga({ rateLimits: { ipPerMinute: 1_000_000, tokenPerMinute: 1_000_000 } });
  server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`;

  const tree = await makeRegionTree();
  const home = await makeOrganisation(tree.county.id);
  const provider = await makeOrganisation(tree.city.id, 'TRAINING_PROVIDER');
  staffToken = (await makeUser('INSTITUTION_STAFF', { organisationId: home.id })).token;
  bureauToken = (await makeUser('HR_REVIEWER', { regionId: tree.city.id })).token;
  const startsOn = new Date(Date.now() + 30 * 86_400_000);
  const courses = await Promise.all(
    Array.from({ length: 4 }, (_, i) =>
      prisma.course.create({
        data: {
          providerId: provider.id,
          code: `LOAD-${i}-${Date.now()}`,
          regionId: tree.city.id,
          kind: 'SKILL_UPGRADE',
          status: 'PUBLISHED',
          title: `负载测试课程${i}`,
          requiredHours: 8,
          capacity: 5,
          feeFen: 5000,
          governmentFunded: false,
          place: '测试',
          startsOn,
          endsOn: startsOn,
        },
      }),
    ),
  );
  for (let i = 0; i < USERS; i++) {
    const { caregiver } = await makeCaregiver(tree.county.id, tree.county.code);
    await makeEmployment(caregiver.id, home.id, '2022-01-01');
    people.push({
      token: (await makeUser('CAREGIVER', { caregiverId: caregiver.id })).token,
      courseId: gid('Course', courses[i % courses.length]!.id),
    });
  }
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

type Call = { ok: boolean; ms: number; what: string; detail?: string };

async function post(token: string, query: string, variables: Record<string, unknown>, what: string, expectType?: RegExp): Promise<Call> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, { __typename?: string } | null>; errors?: unknown[] };
    const first = body.data ? Object.values(body.data)[0] : null;
    const ok = res.status === 200 && !body.errors && (!expectType || expectType.test(first?.__typename ?? ''));
    return { ok, ms: performance.now() - started, what, detail: ok ? undefined : JSON.stringify(body).slice(0, 300) };
  } catch (error) {
    return { ok: false, ms: performance.now() - started, what, detail: String(error) };
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

describe('load on loopback', () => {
  it(`holds ${USERS} users on a read/write mix for ${SECONDS} s with zero errors`, async () => {
    const calls: Call[] = [];
    const until = Date.now() + SECONDS * 1000;
    const user = async (i: number) => {
      const me = people[i]!;
      let enrolmentId: string | null = null;
      for (let step = 0; Date.now() < until; step++) {
        const roll = (step * 7 + i) % 10;
        if (roll < 3)
          calls.push(
            await post(
              me.token,
              `{ courses(first: 20, filter: { openSeats: false }) { totalCount edges { node { id title openSeats } } } }`,
              {},
              'catalogue',
            ),
          );
        else if (roll < 5)
          calls.push(
            await post(
              i % 2 ? staffToken : bureauToken,
              `{ caregivers(first: 20) { totalCount edges { node { id name employments(first: 3) { edges { node { startDate } } } } } } }`,
              {},
              'caregiver list',
            ),
          );
        else if (roll < 7)
          calls.push(await post(me.token, `{ myEnrolments { id status waitlistPosition course { title } } }`, {}, 'my places'));
        else if (!enrolmentId) {
          const started = performance.now();
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${me.token}` },
            body: JSON.stringify({
              query: `mutation($id: ID!) { applyForCourse(input: { courseId: $id }) { __typename ... on MutationApplyForCourseSuccess { data { id } } } }`,
              variables: { id: me.courseId },
            }),
          });
          const body = (await res.json()) as { data?: { applyForCourse: { __typename: string; data?: { id: string } } } };
          enrolmentId = body.data?.applyForCourse.data?.id ?? null;
          calls.push({
            ok: !!enrolmentId,
            ms: performance.now() - started,
            what: 'enrol',
            detail: enrolmentId ? undefined : JSON.stringify(body).slice(0, 300),
          });
        } else {
          calls.push(
            await post(
              me.token,
              `mutation($id: ID!) { withdrawEnrolment(input: { enrolmentId: $id }) { __typename } }`,
              { id: enrolmentId },
              'withdraw',
              /Success$/,
            ),
          );
          enrolmentId = null;
        }
      }
    };
    const began = performance.now();
    await Promise.all(people.map((_, i) => user(i)));
    const seconds = (performance.now() - began) / 1000;
    const sorted = calls.map((c) => c.ms).sort((a, b) => a - b);
    const byKind = Object.fromEntries(
      ['catalogue', 'caregiver list', 'my places', 'enrol', 'withdraw'].map((k) => [k, calls.filter((c) => c.what === k).length]),
    );
    const report = {
      users: USERS,
      seconds: Number(seconds.toFixed(1)),
      requests: calls.length,
      perSecond: Number((calls.length / seconds).toFixed(1)),
      p50ms: Number(percentile(sorted, 50).toFixed(1)),
      p99ms: Number(percentile(sorted, 99).toFixed(1)),
      byKind,
      errors: calls.filter((c) => !c.ok).length,
    };
    mkdirSync('test/.artifacts', { recursive: true });
    writeFileSync('test/.artifacts/load.json', `${JSON.stringify(report, null, 2)}\n`);
    console.info(
      `load: ${report.requests} requests in ${report.seconds} s = ${report.perSecond}/s, p50 ${report.p50ms} ms, p99 ${report.p99ms} ms, errors ${report.errors}`,
      byKind,
    );
    expect(calls.filter((c) => !c.ok).map((c) => `${c.what}: ${c.detail}`)).toEqual([]);
    expect(byKind.enrol).toBeGreaterThan(USERS / 2);
    expect(byKind.withdraw).toBeGreaterThan(0);
    // Seats never drift: whoever holds a place now is exactly what the course counts.
    for (const course of await prisma.course.findMany({
      where: { code: { startsWith: 'LOAD-' } },
      select: { id: true, seatsTaken: true, capacity: true },
    })) {
      const holding = await prisma.enrolment.count({ where: { courseId: course.id, status: { in: ['ENROLLED', 'IN_PROGRESS'] } } });
      expect(course.seatsTaken).toBe(holding);
      expect(course.seatsTaken).toBeLessThanOrEqual(course.capacity);
    }
  }, 120_000);
});
