import { prisma, type Tx } from '../../db/client.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { courseOpenTo, courseOutcome } from './course-rules.ts';
import { providersOf } from './training.access.ts';
import { AlreadyEnrolledError, EntitlementUsedError, NotOpenToYouError } from './training.errors.ts';
import type {
  TApplyForCourseInput,
  TRecordAttendanceInput,
  TRecordCourseResultInput,
  TWithdrawEnrolmentInput,
} from './training.schemas.ts';

const HOLDS_SEAT = ['ENROLLED', 'IN_PROGRESS'] as const;
// A burst of applications queues on the course's row lock: each waits its turn rather than failing
// after Prisma's default two seconds for a connection.
const QUEUED_TX = { maxWait: 15_000, timeout: 20_000 };

async function nextQueueNo(tx: Tx): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval(pg_get_serial_sequence('"Enrolment"', 'queueNo')) AS n`;
  return row!.n;
}

/** The government-funded training year a course uses: the year it starts. */
const fundedYearOf = (course: { governmentFunded: boolean; startsOn: Date }) =>
  course.governmentFunded ? course.startsOn.getUTCFullYear() : null;

/**
 * Applies for a course. The course row is locked, so concurrent applications are decided one at a
 * time in arrival order: a free seat enrols, otherwise the person joins the waitlist. One
 * government-funded course a year per person, taken with a seat (a partial unique index holds that
 * under any race); a waitlist place does not take it.
 */
export async function applyForCourse(ctx: Context, input: TApplyForCourseInput) {
  const caregiverId = ctx.viewer?.kind === 'user' ? ctx.viewer.caregiverId : null;
  if (!caregiverId) throw new ForbiddenError('CAREGIVER_ONLY');
  try {
    return await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Course" WHERE id = ${input.courseId}::uuid FOR UPDATE`;
      const course = await tx.course.findUnique({ where: { id: input.courseId } });
      if (!course || course.status === 'DRAFT') throw new NotFoundError('Course');
      if (course.status === 'CANCELLED') throw new WrongStateError('COURSE_CANCELLED');
      if (course.startsOn < todayInChina()) throw new WrongStateError('COURSE_STARTED');
      const person = await tx.caregiver.findUniqueOrThrow({
        where: { id: caregiverId },
        select: {
          familyCarer: true,
          employments: { where: { OR: [{ endDate: null }, { endDate: { gte: todayInChina() } }] }, select: { post: true } },
        },
      });
      const verdict = courseOpenTo(course.kind, { familyCarer: person.familyCarer, currentPosts: person.employments.map((e) => e.post) });
      if (!verdict.open) throw new NotOpenToYouError({ rule: verdict.rule });
      const fundedYear = fundedYearOf(course);
      if (fundedYear !== null) {
        // The person's row lock orders this against a promotion giving them a funded seat elsewhere.
        await tx.$queryRaw`SELECT id FROM "Caregiver" WHERE id = ${caregiverId}::uuid FOR UPDATE`;
        const used = await tx.enrolment.findFirst({
          where: { caregiverId, fundedYear, status: { not: 'WITHDRAWN' }, courseId: { not: course.id } },
          select: { course: { select: { title: true } } },
        });
        if (used) throw new EntitlementUsedError(fundedYear, used.course.title);
      }
      const existing = await tx.enrolment.findUnique({ where: { courseId_caregiverId: { courseId: course.id, caregiverId } } });
      if (existing && existing.status !== 'WITHDRAWN') throw new AlreadyEnrolledError();
      // Someone waiting keeps their turn: a newcomer takes a seat only when nobody is queued for it.
      const waiting = await tx.enrolment.count({ where: { courseId: course.id, status: 'WAITLISTED' } });
      const seat = course.seatsTaken < course.capacity && waiting === 0;
      if (seat) await tx.course.update({ where: { id: course.id }, data: { seatsTaken: { increment: 1 } } });
      const data = {
        status: seat ? ('ENROLLED' as const) : ('WAITLISTED' as const),
        queueNo: await nextQueueNo(tx),
        // A waitlist place leaves the year's government-funded training free until a seat is given.
        fundedYear: seat ? fundedYear : null,
        heldBackReason: null,
        enrolledAt: seat ? new Date() : null,
        withdrawnAt: null,
        outcomeNote: null,
      };
      const enrolment = existing
        ? await tx.enrolment.update({ where: { id: existing.id }, data })
        : await tx.enrolment.create({ data: { courseId: course.id, caregiverId, ...data } });
      await recordAudit(tx, ctx, {
        action: seat ? 'enrolment.enrol' : 'enrolment.waitlist',
        entityType: 'Enrolment',
        entityId: enrolment.id,
        after: { courseId: course.id, status: enrolment.status, queueNo: enrolment.queueNo },
      });
      return enrolment;
    }, QUEUED_TX);
  } catch (error) {
    // The partial unique index on (caregiver, fundedYear) caught a concurrent application to another funded course.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const course = await prisma.course.findUnique({ where: { id: input.courseId }, select: { startsOn: true, governmentFunded: true } });
      const year = course ? fundedYearOf(course) : null;
      if (year !== null) {
        const used = await prisma.enrolment.findFirst({
          where: { caregiverId, fundedYear: year, status: { not: 'WITHDRAWN' } },
          select: { course: { select: { title: true } } },
        });
        throw new EntitlementUsedError(year, used?.course.title ?? '');
      }
      throw new AlreadyEnrolledError();
    }
    throw error;
  }
}

