import { z } from 'zod';
import { coded } from '../../graphql/zod-issues.ts';
import type { Tx } from '../../db/client.ts';
import { atMostDecimals } from '../../shared/decimal-places.ts';
import { blindIndex } from '../caregivers/resident-id.ts';
import { ZPersonName, ZResidentId } from '../caregivers/caregivers.schemas.ts';
import { writeAttendance } from './enrolments.service.ts';
import { RowRejection, rowIssuesFromZod, type ParsedRow, type RowKind } from '../../shared/row-import.ts';
import { ForbiddenError } from '../../graphql/errors.ts';
import { providersOf } from './training.access.ts';
import { ZCourseCode } from './training.schemas.ts';

const ZAttendanceRow = z.object({
  courseCode: ZCourseCode,
  session: z.coerce.number().int().min(1),
  residentId: ZResidentId,
  name: ZPersonName,
  hours: z.coerce
    .number()
    .min(0, 'cannot be negative')
    .max(12, 'must be at most 12')
    .refine(atMostDecimals(1), coded('TOO_MANY_DECIMALS', { places: 1 })),
});
type AttendanceRow = z.infer<typeof ZAttendanceRow>;

/** Attendance files from providers: one row per person and session. */
export const ATTENDANCE_ROWS: RowKind<AttendanceRow> = {
  async target(ctx) {
    const providers = providersOf(ctx.viewer);
    if (!providers?.length) throw new ForbiddenError('PROVIDER_STAFF_ONLY');
    return { organisationId: providers[0]!, classId: null };
  },
  headers: {
    course_code: 'courseCode',
    课程编号: 'courseCode',
    课程代码: 'courseCode',
    session: 'session',
    课次: 'session',
    resident_id: 'residentId',
    身份证号: 'residentId',
    身份证号码: 'residentId',
    name: 'name',
    姓名: 'name',
    hours: 'hours',
    学时: 'hours',
  },
  required: ['courseCode', 'session', 'residentId', 'name', 'hours'],
  secret: ['residentId'],
  parse(raw): ParsedRow<AttendanceRow> {
    const parsed = ZAttendanceRow.safeParse(raw);
    if (!parsed.success) return { ok: false, issues: rowIssuesFromZod(parsed.error.issues) };
    return { ok: true, value: parsed.data, key: `${parsed.data.courseCode}/${parsed.data.session}/${parsed.data.residentId.id}` };
  },
  async write(tx: Tx, ctx, row, target) {
    const course = await tx.course.findUnique({
      where: { providerId_code: { providerId: target.organisationId, code: row.courseCode } },
      select: { id: true },
    });
    if (!course) throw new RowRejection('courseCode', 'COURSE_UNKNOWN', { code: row.courseCode });
    const session = await tx.courseSession.findUnique({ where: { courseId_seq: { courseId: course.id, seq: row.session } } });
    if (!session) throw new RowRejection('session', 'SESSION_UNKNOWN', { session: row.session });
    const person = await tx.caregiver.findUnique({
      where: { residentIdHash: blindIndex(row.residentId.id) },
      select: { id: true, name: true },
    });
    if (!person) throw new RowRejection('residentId', 'PERSON_UNKNOWN');
    if (person.name !== row.name) throw new RowRejection('name', 'NAME_MISMATCH');
    const enrolment = await tx.enrolment.findUnique({
      where: { courseId_caregiverId: { courseId: course.id, caregiverId: person.id } },
      select: { id: true, status: true },
    });
    if (!enrolment) throw new RowRejection('residentId', 'NOT_ENROLLED');
    return (await writeAttendance(tx, ctx, enrolment, session, row.hours, target.createdById)) ? 'imported' : 'unchanged';
  },
};
