import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { chinaDayOf, isoDay, todayInChina } from '../../shared/china-time.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { promoteWaitlist } from './enrolments.service.ts';

import { providersOf } from './training.access.ts';
import type { TAddCourseSessionInput, TChangeCapacityInput, TCreateCourseInput } from './training.schemas.ts';

/** The provider a staff member acts for; admins name none and may not create courses for nobody. */
function ownProvider(ctx: Context): string {
  const providers = providersOf(ctx.viewer);
  if (!providers?.length) throw new ForbiddenError('PROVIDER_STAFF_ONLY');
  return providers[0]!;
}

/** Locks a course the viewer's provider runs (admins: any) for the rest of the transaction. */
export async function lockOwnCourse(tx: Tx, ctx: Context, courseId: string) {
  await tx.$queryRaw`SELECT id FROM "Course" WHERE id = ${courseId}::uuid FOR UPDATE`;
  const course = await tx.course.findUnique({ where: { id: courseId } });
  const providers = providersOf(ctx.viewer);
  if (!course || (providers !== null && !providers.includes(course.providerId))) throw new NotFoundError('Course');
  return course;
}

export async function createCourse(ctx: Context, input: TCreateCourseInput) {
  const providerId = ownProvider(ctx);
  return prisma.$transaction(async (tx) => {
    const region = await tx.region.findUnique({ where: { code: input.regionCode }, select: { id: true } });
    if (!region) throw InputValidationError.at(['input', 'regionCode'], 'REGION_UNKNOWN');
    const level = input.targetLevelCode
      ? await tx.skillLevel.findUnique({ where: { code: input.targetLevelCode }, select: { id: true } })
      : null;
    if (input.targetLevelCode && !level) throw InputValidationError.at(['input', 'targetLevelCode'], 'LEVEL_UNKNOWN');
    const clash = await tx.course.findUnique({ where: { providerId_code: { providerId, code: input.code } }, select: { id: true } });
    if (clash) throw InputValidationError.at(['input', 'code'], 'COURSE_CODE_TAKEN');
    const course = await tx.course.create({
      data: {
        providerId,
        code: input.code,
        title: input.title,
        description: input.description ?? null,
        kind: input.kind,
        targetLevelId: level?.id ?? null,
        regionId: region.id,
        requiredHours: input.requiredHours,
        passMark: input.passMark,
        capacity: input.capacity,
        feeFen: input.feeYuan,
        governmentFunded: input.governmentFunded,
        place: input.place,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
      },
    });
    await recordAudit(tx, ctx, { action: 'course.create', entityType: 'Course', entityId: course.id, after: course });
    return course;
  });
}

/** Opens a draft to applications; it needs its sessions first, and enough hours in them. */
export async function publishCourse(ctx: Context, courseId: string) {
  return prisma.$transaction(async (tx) => {
    const course = await lockOwnCourse(tx, ctx, courseId);
    if (course.status !== 'DRAFT') throw new WrongStateError('COURSE_NOT_DRAFT');
    if (course.startsOn < todayInChina()) throw new WrongStateError('COURSE_STARTED');
    const sessions = await tx.courseSession.findMany({ where: { courseId }, select: { hours: true } });
    const hours = sessions.reduce((sum, s) => sum + Number(s.hours), 0);
    if (hours < course.requiredHours) throw new WrongStateError('SESSIONS_SHORT_OF_HOURS', { hours, requiredHours: course.requiredHours });
    const published = await tx.course.update({ where: { id: courseId }, data: { status: 'PUBLISHED', publishedAt: new Date() } });
    await recordAudit(tx, ctx, {
      action: 'course.publish',
      entityType: 'Course',
      entityId: courseId,
      before: { status: course.status },
      after: { status: published.status },
    });
    return published;
  });
}

/** Cancels a course that has not started; every place and waitlist place is withdrawn with the reason. */
export async function cancelCourse(ctx: Context, courseId: string, reason: string) {
  return prisma.$transaction(async (tx) => {
    const course = await lockOwnCourse(tx, ctx, courseId);
    if (course.status === 'CANCELLED') throw new WrongStateError('COURSE_CANCELLED');
    if (course.startsOn <= todayInChina()) throw new WrongStateError('COURSE_STARTED');
    const withdrawn = await tx.enrolment.updateMany({
      where: { courseId, status: { in: ['ENROLLED', 'WAITLISTED'] } },
      data: { status: 'WITHDRAWN', withdrawnAt: new Date(), outcomeNote: `课程取消：${reason}` },
    });
    const cancelled = await tx.course.update({ where: { id: courseId }, data: { status: 'CANCELLED', seatsTaken: 0 } });
    await recordAudit(tx, ctx, {
      action: 'course.cancel',
      entityType: 'Course',
      entityId: courseId,
      before: { status: course.status },
      after: { status: 'CANCELLED', reason, withdrawn: withdrawn.count },
    });
    return cancelled;
  });
}

/** Changes the number of seats; more seats promote the waitlist at once, fewer than are taken is refused. */
export async function changeCourseCapacity(ctx: Context, input: TChangeCapacityInput) {
  return prisma.$transaction(async (tx) => {
    const course = await lockOwnCourse(tx, ctx, input.courseId);
    if (course.status === 'CANCELLED') throw new WrongStateError('COURSE_CANCELLED');
    if (input.capacity < course.seatsTaken)
      throw InputValidationError.at(['input', 'capacity'], 'CAPACITY_BELOW_TAKEN', { seatsTaken: course.seatsTaken });
    await tx.course.update({ where: { id: course.id }, data: { capacity: input.capacity } });
    const promoted = await promoteWaitlist(tx, ctx, course.id);
    await recordAudit(tx, ctx, {
      action: 'course.capacity',
      entityType: 'Course',
      entityId: course.id,
      before: { capacity: course.capacity },
      after: { capacity: input.capacity, promoted },
    });
    return tx.course.findUniqueOrThrow({ where: { id: course.id } });
  });
}

/** Adds a session; the schedule must fall within the course's dates. */
export async function addCourseSession(ctx: Context, input: TAddCourseSessionInput) {
  return prisma.$transaction(async (tx) => {
    const course = await lockOwnCourse(tx, ctx, input.courseId);
    if (course.status === 'CANCELLED') throw new WrongStateError('COURSE_CANCELLED');
    const chinaDay = (d: Date) => isoDay(chinaDayOf(d));
    const [from, to] = [course.startsOn.toISOString().slice(0, 10), course.endsOn.toISOString().slice(0, 10)];
    if (chinaDay(input.startsAt) < from || chinaDay(input.startsAt) > to)
      throw InputValidationError.at(['input', 'startsAt'], 'SESSION_OUTSIDE_COURSE', { from, to });
    const last = await tx.courseSession.findFirst({ where: { courseId: course.id }, orderBy: { seq: 'desc' }, select: { seq: true } });
    const session = await tx.courseSession.create({
      data: {
        courseId: course.id,
        seq: (last?.seq ?? 0) + 1,
        topic: input.topic,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        place: input.place,
        hours: input.hours,
      },
    });
    await recordAudit(tx, ctx, { action: 'course.addSession', entityType: 'CourseSession', entityId: session.id, after: session });
    return session;
  });
}
