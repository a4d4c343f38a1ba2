import { prisma, type Tx } from '../../db/client.ts';
import type { CertificateSource } from '../../generated/prisma/enums.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { hasRole, membershipsWith } from '../../graphql/viewer.ts';
import { isoDay, todayInChina } from '../../shared/china-time.ts';
import { addWorkingDays, holidayCalendar } from '../../shared/working-days.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { BlacklistedError } from '../blacklist/blacklist.errors.ts';
import { activeBlacklistEntry } from '../blacklist/blacklist.service.ts';
import { caregiverWhereFor, employingInstitutionsOf } from '../caregivers/caregivers.access.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { mayAssess } from './assessor.service.ts';
import { certificatePrefix, formatCertificateNumber, MAX_CERTIFICATE_SERIAL, type CertificateNumberParts } from './certificate-number.ts';
import { certificateWhereFor } from './certification.access.ts';
import {
  AssessorCodesMissingError,
  CertificateSerialsExhaustedError,
  ExamNotHeldError,
  NotEligibleError,
  ObjectionsOpenError,
  PublicityRunningError,
  SessionFullError,
} from './certification.errors.ts';
import type {
  TApplyForExamInput,
  TCreateExamSessionInput,
  TDecideApplicationInput,
  TObjectionInput,
  TRecordScoresInput,
  TResolveObjectionInput,
  TRevokeCertificateInput,
} from './certification.schemas.ts';
import { judgeEligibility, type Eligibility, type EntryRule } from './eligibility.ts';

type IssuerCodes = Pick<CertificateNumberParts, 'letter' | 'bodyCode' | 'provinceCode' | 'siteCode'>;

/** Every part of the exam needs at least this score (out of 100). */
export const PASS_MARK = 60;

/** Assessment bodies the viewer works for. */
const assessorsOf = (ctx: Context) => membershipsWith(ctx.viewer, 'ASSESSOR').flatMap((m) => (m.organisationId ? [m.organisationId] : []));

/** The highest valid level a person holds on a day (revoked and expired certificates do not count). */
export async function highestValidLevel(caregiverId: string, onDay: Date, db: Pick<Tx, 'certificate'> = prisma) {
  const certificate = await db.certificate.findFirst({
    where: { caregiverId, status: 'VALID', issuedOn: { lte: onDay }, OR: [{ expiresOn: null }, { expiresOn: { gt: onDay } }] },
    orderBy: { level: { rank: 'desc' } },
    include: { level: true },
  });
  return certificate?.level ?? null;
}

/** Judges a person against a level's entry rules on a day, from their employment, certificates and education. */
export async function eligibilityFor(caregiverId: string, levelCode: string, on: Date = todayInChina()): Promise<Eligibility> {
  const [caregiver, level, levels] = await Promise.all([
    prisma.caregiver.findUnique({
      where: { id: caregiverId },
      select: {
        education: true,
        employments: { where: { post: { in: ['CARE_WORKER', 'DIRECTOR'] } }, select: { startDate: true, endDate: true } },
        certificates: {
          where: { status: 'VALID', OR: [{ expiresOn: null }, { expiresOn: { gt: on } }] },
          select: { issuedOn: true, level: { select: { code: true, rank: true } } },
        },
      },
    }),
    prisma.skillLevel.findUnique({ where: { code: levelCode } }),
    prisma.skillLevel.findMany({ select: { code: true, rank: true } }),
  ]);
  if (!caregiver) throw new NotFoundError('Caregiver');
  if (!level || !level.active) throw new NotFoundError('SkillLevel');
  return judgeEligibility(
    { code: level.code, nameZh: level.nameZh, nameEn: level.nameEn, entryRules: level.entryRules as EntryRule[] },
    new Map(levels.map((l) => [l.code, l.rank])),
    {
      education: caregiver.education,
      employments: caregiver.employments,
      certificates: caregiver.certificates.map((c) => ({ levelCode: c.level.code, rank: c.level.rank, issuedOn: c.issuedOn })),
    },
    on,
  );
}

/** Who the viewer may apply for: themself, or people their institution employs now. */
async function applicantFor(ctx: Context, caregiverId: string | null | undefined): Promise<string> {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  if (!caregiverId || caregiverId === ctx.viewer.caregiverId) {
    if (!ctx.viewer.caregiverId) throw new ForbiddenError('CAREGIVER_OR_EMPLOYER_ONLY');
    return ctx.viewer.caregiverId;
  }
  const institutions = employingInstitutionsOf(ctx.viewer);
  const employed = await prisma.employment.findFirst({
    where: { caregiverId, endDate: null, ...(institutions === null ? {} : { institutionId: { in: institutions } }) },
    select: { id: true },
  });
  if (!employed || !(institutions === null || institutions.length)) throw new NotFoundError('Caregiver');
  return caregiverId;
}

