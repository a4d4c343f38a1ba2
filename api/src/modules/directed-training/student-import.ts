import { z } from 'zod';
import { ZPhone } from '../caregivers/caregivers.schemas.ts';
import type { Tx } from '../../db/client.ts';
import { ZAgreementNo, ZStudentFields } from './directed-training.schemas.ts';
import { admitInto, lockClassRow } from './classes.service.ts';
import { RowRejection, type ParsedRow, type RowKind } from '../../shared/row-import.ts';
import { prisma } from '../../db/client.ts';
import { InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { mayManageClass } from './directed-training.access.ts';

// Education as colleges write it; English enum names work too.
const EDUCATION: Record<string, string> = {
  初中: 'JUNIOR',
  高中: 'SENIOR',
  普通高中: 'SENIOR',
  中专: 'SECONDARY_VOCATIONAL',
  中职: 'SECONDARY_VOCATIONAL',
  职高: 'SECONDARY_VOCATIONAL',
  技校: 'SECONDARY_VOCATIONAL',
  大专: 'COLLEGE',
  本科: 'BACHELOR',
};

/** A day as written in a roster: 2023-09-01, 2023/9/1 or 2023.9.1. */
const ZRosterDay = z.string().transform((v, ctx) => {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v.trim());
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!day || day.getUTCDate() !== Number(m![3]) || day.getUTCMonth() !== Number(m![2]) - 1) {
    ctx.addIssue({ code: 'custom', message: 'must be a date such as 2023-09-01' });
    return z.NEVER;
  }
  return day;
});

const ZStudentRow = ZStudentFields.extend({
  education: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? (EDUCATION[v.trim()] ?? v.trim().toUpperCase()) : undefined))
    .pipe(ZStudentFields.shape.education),
  enrolledOn: ZRosterDay,
  phone: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null))
    .pipe(ZPhone.nullable()),
  agreementNo: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null))
    .pipe(ZAgreementNo.nullable()),
  signedOn: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null))
    .pipe(ZRosterDay.nullable()),
}).superRefine((v, ctx) => {
  if ((v.agreementNo === null) !== (v.signedOn === null))
    ctx.addIssue({
      code: 'custom',
      path: [v.agreementNo ? 'signedOn' : 'agreementNo'],
      message: 'give both the agreement number and the day it was signed',
    });
});
type StudentRow = z.infer<typeof ZStudentRow>;

/** Students files from colleges: one row per student of the class, the agreement when signed. */
export const STUDENT_ROWS: RowKind<StudentRow> = {
  async target(ctx, input) {
    if (!input.classId) throw InputValidationError.field(['input', 'classId'], 'a students file goes into a class');
    const cls = await prisma.directedClass.findUnique({
      where: { id: input.classId },
      select: { id: true, collegeId: true, sponsorRegion: { select: { path: true } } },
    });
    if (!cls || !mayManageClass(ctx.viewer, { collegeId: cls.collegeId, sponsorRegionPath: cls.sponsorRegion.path }, false))
      throw new NotFoundError('DirectedClass');
    return { organisationId: cls.collegeId, classId: cls.id };
  },
  headers: {
    student_no: 'studentNo',
    学号: 'studentNo',
    name: 'name',
    姓名: 'name',
    resident_id: 'residentId',
    身份证号: 'residentId',
    身份证号码: 'residentId',
    phone: 'phone',
    手机: 'phone',
    手机号: 'phone',
    联系电话: 'phone',
    education: 'education',
    学历: 'education',
    入学前学历: 'education',
    enrolled_on: 'enrolledOn',
    入学日期: 'enrolledOn',
    agreement_no: 'agreementNo',
    协议编号: 'agreementNo',
    signed_on: 'signedOn',
    签约日期: 'signedOn',
  },
  required: ['studentNo', 'name', 'residentId', 'enrolledOn'],
  secret: ['residentId'],
  parse(raw): ParsedRow<StudentRow> {
    const parsed = ZStudentRow.safeParse(raw);
    if (!parsed.success)
      return { ok: false, issues: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'row'), message: i.message })) };
    return { ok: true, value: parsed.data, key: parsed.data.residentId.id };
  },
  async write(tx: Tx, ctx, row, target) {
    // The viewer's right to the class was checked when the import was started.
    const cls = await lockClassRow(tx, target.classId!);
    if (!cls) throw new RowRejection('row', 'the class is gone');
    const admitted = await admitInto(tx, ctx, cls, row, []);
    if (!row.agreementNo) return admitted.outcome;
    const student = await tx.directedStudent.findUniqueOrThrow({ where: { id: admitted.studentId } });
    if (student.agreementNo === row.agreementNo) return admitted.outcome;
    if (student.agreementNo) throw new RowRejection('agreementNo', `the student's agreement is recorded as ${student.agreementNo}`);
    const clash = await tx.directedStudent.findUnique({ where: { agreementNo: row.agreementNo }, select: { id: true } });
    if (clash) throw new RowRejection('agreementNo', 'is the number of another agreement');
    await tx.directedStudent.update({ where: { id: student.id }, data: { agreementNo: row.agreementNo, agreementSignedOn: row.signedOn } });
    return 'imported';
  },
};
