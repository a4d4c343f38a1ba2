import { z } from 'zod';
import { coded } from '../../graphql/zod-issues.ts';
import { CourseKind } from '../../generated/prisma/enums.ts';
import { atMostDecimals } from '../../shared/decimal-places.ts';
import { zGlobalId } from '../../graphql/global-id.ts';
import { zActivityDate } from '../../shared/plausible-dates.ts';
import { checkPlausibleDates } from '../../shared/plausible-dates.ts';

const ZFen = z
  .number()
  .min(0, 'cannot be negative')
  .max(1_000_000, 'is more than any course costs')
  .refine(atMostDecimals(2), coded('TOO_MANY_DECIMALS', { places: 2 }))
  .transform((v) => Math.round(v * 100));
const ZText = (min: number, max: number) => z.string().trim().min(min, `at least ${min} characters`).max(max, `at most ${max} characters`);

export const ZCourseCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,29}$/, 'letters, digits and - only (2 to 30)');

export const ZCreateCourseInput = z
  .object({
    code: ZCourseCode,
    title: ZText(2, 80),
    description: ZText(0, 2000).nullish(),
    kind: z.enum(CourseKind),
    targetLevelCode: z
      .string()
      .trim()
      .regex(/^L\d{1,2}$|^[A-Z_]{2,20}$/, 'must be a skill level code such as L4')
      .nullish(),
    regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code'),
    requiredHours: z.number().int('must be whole hours').min(1, 'must be at least 1').max(2000, 'must be at most 2000'),
    passMark: z.number().int('must be a whole number').min(0, 'must be 0 to 100').max(100, 'must be 0 to 100').default(60),
    capacity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
    feeYuan: ZFen,
    governmentFunded: z.boolean(),
    place: ZText(2, 120),
    startsOn: zActivityDate,
    endsOn: zActivityDate,
  })
  .superRefine((v, ctx) => {
    checkPlausibleDates(v, ctx, ['startsOn', 'endsOn']);
    if (v.endsOn < v.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before the start', params: { code: 'END_BEFORE_START' } });
    if (v.governmentFunded && v.feeYuan > 0)
      ctx.addIssue({ code: 'custom', path: ['feeYuan'], message: 'a government-funded course is free to the trainee' });
  });
export type TCreateCourseInput = z.infer<typeof ZCreateCourseInput>;

export const ZChangeCapacityInput = z.object({
  courseId: zGlobalId('Course'),
  capacity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
});
export type TChangeCapacityInput = z.infer<typeof ZChangeCapacityInput>;

export const ZAddCourseSessionInput = z
  .object({
    courseId: zGlobalId('Course'),
    topic: ZText(2, 120),
    startsAt: zActivityDate,
    endsAt: zActivityDate,
    place: ZText(2, 120),
    hours: z
      .number()
      .positive('must be more than 0')
      .max(12, 'must be at most 12')
      .refine(atMostDecimals(1), coded('TOO_MANY_DECIMALS', { places: 1 })),
  })
  .superRefine((v, ctx) => {
    checkPlausibleDates(v, ctx, ['startsAt', 'endsAt']);
    if (v.endsAt <= v.startsAt)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after the start', params: { code: 'END_BEFORE_START' } });
  });
export type TAddCourseSessionInput = z.infer<typeof ZAddCourseSessionInput>;

export const ZApplyForCourseInput = z.object({ courseId: zGlobalId('Course') });
export type TApplyForCourseInput = z.infer<typeof ZApplyForCourseInput>;

export const ZWithdrawEnrolmentInput = z.object({ enrolmentId: zGlobalId('Enrolment'), reason: ZText(0, 200).nullish() });
export type TWithdrawEnrolmentInput = z.infer<typeof ZWithdrawEnrolmentInput>;

export const ZAttendanceLine = z.object({
  enrolmentId: zGlobalId('Enrolment'),
  hours: z
    .number()
    .min(0, 'cannot be negative')
    .max(12, 'must be at most 12')
    .refine(atMostDecimals(1), coded('TOO_MANY_DECIMALS', { places: 1 })),
});
export const ZRecordAttendanceInput = z.object({
  sessionId: z.uuid('must be a session id'),
  lines: z.array(ZAttendanceLine).min(1, 'at least one line').max(1000),
});
export type TRecordAttendanceInput = z.infer<typeof ZRecordAttendanceInput>;

export const ZRecordCourseResultInput = z.object({
  enrolmentId: zGlobalId('Enrolment'),
  score: z
    .number()
    .min(0, 'must be 0 to 100')
    .max(100, 'must be 0 to 100')
    .refine(atMostDecimals(2), coded('TOO_MANY_DECIMALS', { places: 2 })),
  assessedOn: zActivityDate,
});
export type TRecordCourseResultInput = z.infer<typeof ZRecordCourseResultInput>;

/** Largest roster file accepted: a class or a course fits in far less. */
export const ROSTER_FILE_MAX_BYTES = 2 * 1024 * 1024;

export const ZStartRosterImportInput = z.object({
  kind: z.enum(['STUDENTS', 'ATTENDANCE']),
  classId: zGlobalId('DirectedClass').nullish(),
  fileName: z
    .string()
    .trim()
    .regex(/\.(csv|xlsx)$/i, 'must be a .csv or .xlsx file')
    .max(200, 'at most 200 characters'),
  contentBase64: z
    .string()
    .max(Math.ceil((ROSTER_FILE_MAX_BYTES * 4) / 3) + 4, 'file is larger than 2 MB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});
export type TStartRosterImportInput = z.infer<typeof ZStartRosterImportInput>;
