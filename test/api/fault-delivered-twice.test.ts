import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { addToQueue, closeRedis, jobQueue } from '../../api/src/jobs/queue.ts';
import { runJob } from '../../api/src/jobs/runner.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { startRosterImport } from '../../api/src/modules/training/roster-import.service.ts';
import { gid, makeCaregiver, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';
import { claimsOf, makeSubsidyRegion, seedConfirmedMonth } from '../support/post-subsidy-seed.ts';

/**
 * At-least-once delivery: the same BackgroundJob row run again after it finished, run twice at once
 * (a stalled job handed to a second worker while the first still runs), or added to the queue twice,
 * has the effect of one run: no second set of rows, no second audit entries.
 */
process.env.BULLMQ_PREFIX = `carecert-test-twice-${process.pid}-${Date.now()}`;
const hasRedis = Boolean(process.env.REDIS_URL);
const row = (id: string) => prisma.backgroundJob.findUniqueOrThrow({ where: { id } });

afterAll(async () => {
  if (hasRedis) await jobQueue().obliterate({ force: true });
  await closeRedis();
});

describe('subsidies.generatePostSubsidies delivered twice', () => {
  it('after it completed: the second delivery changes nothing', async () => {
    const region = await makeSubsidyRegion();
    const { job, caregiverIds } = await seedConfirmedMonth(region, 12);
    await runJob(job.id, { final: false });
    const first = await row(job.id);
    expect(first).toMatchObject({ status: 'COMPLETED', attempts: 1, result: { people: 12, created: 12, existing: 0, excluded: 0 } });
    const audits = await prisma.auditLog.count({ where: { action: 'subsidy.generateClaim', requestId: `job:${job.id}` } });
    expect(audits).toBe(12);

    await runJob(job.id, { final: false });
    expect(await row(job.id)).toMatchObject({ status: 'COMPLETED', attempts: 1, result: first.result });
    const after = await claimsOf(caregiverIds);
    expect(after.claims).toHaveLength(12);
    expect(after.auditsPerClaim).toEqual([1]);
    expect(await prisma.auditLog.count({ where: { action: 'subsidy.generateClaim', requestId: `job:${job.id}` } })).toBe(12);
  });

  it('twice at once: one claim and one audit row per person', async () => {
    const region = await makeSubsidyRegion();
    // Chunks of 50 over 120 people, so the two runs interleave chunk by chunk.
    const { job, caregiverIds } = await seedConfirmedMonth(region, 120);
    process.env.POST_SUBSIDY_CHUNK = '50';
    try {
      await Promise.all([runJob(job.id, { final: false }), runJob(job.id, { final: false })]);
    } finally {
      delete process.env.POST_SUBSIDY_CHUNK;
    }
    expect((await row(job.id)).status).toBe('COMPLETED');
    const after = await claimsOf(caregiverIds);
    expect(after.missing).toEqual([]);
    expect(after.duplicated).toEqual([]);
    expect(after.claims).toHaveLength(120);
    expect(after.auditsPerClaim).toEqual([1]);
  }, 120_000);
});

describe('training.importRoster delivered twice', () => {
  it('after it completed: no second attendance rows, audit entries or report', async () => {
    const tree = await makeRegionTree();
    const provider = await makeOrganisation(tree.city.id, 'TRAINING_PROVIDER');
    const staff = await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id });
    const course = await prisma.course.create({
      data: {
        providerId: provider.id,
        code: `C-${randomUUID().slice(0, 8)}`.toUpperCase(),
        regionId: tree.city.id,
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
    const people = [];
    for (let i = 0; i < 3; i++) {
      const { caregiver, residentId } = await makeCaregiver(tree.county.id, tree.county.code);
      const { token } = await makeUser('CAREGIVER', { caregiverId: caregiver.id });
      const applied = await gql(
        `mutation($id: ID!) { applyForCourse(input: { courseId: $id }) { __typename } }`,
        { id: gid('Course', course.id) },
        { token },
      );
      expect(applied.data?.applyForCourse.__typename).toBe('MutationApplyForCourseSuccess');
      people.push({ name: caregiver.name, residentId });
    }
    const csv = ['课程编号,课次,身份证号,姓名,学时', ...people.map((p) => `${course.code},1,${p.residentId},${p.name},3`)].join('\n');
    const ctx = {
      viewer: await validateSessionToken(staff.token),
      requestId: `test-${randomUUID()}`,
      clientIp: '127.0.0.1',
      userAgent: null,
    };
    const imp = await startRosterImport(ctx, {
      kind: 'ATTENDANCE',
      fileName: 'attendance.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
    });
    const jobId = imp.jobId!;

    await runJob(jobId, { final: false });
    const first = await row(jobId);
    expect(first).toMatchObject({ status: 'COMPLETED', attempts: 1, result: { imported: 3, unchanged: 0, rejected: 0 } });
    const counts = async () => ({
      attendance: await prisma.attendance.count({ where: { session: { courseId: course.id } } }),
      audits: await prisma.auditLog.count({ where: { requestId: `job:${jobId}` } }),
      imp: await prisma.rosterImport.findUniqueOrThrow({
        where: { id: imp.id },
        select: { imported: true, unchanged: true, finishedAt: true },
      }),
    });
    const before = await counts();
    expect(before.attendance).toBe(3);
    expect(before.audits).toBeGreaterThanOrEqual(3);

    await runJob(jobId, { final: false });
    expect(await row(jobId)).toMatchObject({ status: 'COMPLETED', attempts: 1, result: first.result });
    expect(await counts()).toEqual(before);
  });
});

describe.skipIf(!hasRedis)('the queue', () => {
  it('holds a row added twice as one job, so it is not delivered twice to begin with', async () => {
    const staged = await prisma.backgroundJob.create({
      data: { name: 'subsidies.generatePostSubsidies', key: `test:twice:${randomUUID()}`, payload: { rosterId: randomUUID() } },
    });
    await addToQueue(staged);
    await addToQueue(staged);
    // Other rows may be queued under this prefix too (startRosterImport kicks the outbox): count this one.
    const queued = await jobQueue().getJobs(['waiting', 'active', 'delayed']);
    expect(queued.filter((j) => j.id === staged.id)).toHaveLength(1);
  });
});