export async function createExamSession(ctx: Context, input: TCreateExamSessionInput) {
  const [assessorId] = assessorsOf(ctx);
  if (!assessorId) throw new ForbiddenError('ASSESSMENT_BODY_ONLY');
  const level = await prisma.skillLevel.findUnique({ where: { code: input.levelCode } });
  if (!level || !level.active) throw new NotFoundError('SkillLevel');
  if (!(await mayAssess(assessorId, level.code))) throw new ForbiddenError('NOT_APPROVED_FOR_LEVEL');
  return prisma.$transaction(async (tx) => {
    const session = await tx.examSession.create({
      data: {
        assessorId,
        levelId: level.id,
        startsAt: input.startsAt,
        place: input.place,
        capacity: input.capacity,
        feeFen: Math.round(input.feeYuan * 100),
        publicationDays: input.publicationDays,
      },
    });
    await recordAudit(tx, ctx, { action: 'exam.createSession', entityType: 'ExamSession', entityId: session.id, after: session });
    return session;
  });
}

/**
 * Applies for an exam session. Refused when the person is blacklisted or meets none of the level's
 * entry rules (the error carries the explanation); the explanation is kept on the application.
 */
export async function applyForExam(ctx: Context, input: TApplyForExamInput) {
  const caregiverId = await applicantFor(ctx, input.caregiverId);
  const session = await prisma.examSession.findUnique({ where: { id: input.sessionId }, include: { level: true } });
  if (!session) throw new NotFoundError('ExamSession');
  if (session.status !== 'OPEN' || session.startsAt <= new Date()) throw new WrongStateError('APPLICATIONS_CLOSED');
  const today = todayInChina();
  const banned = await activeBlacklistEntry({ caregiverId }, today);
  if (banned) throw new BlacklistedError(banned.endsOn);
  const eligibility = await eligibilityFor(caregiverId, session.level.code, today);
  if (!eligibility.eligible) throw new NotEligibleError(eligibility.rules);
  return prisma.$transaction(async (tx) => {
    const live = await tx.levelApplication.findFirst({
      where: { caregiverId, sessionId: session.id, status: { notIn: ['REJECTED', 'WITHDRAWN'] } },
    });
    if (live) throw new WrongStateError('ALREADY_APPLIED');
    const application = await tx.levelApplication.create({
      data: { caregiverId, sessionId: session.id, eligibility, submittedById: ctx.viewer?.kind === 'user' ? ctx.viewer.userId : null },
    });
    await recordAudit(tx, ctx, {
      action: 'exam.apply',
      entityType: 'LevelApplication',
      entityId: application.id,
      after: { sessionId: session.id, eligibility },
    });
    return application;
  });
}

/** An application of one of the viewer's sessions, for the assessor's own steps. */
async function assessorsApplication(tx: Tx, ctx: Context, applicationId: string) {
  const application = await tx.levelApplication.findUnique({
    where: { id: applicationId },
    include: { session: { include: { level: true } } },
  });
  if (!application || !(hasRole(ctx.viewer, 'ADMIN') || assessorsOf(ctx).includes(application.session.assessorId)))
    throw new NotFoundError('LevelApplication');
  return application;
}

/**
 * Approving gives the candidate a seat: the seat count rises only while below capacity, in the same
 * statement that checks it, so concurrent approvals can never seat more than the room holds.
 */
export async function decideApplication(ctx: Context, input: TDecideApplicationInput) {
  return prisma.$transaction(async (tx) => {
    const application = await assessorsApplication(tx, ctx, input.applicationId);
    if (application.status !== 'SUBMITTED') throw new WrongStateError('APPLICATION_DECIDED');
    if (input.approve) {
      const seated =
        await tx.$executeRaw`UPDATE "ExamSession" SET "seatsTaken" = "seatsTaken" + 1 WHERE id = ${application.sessionId}::uuid AND "seatsTaken" < capacity`;
      if (seated === 0) throw new SessionFullError();
    }
    const updated = await tx.levelApplication.update({
      where: { id: application.id },
      data: input.approve ? { status: 'SCHEDULED' } : { status: 'REJECTED', rejectionReason: input.reason ?? null },
    });
    await recordAudit(tx, ctx, {
      action: input.approve ? 'exam.schedule' : 'exam.reject',
      entityType: 'LevelApplication',
      entityId: application.id,
      before: { status: application.status },
      after: { status: updated.status, reason: input.reason ?? null },
    });
    return updated;
  });
}

