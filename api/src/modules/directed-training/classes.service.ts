import { prisma, type Tx } from '../../db/client.ts';
import type { Education } from '../../generated/prisma/enums.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { createCaregiverRecord } from '../caregivers/caregivers.service.ts';
import { blindIndex, type ResidentIdFacts } from '../caregivers/resident-id.ts';
import { collegesOf, mayManageClass } from './directed-training.access.ts';
import { ActiveAgreementError, GraduationBeforeProgrammeEndError, QuotaFullError } from './directed-training.errors.ts';
import type {
  TAdmitStudentInput,
  TCreateDirectedClassInput,
  TGraduateInput,
  TPlaceGraduateInput,
  TRecordAgreementInput,
} from './directed-training.schemas.ts';
import { programmeEndsOn } from './programme-calendar.ts';
import { countService } from './service-tracking.ts';

export const ACTIVE = ['ENROLLED', 'GRADUATED', 'PLACED', 'SERVING'] as const;

export async function createDirectedClass(ctx: Context, input: TCreateDirectedClassInput) {
  const colleges = collegesOf(ctx.viewer);
  if (!colleges?.length) throw new ForbiddenError('COLLEGE_STAFF_ONLY');
  const collegeId = colleges[0]!;
  return prisma.$transaction(async (tx) => {
    const region = await tx.region.findUnique({ where: { code: input.sponsorRegionCode }, select: { id: true } });
    if (!region) throw InputValidationError.at(['input', 'sponsorRegionCode'], 'REGION_UNKNOWN');
    const clash = await tx.directedClass.findUnique({
      where: { collegeId_cohortYear_major: { collegeId, cohortYear: input.cohortYear, major: input.major } },
      select: { id: true },
    });
    if (clash) throw InputValidationError.at(['input', 'major'], 'CLASS_EXISTS', { cohortYear: input.cohortYear });
    const { sponsorRegionCode: _code, tuitionYuanPerYear, lodgingYuanPerYear, allowanceYuanPerYear, ...rest } = input;
    const cls = await tx.directedClass.create({
      data: {
        ...rest,
        collegeId,
        sponsorRegionId: region.id,
        tuitionFenPerYear: tuitionYuanPerYear,
        lodgingFenPerYear: lodgingYuanPerYear,
        allowanceFenPerYear: allowanceYuanPerYear,
      },
    });
    await recordAudit(tx, ctx, { action: 'directed.createClass', entityType: 'DirectedClass', entityId: cls.id, after: cls });
    return cls;
  });
}

/** Locks a class row for the rest of the transaction, so admissions to it are decided one at a time. */
export async function lockClassRow(tx: Tx, classId: string) {
  await tx.$queryRaw`SELECT id FROM "DirectedClass" WHERE id = ${classId}::uuid FOR UPDATE`;
  return tx.directedClass.findUnique({ where: { id: classId }, include: { sponsorRegion: { select: { path: true } } } });
}

/** Locks a class the viewer may manage for the rest of the transaction. */
export async function lockClass(tx: Tx, ctx: Context, classId: string, bureauToo = false) {
  const cls = await lockClassRow(tx, classId);
  if (!cls || !mayManageClass(ctx.viewer, { collegeId: cls.collegeId, sponsorRegionPath: cls.sponsorRegion.path }, bureauToo))
    throw new NotFoundError('DirectedClass');
  return cls;
}

export type StudentFields = {
  studentNo: string;
  name: string;
  residentId: { id: string; facts: ResidentIdFacts };
  phone?: string | null;
  education: Education;
  enrolledOn: Date;
};
export type AdmitOutcome = { outcome: 'imported' | 'unchanged'; studentId: string };

/**
 * Admits a person to a locked class: registers them when new (a name that differs from the registered
 * one is refused), holds them to one active agreement, and takes a place of the quota by a guarded
 * update (the CHECK on the class is the last line). Admitting someone already in the class changes nothing.
 */