/**
 * Gives free seats to the waitlist in queue order (the course row must be locked by the caller); a
 * seat on a government-funded course takes the person's training for the year then. Someone who has
 * used that year's training elsewhere meanwhile is passed over: they stay waitlisted, marked
 * ENTITLEMENT_USED, and are considered again at the next promotion. Nobody is promoted once the course
 * has ended.
 */
export async function promoteWaitlist(tx: Tx, ctx: Context, courseId: string): Promise<number> {
  const course = await tx.course.findUniqueOrThrow({ where: { id: courseId }, include: { region: { select: { path: true } } } });
  const free = course.capacity - course.seatsTaken;
  if (free <= 0 || course.status !== 'PUBLISHED' || course.endsOn < todayInChina()) return 0;
  const fundedYear = fundedYearOf(course);
  const waiting = await tx.enrolment.findMany({
    where: { courseId, status: 'WAITLISTED' },
    orderBy: { queueNo: 'asc' },
    select: { id: true, caregiverId: true, heldBackReason: true },
  });
  let promoted = 0;
  for (const w of waiting) {
    if (promoted === free) break;
    if (fundedYear !== null) {
      await tx.$queryRaw`SELECT id FROM "Caregiver" WHERE id = ${w.caregiverId}::uuid FOR UPDATE`;
      const used = await tx.enrolment.findFirst({
        where: { caregiverId: w.caregiverId, fundedYear, status: { not: 'WITHDRAWN' } },
        select: { id: true },
      });
      if (used) {
        if (w.heldBackReason !== 'ENTITLEMENT_USED') {
          await tx.enrolment.update({ where: { id: w.id }, data: { heldBackReason: 'ENTITLEMENT_USED' } });
          await recordAudit(tx, ctx, {
            action: 'enrolment.heldBack',
            entityType: 'Enrolment',
            entityId: w.id,
            after: { status: 'WAITLISTED', reason: 'ENTITLEMENT_USED', usedBy: used.id },
          });
        }
        continue;
      }
    }
    await tx.enrolment.update({
      where: { id: w.id },
      data: { status: 'ENROLLED', enrolledAt: new Date(), fundedYear, heldBackReason: null },
    });
    await recordAudit(tx, ctx, {
      action: 'enrolment.promote',
      entityType: 'Enrolment',
      entityId: w.id,
      after: { status: 'ENROLLED', fundedYear },
    });
    await emitEvent(tx, {
      code: 'enrolment.promoted',
      subjectType: 'Enrolment',
      subjectId: w.id,
      caregiverId: w.caregiverId,
      // A token reads enrolments by the course's region, so its webhooks hear of them by that region too.
      regionPath: course.region.path,
      audience: ['CAREGIVER'],
      params: { courseId: courseId, courseTitle: course.title, startsOn: course.startsOn.toISOString().slice(0, 10), status: 'ENROLLED' },
    });
    promoted++;
  }
  if (promoted) await tx.course.update({ where: { id: courseId }, data: { seatsTaken: { increment: promoted } } });
  return promoted;
}