/** Whether scores pass: every part at least PASS_MARK, and the review part present exactly when the level has one. */
export function passes(scores: { theory: number; practical: number; review?: number | null }, requiresReview: boolean): boolean {
  const parts = [scores.theory, scores.practical, ...(requiresReview ? [scores.review ?? -1] : [])];
  return parts.every((p) => p >= PASS_MARK);
}

export async function recordScores(ctx: Context, input: TRecordScoresInput) {
  return prisma.$transaction(async (tx) => {
    const application = await assessorsApplication(tx, ctx, input.applicationId);
    if (!['SCHEDULED', 'PASSED', 'FAILED'].includes(application.status) || application.session.status !== 'OPEN') {
      throw new WrongStateError('SCORES_NOT_OPEN');
    }
    if (application.session.startsAt > new Date()) throw new ExamNotHeldError(application.session.startsAt);
    const requiresReview = application.session.level.requiresReview;
    if (requiresReview !== (input.review !== null && input.review !== undefined)) {
      throw new WrongStateError(requiresReview ? 'REVIEW_SCORE_REQUIRED' : 'REVIEW_SCORE_NOT_TAKEN');
    }
    const updated = await tx.levelApplication.update({
      where: { id: application.id },
      data: {
        theoryScore: input.theory.toFixed(2),
        practicalScore: input.practical.toFixed(2),
        reviewScore: requiresReview ? input.review!.toFixed(2) : null,
        status: passes(input, requiresReview) ? 'PASSED' : 'FAILED',
      },
    });
    await recordAudit(tx, ctx, {
      action: 'exam.scores',
      entityType: 'LevelApplication',
      entityId: application.id,
      before: { theory: application.theoryScore, practical: application.practicalScore, review: application.reviewScore },
      after: { theory: input.theory, practical: input.practical, review: input.review ?? null, status: updated.status },
    });
    return updated;
  });
}

async function assessorsSession(tx: Tx, ctx: Context, sessionId: string) {
  const session = await tx.examSession.findUnique({ where: { id: sessionId } });
  if (!session || !(hasRole(ctx.viewer, 'ADMIN') || assessorsOf(ctx).includes(session.assessorId))) throw new NotFoundError('ExamSession');
  return session;
}

/** Publicises the results for the session's working days; every scheduled candidate must have scores first. */
export async function publishResults(ctx: Context, sessionId: string) {
  return prisma.$transaction(async (tx) => {
    const session = await assessorsSession(tx, ctx, sessionId);
    if (session.status !== 'OPEN') throw new WrongStateError('RESULTS_ALREADY_PUBLICISED');
    const publishedAt = new Date();
    if (session.startsAt > publishedAt) throw new ExamNotHeldError(session.startsAt);
    const waiting = await tx.levelApplication.count({ where: { sessionId, status: 'SCHEDULED' } });
    if (waiting) throw new WrongStateError('SCORES_MISSING', { count: waiting });
    const publishedOn = todayInChina(publishedAt);
    const publicationEndsOn = addWorkingDays(
      publishedOn,
      session.publicationDays,
      await holidayCalendar(publishedOn, session.publicationDays, tx),
    );
    const updated = await tx.examSession.update({
      where: { id: sessionId },
      data: { status: 'PUBLICISED', publishedAt, publicationEndsOn },
    });
    await recordAudit(tx, ctx, {
      action: 'exam.publish',
      entityType: 'ExamSession',
      entityId: sessionId,
      before: { status: session.status },
      after: { status: updated.status, publicationEndsOn: updated.publicationEndsOn },
    });
    // Each candidate hears their own result; their employer too, the results being publicly posted (公示) anyway.
    // Whether they passed is the change; the scores stay on the result page, the event carries no personal data.
    const candidates = await tx.levelApplication.findMany({
      where: { sessionId, status: { in: ['PASSED', 'FAILED'] } },
      select: { id: true, caregiverId: true, status: true, session: { select: { level: { select: { code: true } } } } },
    });
    for (const c of candidates)
      await emitEvent(tx, {
        code: 'exam.resultsPublicised',
        subjectType: 'LevelApplication',
        subjectId: c.id,
        caregiverId: c.caregiverId,
        audience: ['CAREGIVER', 'EMPLOYER'],
        params: {
          sessionId,
          level: c.session.level.code,
          result: c.status,
          publicationEndsOn: isoDay(publicationEndsOn),
        },
      });
    return updated;
  });
}