export async function admitInto(
  tx: Tx,
  ctx: Pick<Context, 'viewer' | 'requestId'>,
  cls: { id: string; quota: number; cohortYear: number; sponsorRegionId: string },
  s: StudentFields,
  path: string[],
): Promise<AdmitOutcome> {
  if (s.enrolledOn.getUTCFullYear() !== cls.cohortYear)
    throw InputValidationError.at([...path, 'enrolledOn'], 'COHORT_YEAR_MISMATCH', { cohortYear: cls.cohortYear });
  let person = await tx.caregiver.findUnique({ where: { residentIdHash: blindIndex(s.residentId.id) }, select: { id: true, name: true } });
  if (person && person.name !== s.name) throw InputValidationError.at([...path, 'name'], 'NAME_MISMATCH');
  if (person) {
    const here = await tx.directedStudent.findUnique({
      where: { classId_caregiverId: { classId: cls.id, caregiverId: person.id } },
      select: { id: true, studentNo: true },
    });
    if (here) {
      if (here.studentNo !== s.studentNo)
        throw InputValidationError.at([...path, 'studentNo'], 'STUDENT_IN_CLASS', { studentNo: here.studentNo });
      return { outcome: 'unchanged', studentId: here.id };
    }
    const active = await tx.directedStudent.findFirst({
      where: { caregiverId: person.id, status: { in: [...ACTIVE] } },
      select: { class: { select: { name: true } } },
    });
    if (active) throw new ActiveAgreementError(active.class.name);
  }
  const numberTaken = await tx.directedStudent.findUnique({
    where: { classId_studentNo: { classId: cls.id, studentNo: s.studentNo } },
    select: { id: true },
  });
  if (numberTaken) throw InputValidationError.at([...path, 'studentNo'], 'STUDENT_NO_TAKEN');
  const seated =
    await tx.$executeRaw`UPDATE "DirectedClass" SET "studentCount" = "studentCount" + 1 WHERE id = ${cls.id}::uuid AND "studentCount" < quota`;
  if (seated === 0) throw new QuotaFullError(cls.quota);
  if (!person) {
    person = await createCaregiverRecord(tx, ctx, { ...s, regionId: cls.sponsorRegionId }, { source: 'directed class', classId: cls.id });
  }
  const student = await tx.directedStudent.create({
    data: { classId: cls.id, caregiverId: person.id, studentNo: s.studentNo, enrolledOn: s.enrolledOn },
  });
  await recordAudit(tx, ctx, {
    action: 'directed.admit',
    entityType: 'DirectedStudent',
    entityId: student.id,
    after: { classId: cls.id, studentNo: s.studentNo },
  });
  return { outcome: 'imported', studentId: student.id };
}

export async function admitStudent(ctx: Context, input: TAdmitStudentInput) {
  return prisma.$transaction(
    async (tx) => {
      const cls = await lockClass(tx, ctx, input.classId);
      const { studentId } = await admitInto(tx, ctx, cls, input, ['input']);
      return tx.directedStudent.findUniqueOrThrow({ where: { id: studentId } });
    },
    { maxWait: 15_000, timeout: 20_000 },
  );
}

/** Locks a student row (and checks the viewer may manage the class) for a state change. */
export async function lockStudent(tx: Tx, ctx: Context, studentId: string, bureauToo = false) {
  await tx.$queryRaw`SELECT id FROM "DirectedStudent" WHERE id = ${studentId}::uuid FOR UPDATE`;
  const student = await tx.directedStudent.findUnique({
    where: { id: studentId },
    include: { class: { include: { sponsorRegion: { select: { path: true } } } } },
  });
  if (
    !student ||
    !mayManageClass(ctx.viewer, { collegeId: student.class.collegeId, sponsorRegionPath: student.class.sponsorRegion.path }, bureauToo)
  )
    throw new NotFoundError('DirectedStudent');
  return student;
}

function refuse(status: string, action: string): never {
  throw new WrongStateError('STUDENT_STATUS', { status, action });
}

/** Records the three-party agreement (student, college, sponsor); signed once. */
export async function recordAgreement(ctx: Context, input: TRecordAgreementInput) {
  return prisma.$transaction(async (tx) => {
    const s = await lockStudent(tx, ctx, input.studentId);
    if (s.agreementNo) throw new WrongStateError('AGREEMENT_RECORDED', { agreementNo: s.agreementNo });
    if (s.status !== 'ENROLLED' && s.status !== 'GRADUATED') refuse(s.status, 'SIGN_AGREEMENT');
    if (input.signedOn > todayInChina()) throw InputValidationError.at(['input', 'signedOn'], 'DATE_IN_FUTURE');
    const clash = await tx.directedStudent.findUnique({ where: { agreementNo: input.agreementNo }, select: { id: true } });
    if (clash) throw InputValidationError.at(['input', 'agreementNo'], 'AGREEMENT_NO_TAKEN');
    const after = await tx.directedStudent.update({
      where: { id: s.id },
      data: { agreementNo: input.agreementNo, agreementSignedOn: input.signedOn },
    });
    await recordAudit(tx, ctx, {
      action: 'directed.agreement',
      entityType: 'DirectedStudent',
      entityId: s.id,
      after: { agreementNo: input.agreementNo, signedOn: input.signedOn },
    });
    return after;
  });
}