/** An enrolment the viewer may act on: the caregiver's own, or one on the viewer's provider's course. */
async function actionableEnrolment(tx: Tx, ctx: Context, enrolmentId: string, as: 'holder-or-provider' | 'provider') {
  const enrolment = await tx.enrolment.findUnique({
    where: { id: enrolmentId },
    select: { id: true, courseId: true, caregiverId: true, course: { select: { providerId: true } } },
  });
  const providers = providersOf(ctx.viewer);
  const isProvider = !!enrolment && (providers === null || providers.includes(enrolment.course.providerId));
  const isHolder = !!enrolment && ctx.viewer?.kind === 'user' && ctx.viewer.caregiverId === enrolment.caregiverId;
  if (!enrolment || !(isProvider || (as === 'holder-or-provider' && isHolder))) throw new NotFoundError('Enrolment');
  return enrolment;
}

/** Withdraws a place or a waitlist place; a freed seat goes to the first person waiting, in the same transaction. */
export async function withdrawEnrolment(ctx: Context, input: TWithdrawEnrolmentInput) {
  return prisma.$transaction(async (tx) => {
    const { courseId } = await actionableEnrolment(tx, ctx, input.enrolmentId, 'holder-or-provider');
    await tx.$queryRaw`SELECT id FROM "Course" WHERE id = ${courseId}::uuid FOR UPDATE`;
    const before = await tx.enrolment.findUniqueOrThrow({ where: { id: input.enrolmentId } });
    if (!['ENROLLED', 'IN_PROGRESS', 'WAITLISTED'].includes(before.status))
      throw new WrongStateError('ENROLMENT_STATUS', { status: before.status, action: 'WITHDRAW' });
    const after = await tx.enrolment.update({
      where: { id: before.id },
      data: { status: 'WITHDRAWN', withdrawnAt: new Date(), outcomeNote: input.reason ?? null },
    });
    let promoted = 0;
    if ((HOLDS_SEAT as readonly string[]).includes(before.status)) {
      await tx.course.update({ where: { id: courseId }, data: { seatsTaken: { decrement: 1 } } });
      promoted = await promoteWaitlist(tx, ctx, courseId);
    }
    await recordAudit(tx, ctx, {
      action: 'enrolment.withdraw',
      entityType: 'Enrolment',
      entityId: before.id,
      before: { status: before.status },
      after: { status: after.status, reason: input.reason ?? null, promoted },
    });
    return after;
  }, QUEUED_TX);
}

/**
 * Writes one person's hours for one session, keeping the enrolment's total and moving it to
 * IN_PROGRESS. Refuses a place that holds no seat, more hours than the session has, and a session
 * not yet begun. Returns false when the same hours were recorded already (nothing written).
 */
export async function writeAttendance(
  tx: Tx,
  ctx: Pick<Context, 'viewer' | 'requestId'>,
  enrolment: { id: string; status: string },
  session: { id: string; hours: Prisma.Decimal; startsAt: Date },
  hours: number,
  recordedById: string | null,
): Promise<boolean> {
  if (!(HOLDS_SEAT as readonly string[]).includes(enrolment.status))
    throw InputValidationError.at(['enrolmentId'], 'NOT_HOLDING_SEAT', { status: enrolment.status });
  if (hours > Number(session.hours)) throw InputValidationError.at(['hours'], 'HOURS_OVER_SESSION', { hours: Number(session.hours) });
  if (session.startsAt > new Date()) throw InputValidationError.at(['sessionId'], 'SESSION_NOT_BEGUN');
  const before = await tx.attendance.findUnique({
    where: { enrolmentId_sessionId: { enrolmentId: enrolment.id, sessionId: session.id } },
    select: { hours: true },
  });
  if (before && Number(before.hours) === hours) return false;
  await tx.attendance.upsert({
    where: { enrolmentId_sessionId: { enrolmentId: enrolment.id, sessionId: session.id } },
    create: { enrolmentId: enrolment.id, sessionId: session.id, hours, recordedById },
    update: { hours, recordedById, recordedAt: new Date() },
  });
  const total = await tx.attendance.aggregate({ where: { enrolmentId: enrolment.id }, _sum: { hours: true } });
  await tx.enrolment.update({
    where: { id: enrolment.id },
    data: { attendedHours: total._sum.hours ?? 0, ...(enrolment.status === 'ENROLLED' ? { status: 'IN_PROGRESS' } : {}) },
  });
  await recordAudit(tx, ctx, {
    action: 'enrolment.attendance',
    entityType: 'Enrolment',
    entityId: enrolment.id,
    before: { hours: before ? Number(before.hours) : null },
    after: { sessionId: session.id, hours },
  });
  return true;
}