/** A candidate objects to their result while it is publicised; certificates wait until it is resolved. */
export async function lodgeObjection(ctx: Context, input: TObjectionInput) {
  return prisma.$transaction(async (tx) => {
    const application = await tx.levelApplication.findFirst({
      where: { id: input.applicationId, caregiver: caregiverWhereFor(ctx.viewer) },
      include: { session: true },
    });
    if (!application) throw new NotFoundError('LevelApplication');
    const today = todayInChina();
    if (
      application.session.status !== 'PUBLICISED' ||
      !application.session.publicationEndsOn ||
      application.session.publicationEndsOn < today
    ) {
      throw new WrongStateError('NOT_IN_PUBLICITY');
    }
    const updated = await tx.levelApplication.update({
      where: { id: application.id },
      data: { objection: input.text, objectionOpen: true, objectionReply: null },
    });
    await recordAudit(tx, ctx, {
      action: 'exam.object',
      entityType: 'LevelApplication',
      entityId: application.id,
      after: { objection: input.text },
    });
    return updated;
  });
}

export async function resolveObjection(ctx: Context, input: TResolveObjectionInput) {
  return prisma.$transaction(async (tx) => {
    const application = await assessorsApplication(tx, ctx, input.applicationId);
    if (!application.objectionOpen) throw new WrongStateError('NO_OPEN_OBJECTION');
    const updated = await tx.levelApplication.update({
      where: { id: application.id },
      data: { objectionOpen: false, objectionReply: input.reply },
    });
    await recordAudit(tx, ctx, {
      action: 'exam.resolveObjection',
      entityType: 'LevelApplication',
      entityId: application.id,
      after: { reply: input.reply },
    });
    return updated;
  });
}

/** Takes the next serial for a site, year and level, atomically (the upsert locks the row; numbers are never reused). */
async function nextSerial(tx: Tx, prefix: string, year: number, grade: number): Promise<number> {
  const [row] = await tx.$queryRaw<{ serial: number }[]>`
    INSERT INTO "CertificateSequence" (prefix, year, grade, next) VALUES (${prefix}, ${year}, ${grade}, 2)
    ON CONFLICT (prefix, year, grade) DO UPDATE SET next = "CertificateSequence".next + 1
    RETURNING next - 1 AS serial`;
  if (row!.serial > MAX_CERTIFICATE_SERIAL) throw new CertificateSerialsExhaustedError(prefix, year, grade);
  return row!.serial;
}

/**
 * What positions 1–13 of an issuer's numbers are made of: the codes the HR bureau recorded when it
 * approved the body. A bureau issuing competition promotions has no registration of its own: its
 * numbers read as a provincially registered social body (S, 0000) of its province with site 000000,
 * a serial no province assigns, so they can never collide with an assessment body's.
 */
async function issuerCodes(tx: Tx, issuerId: string): Promise<IssuerCodes> {
  const issuer = await tx.organisation.findUniqueOrThrow({
    where: { id: issuerId },
    select: {
      kind: true,
      region: { select: { code: true } },
      assessorRegistration: { select: { status: true, assessmentKind: true, bodyCode: true, provinceCode: true, siteCode: true } },
    },
  });
  const r = issuer.assessorRegistration;
  if (r?.status === 'APPROVED' && r.assessmentKind && r.bodyCode && r.provinceCode && r.siteCode) {
    return {
      letter: r.assessmentKind === 'EMPLOYER' ? 'Y' : 'S',
      bodyCode: r.bodyCode,
      provinceCode: r.provinceCode,
      siteCode: r.siteCode,
    };
  }
  if (issuer.kind === 'BUREAU') return { letter: 'S', bodyCode: '0000', provinceCode: issuer.region.code.slice(0, 2), siteCode: '000000' };
  throw new AssessorCodesMissingError();
}

export type CertificateToIssue = {
  caregiverId: string;
  level: { id: string; code: string; grade: number | null };
  /** The assessment body, or for competition promotions the organising bureau. */
  issuer: { id: string };
  /** The day the level starts counting (eligibility waiting times, post-subsidy tier). */
  issuedOn: Date;
  source: CertificateSource;
  examFeeFen?: number | null;
};

/**
 * The one way a certificate comes into being: takes the next serial of the issuer's site, year and
 * level, writes the certificate and its audit row, all inside the caller's transaction.
 */