/** Records graduation: not before the programme's end unless a reason (transfer credit ...) is recorded with it. */
export async function graduateStudent(ctx: Context, input: TGraduateInput) {
  return prisma.$transaction(async (tx) => {
    const s = await lockStudent(tx, ctx, input.studentId);
    if (s.status !== 'ENROLLED') refuse(s.status, 'GRADUATE');
    if (!s.agreementNo) throw new WrongStateError('AGREEMENT_MISSING');
    if (input.graduatedOn <= s.enrolledOn) throw InputValidationError.at(['input', 'graduatedOn'], 'GRADUATION_NOT_AFTER_ENROLMENT');
    if (input.graduatedOn > todayInChina()) throw InputValidationError.at(['input', 'graduatedOn'], 'DATE_IN_FUTURE');
    const earliest = programmeEndsOn(s.enrolledOn, s.class.programmeYears);
    const early = input.graduatedOn < earliest;
    if (early && !input.earlyGraduationReason) throw new GraduationBeforeProgrammeEndError(earliest, s.class.programmeYears);
    const earlyGraduationReason = early ? input.earlyGraduationReason! : null;
    const after = await tx.directedStudent.update({
      where: { id: s.id },
      data: { status: 'GRADUATED', graduatedOn: input.graduatedOn, earlyGraduationReason },
    });
    await recordAudit(tx, ctx, {
      action: 'directed.graduate',
      entityType: 'DirectedStudent',
      entityId: s.id,
      before: { status: s.status },
      after: { status: after.status, graduatedOn: input.graduatedOn, earlyGraduationReason },
    });
    return after;
  });
}

/** Places a graduate: an employment record at a care institution in the sponsoring region, from which service counts. */
export async function placeGraduate(ctx: Context, input: TPlaceGraduateInput) {
  return prisma.$transaction(async (tx) => {
    const s = await lockStudent(tx, ctx, input.studentId);
    if (s.status !== 'GRADUATED') refuse(s.status, 'PLACE');
    const institution = await tx.organisation.findUnique({
      where: { id: input.institutionId },
      select: { kind: true, name: true, region: { select: { path: true } } },
    });
    if (!institution || institution.kind !== 'INSTITUTION') throw InputValidationError.at(['input', 'institutionId'], 'NOT_AN_INSTITUTION');
    if (!institution.region.path.startsWith(s.class.sponsorRegion.path))
      throw InputValidationError.at(['input', 'institutionId'], 'OUTSIDE_SPONSOR_REGION');
    if (input.startDate < s.graduatedOn!) throw InputValidationError.at(['input', 'startDate'], 'PLACEMENT_BEFORE_GRADUATION');
    if (input.startDate > todayInChina()) throw InputValidationError.at(['input', 'startDate'], 'DATE_IN_FUTURE');
    if (input.contractEndsOn && input.contractEndsOn <= input.startDate)
      throw InputValidationError.at(['input', 'contractEndsOn'], 'CONTRACT_END_NOT_AFTER_START');
    const employment = await tx.employment.create({
      data: {
        caregiverId: s.caregiverId,
        institutionId: input.institutionId,
        post: input.post,
        contractType: input.contractType,
        fullTime: true,
        startDate: input.startDate,
        contractEndsOn: input.contractEndsOn ?? null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'employment.create',
      entityType: 'Employment',
      entityId: employment.id,
      after: { ...employment, source: 'directed placement' },
    });
    const after = await tx.directedStudent.update({ where: { id: s.id }, data: { status: 'PLACED', placementId: employment.id } });
    await recordAudit(tx, ctx, {
      action: 'directed.place',
      entityType: 'DirectedStudent',
      entityId: s.id,
      before: { status: s.status },
      after: { status: after.status, employmentId: employment.id, institution: institution.name },
    });
    await countService(tx, ctx, s.id);
    return tx.directedStudent.findUniqueOrThrow({ where: { id: s.id } });
  });
}