/** Records the hours each person attended one session (again to correct); every line is checked before any is written. */
export async function recordAttendance(ctx: Context, input: TRecordAttendanceInput) {
  return prisma.$transaction(async (tx) => {
    const session = await tx.courseSession.findUnique({
      where: { id: input.sessionId },
      include: { course: { select: { id: true, providerId: true } } },
    });
    const providers = providersOf(ctx.viewer);
    if (!session || (providers !== null && !providers.includes(session.course.providerId))) throw new NotFoundError('CourseSession');
    if (session.startsAt > new Date()) throw InputValidationError.at(['input', 'sessionId'], 'SESSION_NOT_BEGUN');
    const enrolments = await tx.enrolment.findMany({
      where: { id: { in: input.lines.map((l) => l.enrolmentId) } },
      select: { id: true, courseId: true, status: true },
    });
    const byId = new Map(enrolments.map((e) => [e.id, e]));
    const issues = input.lines.flatMap((line, i) => {
      const e = byId.get(line.enrolmentId);
      const path = ['input', 'lines', String(i)];
      if (!e || e.courseId !== session.courseId) return [{ path: [...path, 'enrolmentId'], message: 'is not on this course' }];
      if (!(HOLDS_SEAT as readonly string[]).includes(e.status))
        return [{ path: [...path, 'enrolmentId'], message: `is ${e.status.toLowerCase()}, not holding a seat` }];
      if (line.hours > Number(session.hours))
        return [{ path: [...path, 'hours'], message: `must be at most the session's ${Number(session.hours)} hours` }];
      return [];
    });
    if (issues.length) throw new InputValidationError(issues);
    const recordedById = ctx.viewer?.kind === 'user' ? ctx.viewer.userId : null;
    let written = 0;
    for (const line of input.lines)
      if (await writeAttendance(tx, ctx, byId.get(line.enrolmentId)!, session, line.hours, recordedById)) written++;
    return written;
  });
}

/** Records the assessment and decides the enrolment by the course's rule (hours met and score ≥ pass mark). */
export async function recordCourseResult(ctx: Context, input: TRecordCourseResultInput) {
  return prisma.$transaction(async (tx) => {
    await actionableEnrolment(tx, ctx, input.enrolmentId, 'provider');
    const enrolment = await tx.enrolment.findUniqueOrThrow({ where: { id: input.enrolmentId }, include: { course: true } });
    if (!(HOLDS_SEAT as readonly string[]).includes(enrolment.status))
      throw new WrongStateError('ENROLMENT_STATUS', { status: enrolment.status, action: 'RECORD_RESULT' });
    if (input.assessedOn < enrolment.course.startsOn) throw InputValidationError.at(['input', 'assessedOn'], 'BEFORE_COURSE_START');
    if (input.assessedOn > todayInChina()) throw InputValidationError.at(['input', 'assessedOn'], 'DATE_IN_FUTURE');
    const outcome = courseOutcome(enrolment.course, Number(enrolment.attendedHours), input.score);
    const after = await tx.enrolment.update({
      where: { id: enrolment.id },
      data: {
        score: input.score,
        status: outcome.status,
        outcomeNote: outcome.note,
        completedOn: outcome.status === 'COMPLETED' ? input.assessedOn : null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'enrolment.result',
      entityType: 'Enrolment',
      entityId: enrolment.id,
      before: { status: enrolment.status },
      after: { status: after.status, score: input.score, note: outcome.note },
    });
    return after;
  });
}

/** A caregiver's government-funded training for a year: whether it is used, and by which enrolment. */
export async function trainingEntitlement(caregiverId: string, year: number) {
  const used = await prisma.enrolment.count({ where: { caregiverId, fundedYear: year, status: { not: 'WITHDRAWN' } } });
  return { year, used: used > 0, caregiverId };
}
