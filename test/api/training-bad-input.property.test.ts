import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { gid, makeCaregiver, makeOrganisation, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

/**
 * The training and directed-training mutations under generated hostile input: whatever the fields
 * hold, the answer is typed (never an internal error), a refusal names the field, and nothing is
 * written unless the input was valid.
 */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 1200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    '36110219740315002X',
    '<script>alert(1)</script>',
    '\'; DROP TABLE "Course"; --',
    'Q291cnNlOjE=',
  ),
);
const number = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e9, max: 1e9, noNaN: true }),
  fc.constantFrom(0, 0.001, 59.999, 100.01, 1e12),
);
const day = fc.oneof(
  fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00', ''),
  fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

let providerToken: string;
let collegeToken: string;
let caregiverToken: string;
let providerId: string;
let collegeId: string;
let cityCode: string;
let classId: string;

beforeAll(async () => {
  const regions = await makeRegionTree();
  cityCode = regions.city.code;
  const provider = await makeOrganisation(regions.city.id, 'TRAINING_PROVIDER');
  const college = await makeOrganisation(regions.province.id, 'COLLEGE');
  providerId = provider.id;
  collegeId = college.id;
  providerToken = (await makeUser('TRAINING_PROVIDER_STAFF', { organisationId: provider.id })).token;
  collegeToken = (await makeUser('COLLEGE_STAFF', { organisationId: college.id })).token;
  const person = await makeCaregiver(regions.county.id, regions.county.code);
  caregiverToken = (await makeUser('CAREGIVER', { caregiverId: person.caregiver.id })).token;
  const cls = await prisma.directedClass.create({
    data: {
      collegeId,
      cohortYear: 2026,
      major: `属性测试${randomUUID().slice(0, 4)}`,
      name: '属性测试班',
      quota: 3,
      sponsorRegionId: regions.city.id,
      sponsorName: '测试民政局',
      tuitionFenPerYear: 100,
      lodgingFenPerYear: 100,
      allowanceFenPerYear: 100,
    },
  });
  classId = gid('DirectedClass', cls.id);
});

const noInternalError = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (res.errors ?? []).every((e) => e.extensions?.code !== 'INTERNAL_SERVER_ERROR');
/** Variables that are not of their type (a date that is no date) are refused before any resolver, naming the argument. */
const onlyBadVariables = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
  (res.errors ?? []).every((e) => e.extensions?.code === 'BAD_USER_INPUT' && /\$input|\$id|Variable/.test(e.message));

describe('bad input never breaks a training mutation', () => {
  it('createCourse: typed answers naming the field, and nothing written for invalid input', async () => {
    const before = await prisma.course.count({ where: { providerId } });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        nasty,
        nasty,
        number,
        number,
        number,
        day,
        day,
        fc.boolean(),
        async (code, title, hours, capacity, fee, startsOn, endsOn, funded) => {
          const res = await gql(
            `mutation($input: CreateCourseInput!) { createCourse(input: $input) { __typename ... on InputValidationError { fields { path } } } }`,
            {
              input: {
                code,
                title,
                kind: 'PRE_JOB',
                regionCode: cityCode,
                requiredHours: hours,
                capacity,
                feeYuan: fee,
                governmentFunded: funded,
                place: title,
                startsOn,
                endsOn,
              },
            },
            { token: providerToken },
          );
          expect(noInternalError(res)).toBe(true);
          if (res.errors) expect(onlyBadVariables(res)).toBe(true);
          const r = res.data?.createCourse;
          if (r) expect(r.__typename).toMatch(/Success$|Error$/);
          if (r?.__typename === 'InputValidationError')
            expect(r.fields.every((f: { path: string[] }) => f.path[0] === 'input' && f.path.length >= 2)).toBe(true);
          if (r?.__typename === 'MutationCreateCourseSuccess') accepted++;
        },
      ),
      { numRuns: 50 },
    );
    expect(await prisma.course.count({ where: { providerId } })).toBe(before + accepted);
  });

  it('applyForCourse, withdrawEnrolment, recordCourseResult: any id or score is a typed answer', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, number, day, async (id, score, assessedOn) => {
        const apply = await gql(
          `mutation($id: ID!) { applyForCourse(input: { courseId: $id }) { __typename } }`,
          { id },
          { token: caregiverToken },
        );
        const withdraw = await gql(
          `mutation($id: ID!) { withdrawEnrolment(input: { enrolmentId: $id }) { __typename } }`,
          { id },
          { token: caregiverToken },
        );
        const result = await gql(
          `mutation($input: RecordCourseResultInput!) { recordCourseResult(input: $input) { __typename } }`,
          { input: { enrolmentId: id, score, assessedOn } },
          { token: providerToken },
        );
        for (const res of [apply, withdraw, result]) {
          expect(noInternalError(res)).toBe(true);
          if (res.errors) expect(onlyBadVariables(res)).toBe(true);
          else expect(Object.values(res.data ?? {})[0]).toMatchObject({ __typename: expect.stringMatching(/Error$/) });
        }
      }),
      { numRuns: 30 },
    );
  });

  it('admitDirectedStudent and recordDirectedRepayment: typed answers, never past the quota, nothing written for invalid input', async () => {
    let admitted = 0;
    await fc.assert(
      fc.asyncProperty(nasty, nasty, nasty, day, number, async (studentNo, name, residentId, enrolledOn, amount) => {
        const admit = await gql(
          `mutation($input: AdmitDirectedStudentInput!) { admitDirectedStudent(input: $input) { __typename } }`,
          { input: { classId, studentNo, name, residentId, enrolledOn } },
          { token: collegeToken },
        );
        expect(noInternalError(admit)).toBe(true);
        if (admit.errors) expect(onlyBadVariables(admit)).toBe(true);
        if (admit.data?.admitDirectedStudent.__typename === 'MutationAdmitDirectedStudentSuccess') admitted++;
        const pay = await gql(
          `mutation($input: RecordRepaymentInput!) { recordDirectedRepayment(input: $input) { __typename } }`,
          { input: { breachId: studentNo, amountYuan: amount, paidOn: enrolledOn, reference: name } },
          { token: collegeToken },
        );
        expect(noInternalError(pay)).toBe(true);
        if (!pay.errors) expect(pay.data?.recordDirectedRepayment.__typename).toMatch(/Error$/);
      }),
      { numRuns: 40 },
    );
    const cls = await prisma.directedClass.findFirstOrThrow({ where: { collegeId } });
    expect(cls.studentCount).toBe(admitted);
    expect(await prisma.directedStudent.count({ where: { classId: cls.id } })).toBe(admitted);
  });

  it('startRosterImport: files of the wrong type, size or encoding get a field error, never a crash', async () => {
    const before = await prisma.rosterImport.count({ where: { organisationId: providerId } });
    let started = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('a.csv', 'a.xlsx', 'a.pdf', 'a', '../../etc/passwd.csv'),
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('base64')),
          nasty,
        ),
        async (fileName, contentBase64) => {
          const res = await gql(
            `mutation($input: StartRosterImportInput!) { startRosterImport(input: $input) { __typename ... on InputValidationError { fields { path } } } }`,
            { input: { kind: 'ATTENDANCE', fileName, contentBase64 } },
            { token: providerToken },
          );
          expect(noInternalError(res)).toBe(true);
          expect(res.data?.startRosterImport.__typename).toMatch(/Success$|Error$/);
          if (res.data?.startRosterImport.__typename === 'InputValidationError')
            expect(res.data.startRosterImport.fields[0].path[0]).toBe('input');
          if (res.data?.startRosterImport.__typename === 'MutationStartRosterImportSuccess') started++;
        },
      ),
      { numRuns: 40 },
    );
    expect(await prisma.rosterImport.count({ where: { organisationId: providerId } })).toBe(before + started);
  });
});