export async function issueCertificate(tx: Tx, ctx: Pick<Context, 'viewer' | 'requestId'>, c: CertificateToIssue) {
  const year = c.issuedOn.getUTCFullYear();
  const codes = await issuerCodes(tx, c.issuer.id);
  const serial = await nextSerial(tx, certificatePrefix(codes), year, c.level.grade ?? 0);
  const certificate = await tx.certificate.create({
    data: {
      number: formatCertificateNumber({ ...codes, year, grade: c.level.grade, serial }),
      caregiverId: c.caregiverId,
      levelId: c.level.id,
      issuerId: c.issuer.id,
      issuedOn: c.issuedOn,
      source: c.source,
      examFeeFen: c.examFeeFen ?? null,
    },
  });
  await recordAudit(tx, ctx, {
    action: 'certificate.issue',
    entityType: 'Certificate',
    entityId: certificate.id,
    after: { number: certificate.number, level: c.level.code, caregiverId: c.caregiverId, source: c.source },
  });
  await emitEvent(tx, {
    code: 'certificate.issued',
    subjectType: 'Certificate',
    subjectId: certificate.id,
    caregiverId: c.caregiverId,
    audience: ['CAREGIVER'],
    params: { number: certificate.number, level: c.level.code, status: 'VALID' },
  });
  return certificate;
}

/**
 * Issues certificates to everyone who passed, once the publicity period is over and no objection is
 * open: one transaction, and a candidate already certified is never certified again.
 */
export async function issueCertificates(ctx: Context, sessionId: string, today: Date = todayInChina()) {
  return prisma.$transaction(async (tx) => {
    await assessorsSession(tx, ctx, sessionId);
    // Taken with a row lock, so two clicks on "issue" cannot both issue.
    await tx.$executeRaw`SELECT 1 FROM "ExamSession" WHERE id = ${sessionId}::uuid FOR UPDATE`;
    const current = await tx.examSession.findUniqueOrThrow({ where: { id: sessionId } });
    if (current.status !== 'PUBLICISED' || !current.publicationEndsOn) throw new WrongStateError('RESULTS_NOT_PUBLICISED');
    if (current.publicationEndsOn >= today) throw new PublicityRunningError(current.publicationEndsOn);
    const open = await tx.levelApplication.count({ where: { sessionId, objectionOpen: true } });
    if (open) throw new ObjectionsOpenError(open);
    const passed = await tx.levelApplication.findMany({
      where: { sessionId, status: 'PASSED', certificateId: null },
      include: { session: { include: { level: true } } },
      orderBy: { createdAt: 'asc' },
    });
    for (const application of passed) {
      const certificate = await issueCertificate(tx, ctx, {
        caregiverId: application.caregiverId,
        level: application.session.level,
        issuer: { id: current.assessorId },
        issuedOn: today,
        source: 'EXAM',
        examFeeFen: current.feeFen,
      });
      await tx.levelApplication.update({ where: { id: application.id }, data: { status: 'CERTIFIED', certificateId: certificate.id } });
    }
    await tx.examSession.update({ where: { id: sessionId }, data: { status: 'CERTIFIED' } });
    return passed.length;
  });
}

/** Revocation (fraud): the certificate stays on record, marked revoked, and stops counting everywhere. */
export async function revokeCertificate(ctx: Context, input: TRevokeCertificateInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const userId = ctx.viewer.userId;
  return prisma.$transaction(async (tx) => {
    // The approver acts on certificates of people in their region, the same reach as reading them.
    const certificate = await tx.certificate.findFirst({ where: { AND: [{ id: input.certificateId }, certificateWhereFor(ctx.viewer)] } });
    if (!certificate) throw new NotFoundError('Certificate');
    if (certificate.status === 'REVOKED') throw new WrongStateError('CERTIFICATE_ALREADY_REVOKED');
    const updated = await tx.certificate.update({
      where: { id: certificate.id },
      data: { status: 'REVOKED', revokedAt: new Date(), revokedReason: input.reason, revokedById: userId },
    });
    await recordAudit(tx, ctx, {
      action: 'certificate.revoke',
      entityType: 'Certificate',
      entityId: certificate.id,
      before: { status: certificate.status },
      after: { status: updated.status, reason: input.reason },
    });
    // The reason is free text and may name people: the event carries the state change only.
    await emitEvent(tx, {
      code: 'certificate.revoked',
      subjectType: 'Certificate',
      subjectId: certificate.id,
      caregiverId: certificate.caregiverId,
      audience: ['CAREGIVER', 'EMPLOYER'],
      params: { number: certificate.number, status: 'REVOKED' },
    });
    return updated;
  });
}
