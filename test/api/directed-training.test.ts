import { randomUUID } from 'node:crypto';
import { decodeGlobalID } from '@pothos/plugin-relay';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { validateSessionToken } from '../../api/src/modules/auth/auth.service.ts';
import { createApiToken } from '../../api/src/modules/auth/api-token.service.ts';
import { repaymentFor } from '../../api/src/modules/directed-training/repayment.ts';
import { countService } from '../../api/src/modules/directed-training/service-tracking.ts';
import { runRosterImport, startRosterImport } from '../../api/src/modules/training/roster-import.service.ts';
import { gid, makeOrganisation, makeRegionTree, makeResidentId, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

const dbId = (globalId: string) => decodeGlobalID(globalId).id;
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const fakeJob = () => ({ jobId: randomUUID(), reportProgress: async () => undefined, logger: console as never });
const contextOf = async (token: string) => ({
  viewer: await validateSessionToken(token),
  requestId: `test-${randomUUID()}`,
  clientIp: '127.0.0.1',
  userAgent: null,
});

const ADMIT = `mutation($input: AdmitDirectedStudentInput!) { admitDirectedStudent(input: $input) { __typename ... on MutationAdmitDirectedStudentSuccess { data { id status } } ... on InputValidationError { fields { path message } } ... on Error { code message } } }`;
const CREATE = `mutation($input: CreateDirectedClassInput!) { createDirectedClass(input: $input) { __typename ... on MutationCreateDirectedClassSuccess { data { id quota } } ... on InputValidationError { fields { path message } } ... on Error { code message } } }`;

async function fixture() {
  const tree = await makeRegionTree();
  const otherTree = await makeRegionTree();
  const college = await makeOrganisation(tree.province.id, 'COLLEGE');
  const home = await makeOrganisation(tree.county.id, 'INSTITUTION');
  const farHome = await makeOrganisation(otherTree.county.id, 'INSTITUTION');
  const staff = await makeUser('COLLEGE_STAFF', { organisationId: college.id });
  const hr = await makeUser('HR_APPROVER', { regionId: tree.city.id });
  const otherCollege = await makeUser('COLLEGE_STAFF', { organisationId: (await makeOrganisation(tree.province.id, 'COLLEGE')).id });
  let n = 0;
  const makeClass = async (quota: number, cohortYear = 2023) => {
    const r = await gql(
      CREATE,
      {
        input: {
          cohortYear,
          major: `智慧健康养老服务与管理${++n}${randomUUID().slice(0, 4)}`,
          name: `${cohortYear}级定向班`,
          quota,
          sponsorRegionCode: tree.city.code,
          sponsorName: '测试市民政局',
          tuitionYuanPerYear: 5800,
          lodgingYuanPerYear: 1200,
          allowanceYuanPerYear: 3000,
        },
      },
      { token: staff.token },
    );
    return r.data!.createDirectedClass.data.id as string;
  };
  const student = (classId: string, extra: Record<string, unknown> = {}) => ({
    classId,
    studentNo: `S${randomUUID().slice(0, 8)}`,
    name: '张晓燕',
    residentId: makeResidentId(tree.county.code, 2005),
    enrolledOn: '2023-09-01',
    ...extra,
  });
  return { tree, college, home, farHome, staff, hr, otherCollege, makeClass, student };
}

let f: Awaited<ReturnType<typeof fixture>>;
beforeAll(async () => {
  f = await fixture();
});

describe('directed classes', () => {
  it('refuses bad class input naming the field', async () => {
    const r = await gql(
      CREATE,
      {
        input: {
          cohortYear: 1999,
          major: '护',
          name: '定向班',
          quota: 0,
          sponsorRegionCode: '12',
          sponsorName: '民政局',
          tuitionYuanPerYear: -1,
          lodgingYuanPerYear: 0,
          allowanceYuanPerYear: 0.001,
        },
      },
      { token: f.staff.token },
    );
    const paths = r.data?.createDirectedClass.fields.map((x: { path: string[] }) => x.path.at(-1));
    expect(paths).toEqual(
      expect.arrayContaining(['cohortYear', 'major', 'quota', 'sponsorRegionCode', 'tuitionYuanPerYear', 'allowanceYuanPerYear']),
    );
  });

  it('never exceeds the quota under concurrent admissions, and a person holds one active agreement', async () => {
    const classId = await f.makeClass(5);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => gql(ADMIT, { input: f.student(classId) }, { token: f.staff.token })),
    );
    const kinds = results.map((r) => r.data?.admitDirectedStudent.__typename);
    expect(kinds.filter((k) => k === 'MutationAdmitDirectedStudentSuccess')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'QuotaFullError')).toHaveLength(7);
    expect(await prisma.directedStudent.count({ where: { classId: dbId(classId) } })).toBe(5);
    expect((await prisma.directedClass.findUniqueOrThrow({ where: { id: dbId(classId) } })).studentCount).toBe(5);

    const other = await f.makeClass(10, 2024);
    const person = f.student(other, { enrolledOn: '2024-09-01' });
    expect((await gql(ADMIT, { input: person }, { token: f.staff.token })).data?.admitDirectedStudent.__typename).toBe(
      'MutationAdmitDirectedStudentSuccess',
    );
    const third = await f.makeClass(10, 2025);
    const again = await gql(ADMIT, { input: { ...person, classId: third, enrolledOn: '2025-09-01' } }, { token: f.staff.token });
    expect(again.data?.admitDirectedStudent).toMatchObject({ __typename: 'ActiveAgreementError', code: 'ACTIVE_AGREEMENT' });
    const wrongName = await gql(
      ADMIT,
      { input: { ...person, classId: third, name: '李四', enrolledOn: '2025-09-01' } },
      { token: f.staff.token },
    );
    expect(wrongName.data?.admitDirectedStudent.fields[0].path).toEqual(['input', 'name']);
    // Another college cannot touch the class.
    expect(
      (await gql(ADMIT, { input: f.student(third, { enrolledOn: '2025-09-01' }) }, { token: f.otherCollege.token })).data
        ?.admitDirectedStudent.code,
    ).toBe('NOT_FOUND');
  });

  it('runs its length: graduating before the programme ends is refused with the earliest day, unless a reason is recorded, which the bureau sees', async () => {
    const classId = await f.makeClass(10, 2024);
    const admitted = await gql(ADMIT, { input: f.student(classId, { enrolledOn: '2024-09-01' }) }, { token: f.staff.token });
    const studentId = admitted.data!.admitDirectedStudent.data.id;
    await gql(
      `mutation($input: RecordAgreementInput!) { recordDirectedAgreement(input: $input) { __typename } }`,
      { input: { studentId, agreementNo: `DX-${randomUUID().slice(0, 8)}`, signedOn: '2024-09-05' } },
      { token: f.staff.token },
    );
    const graduate = (input: Record<string, unknown>) =>
      gql(
        `mutation($input: GraduateStudentInput!) { graduateDirectedStudent(input: $input) { __typename ... on Error { code params { name value } } ... on GraduationBeforeProgrammeEndError { earliest } } }`,
        { input: { studentId, graduatedOn: '2026-06-30', ...input } },
        { token: f.staff.token },
      );
    expect((await graduate({})).data?.graduateDirectedStudent).toEqual({
      __typename: 'GraduationBeforeProgrammeEndError',
      code: 'GRADUATION_BEFORE_PROGRAMME_END',
      params: [
        { name: 'earliest', value: '2027-06-01' },
        { name: 'programmeYears', value: '3' },
      ],
      earliest: '2027-06-01',
    });
    expect((await graduate({ earlyGraduationReason: '转学学分认定，提前一年修满学分' })).data?.graduateDirectedStudent.__typename).toBe(
      'MutationGraduateDirectedStudentSuccess',
    );
    const seen = await gql(
      `query($id: ID!) { node(id: $id) { ... on DirectedStudent { status graduatedOn earlyGraduationReason programmeEndsOn } } }`,
      { id: studentId },
      { token: f.hr.token },
    );
    expect(seen.data?.node).toEqual({
      status: 'GRADUATED',
      graduatedOn: '2026-06-30',
      earlyGraduationReason: '转学学分认定，提前一年修满学分',
      programmeEndsOn: '2027-06-01',
    });
  });

  it('follows a student from agreement to graduation, placement, service and a breach with its repayment', async () => {
    const classId = await f.makeClass(10);
    const admitted = await gql(ADMIT, { input: f.student(classId) }, { token: f.staff.token });
    const studentId = admitted.data!.admitDirectedStudent.data.id;
    const gqlStep = async (field: string, inputType: string, input: Record<string, unknown>, token = f.staff.token) =>
      (
        await gql(
          `mutation($input: ${inputType}!) { ${field}(input: $input) { __typename ... on Error { code message } ... on InputValidationError { fields { path message } } } }`,
          { input },
          { token },
        )
      ).data?.[field];
    // Graduating before the agreement is recorded is refused.
    expect((await gqlStep('graduateDirectedStudent', 'GraduateStudentInput', { studentId, graduatedOn: '2026-06-30' })).code).toBe(
      'WRONG_STATE',
    );
    expect(
      (
        await gqlStep('recordDirectedAgreement', 'RecordAgreementInput', {
          studentId,
          agreementNo: `DX-${randomUUID().slice(0, 8)}`,
          signedOn: '2023-09-05',
        })
      ).__typename,
    ).toBe('MutationRecordDirectedAgreementSuccess');
    expect(
      (
        await gqlStep('placeDirectedGraduate', 'PlaceGraduateInput', {
          studentId,
          institutionId: gid('Organisation', f.home.id),
          startDate: '2026-07-01',
        })
      ).code,
    ).toBe('WRONG_STATE');
    expect((await gqlStep('graduateDirectedStudent', 'GraduateStudentInput', { studentId, graduatedOn: '2026-06-30' })).__typename).toBe(
      'MutationGraduateDirectedStudentSuccess',
    );
    const far = await gqlStep('placeDirectedGraduate', 'PlaceGraduateInput', {
      studentId,
      institutionId: gid('Organisation', f.farHome.id),
      startDate: '2026-07-01',
    });
    expect(far.fields[0]).toMatchObject({ path: ['input', 'institutionId'], message: 'must be in the sponsoring region' });
    expect(
      (
        await gqlStep('placeDirectedGraduate', 'PlaceGraduateInput', {
          studentId,
          institutionId: gid('Organisation', f.home.id),
          startDate: '2026-07-01',
        })
      ).__typename,
    ).toBe('MutationPlaceDirectedGraduateSuccess');
    const placed = await prisma.directedStudent.findUniqueOrThrow({ where: { id: dbId(studentId) }, include: { placement: true } });
    expect(placed.placement!.institutionId).toBe(f.home.id);
    // Insured months make the graduate serving; the years owed make them fulfilled.
    await prisma.employmentMonth.createMany({
      data: ['2026-07-01', '2026-08-01', '2026-09-01'].map((m, i) => ({
        employmentId: placed.placementId!,
        month: d(m),
        socialInsurancePaid: i !== 1,
        attendanceDays: 22,
      })),
    });
    const counted = await prisma.$transaction((tx) => countService(tx, { viewer: null, requestId: 'test' }, placed.id));
    expect(counted).toMatchObject({ status: 'SERVING', servedMonths: 2 });
    // Leaving early opens a breach: support for 33 whole months (2023-09-01 to 2026-06-30 is 34) plus 50 %.
    const breach = await gqlStep(
      'recordDirectedBreach',
      'RecordBreachInput',
      { studentId, kind: 'LEFT_SERVICE', occurredOn: '2026-10-15', note: '本人辞职离开定向地区' },
      f.hr.token,
    );
    expect(breach.__typename).toBe('MutationRecordDirectedBreachSuccess');
    const row = await prisma.directedBreach.findUniqueOrThrow({ where: { studentId: placed.id } });
    const expected = repaymentFor(
      { programmeYears: 3, tuitionFenPerYear: 580000, lodgingFenPerYear: 120000, allowanceFenPerYear: 300000, penaltyPercent: 50 },
      { enrolledOn: d('2023-09-01'), graduatedOn: d('2026-06-30') },
      'LEFT_SERVICE',
      d('2026-10-15'),
    );
    expect(expected.monthsSupported).toBe(34);
    expect(row.supportReceivedFen).toBe(Math.round((1_000_000 * 34) / 12));
    expect(row.amountDueFen).toBe(expected.amountDueFen);
    expect((await prisma.employment.findUniqueOrThrow({ where: { id: placed.placementId! } })).endDate).toEqual(d('2026-10-15'));
    expect(
      (
        await gqlStep('recordDirectedBreach', 'RecordBreachInput', {
          studentId,
          kind: 'LEFT_SERVICE',
          occurredOn: '2026-10-15',
          note: '再次',
        })
      ).code,
    ).toBe('WRONG_STATE');

    const breachId = gid('DirectedBreach', row.id);
    const pay = (amountYuan: number, reference: string) =>
      gqlStep('recordDirectedRepayment', 'RecordRepaymentInput', { breachId, amountYuan, paidOn: '2026-11-01', reference });
    const outstanding = row.amountDueFen / 100;
    expect((await pay(outstanding + 1, 'RCPT-0001')).fields[0].path).toEqual(['input', 'amountYuan']);
    expect((await pay(10_000, 'RCPT-0001')).__typename).toBe('MutationRecordDirectedRepaymentSuccess');
    expect((await pay(10_000, 'RCPT-0001')).__typename).toBe('MutationRecordDirectedRepaymentSuccess');
    expect((await pay(9_000, 'RCPT-0001')).fields[0].path).toEqual(['input', 'reference']);
    expect((await prisma.directedBreach.findUniqueOrThrow({ where: { id: row.id } })).repaidFen).toBe(1_000_000);
    // Concurrent receipts for the rest cannot pay more than is owed.
    const rest = (row.amountDueFen - 1_000_000) / 100;
    const both = await Promise.all([pay(rest, 'RCPT-0002'), pay(rest, 'RCPT-0003')]);
    expect(both.filter((b) => b.__typename === 'MutationRecordDirectedRepaymentSuccess')).toHaveLength(1);
    const settled = await prisma.directedBreach.findUniqueOrThrow({ where: { id: row.id } });
    expect(settled).toMatchObject({ status: 'REPAID', repaidFen: row.amountDueFen });
    expect((await gqlStep('recordRepaymentToCreditRecord', 'CreditRecordInput', { breachId, note: '逾期未还' }, f.hr.token)).code).toBe(
      'WRONG_STATE',
    );
  });

  it('imports a students file: good rows admitted, bad and duplicate rows reported; the same file again changes nothing', async () => {
    const classId = await f.makeClass(3, 2025);
    const ids = [
      makeResidentId(f.tree.county.code, 2006),
      makeResidentId(f.tree.county.code, 2006),
      makeResidentId(f.tree.county.code, 2007),
      makeResidentId(f.tree.county.code, 2006),
    ];
    const csv = [
      '学号,姓名,身份证号,手机号,学历,入学日期,协议编号,签约日期',
      `25001,刘佳怡,${ids[0]},13912345678,高中,2025-09-01,DX25-${classId.slice(0, 6)}-01,2025-09-03`,
      `25002,陈思远,${ids[1]},,中专,2025/9/1,,`,
      `25001,刘佳怡,${ids[0]},13912345678,高中,2025-09-01,DX25-${classId.slice(0, 6)}-01,2025-09-03`,
      `25003,王敏,${ids[2]!.slice(0, 17)}${ids[2]![17] === '1' ? '2' : '1'},,高中,2025-09-01,,`,
      `25004,赵磊,${ids[3]},,高中,2025-13-01,,`,
      `25005,孙悦,${makeResidentId(f.tree.county.code, 2006)},,高中,2025-09-01,,`,
      `25006,周杰,${makeResidentId(f.tree.county.code, 2006)},,高中,2025-09-01,,`,
    ].join('\n');
    const ctx = await contextOf(f.staff.token);
    const run = async () => {
      const imp = await startRosterImport(ctx, {
        kind: 'STUDENTS',
        classId: dbId(classId),
        fileName: '2025级定向班.csv',
        contentBase64: Buffer.from(csv).toString('base64'),
      });
      const r = await runRosterImport(imp.id, fakeJob());
      return { r, imp: await prisma.rosterImport.findUniqueOrThrow({ where: { id: imp.id } }) };
    };
    const first = await run();
    expect(first.r).toEqual({ imported: 3, unchanged: 0, rejected: 4 });
    const report = first.imp.rejectedRows as { row: number; column: string; message: string }[];
    expect(report.map((x) => [x.row, x.column])).toEqual([
      [4, 'row'],
      [5, '身份证号'],
      [6, '入学日期'],
      [8, 'row'],
    ]);
    expect(report[3]!.message).toContain('quota');
    const again = await run();
    expect(again.r).toEqual({ imported: 0, unchanged: 3, rejected: 4 });
    expect((await prisma.directedClass.findUniqueOrThrow({ where: { id: dbId(classId) } })).studentCount).toBe(3);
  });

  it('reads an .xlsx students file, date cells included', async () => {
    const classId = await f.makeClass(5, 2026);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('学生名单');
    sheet.addRow(['学号', '姓名', '身份证号', '入学日期']);
    sheet.addRow(['26001', '邓雨桐', makeResidentId(f.tree.county.code, 2008), new Date(Date.UTC(2026, 8, 1))]);
    sheet.addRow(['26002', '黄子涵', 'not-an-id', '2026-09-01']);
    const content = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const imp = await startRosterImport(await contextOf(f.staff.token), {
      kind: 'STUDENTS',
      classId: dbId(classId),
      fileName: '2026级.xlsx',
      contentBase64: content,
    });
    expect(await runRosterImport(imp.id, fakeJob())).toEqual({ imported: 1, unchanged: 0, rejected: 1 });
    const admitted = await prisma.directedStudent.findFirstOrThrow({ where: { classId: dbId(classId) } });
    expect(admitted.enrolledOn).toEqual(d('2026-09-01'));
  });

  it('tokens with training:read get figures and classes but never students', async () => {
    const admin = await contextOf((await makeUser('ADMIN')).token);
    const { token } = await createApiToken(admin as Parameters<typeof createApiToken>[0], {
      name: `t-${randomUUID()}`,
      scopes: ['training:read'],
      expiresInDays: 1,
      regionCode: f.tree.city.code,
    });
    const figures = await gql(
      `{ directedTrainingFigures { __typename ... on QueryDirectedTrainingFiguresSuccess { data { cohortYear quota enrolled graduated placed serving breached } } } }`,
      {},
      { token },
    );
    const rows = figures.data?.directedTrainingFigures.data as { cohortYear: number; enrolled: number; breached: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.reduce((s, r) => s + r.breached, 0)).toBeGreaterThanOrEqual(1);
    const classes = await gql(`{ directedClasses(first: 5) { edges { node { name students(first: 5) { totalCount } } } } }`, {}, { token });
    expect(classes.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(classes.data ?? {})).not.toContain('张晓燕');
  });
});
