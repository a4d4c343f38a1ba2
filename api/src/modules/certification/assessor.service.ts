import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import { membershipsWith } from '../../graphql/viewer.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { registrationDecisionWhereFor } from './certification.access.ts';
import { AssessorCodesTakenError } from './certification.errors.ts';
import { evidenceStore, IMAGE_MAX_BYTES, inspectUpload } from '../../files/file-store.ts';
import type { TApplyAsAssessorInput, TDecideAssessorInput, TSetAssessorFilingInput, TUploadSealInput } from './certification.schemas.ts';

/** An assessment body applies (or applies again after a refusal) to assess some levels. */
export async function applyAsAssessor(ctx: Context, input: TApplyAsAssessorInput) {
  const organisationId = membershipsWith(ctx.viewer, 'ASSESSOR').find((m) => m.organisationId)?.organisationId;
  if (!organisationId) throw new ForbiddenError('ASSESSMENT_BODY_ONLY');
  const known = await prisma.skillLevel.findMany({ where: { code: { in: input.levelCodes }, active: true }, select: { code: true } });
  const unknown = input.levelCodes.filter((c) => !known.some((k) => k.code === c));
  if (unknown.length) throw new InputValidationError([{ path: ['input', 'levelCodes'], message: `unknown levels: ${unknown.join(', ')}` }]);
  return prisma.$transaction(async (tx) => {
    const existing = await tx.assessorRegistration.findUnique({ where: { organisationId } });
    if (existing && existing.status !== 'REJECTED')
      throw new WrongStateError(existing.status === 'PENDING' ? 'ASSESSOR_PENDING' : 'ASSESSOR_APPROVED');
    const data = {
      levelCodes: [...new Set(input.levelCodes)],
      note: input.note ?? null,
      status: 'PENDING' as const,
      decidedAt: null,
      decidedById: null,
      decisionReason: null,
    };
    const registration = existing
      ? await tx.assessorRegistration.update({ where: { id: existing.id }, data })
      : await tx.assessorRegistration.create({ data: { ...data, organisationId } });
    await recordAudit(tx, ctx, {
      action: 'assessor.apply',
      entityType: 'AssessorRegistration',
      entityId: registration.id,
      before: existing,
      after: registration,
    });
    return registration;
  });
}

/**
 * The HR bureau approves, recording the codes that begin the body's certificate numbers, or refuses
 * (with a reason) a pending registration. A body approved before the codes were kept is approved
 * again with them; nothing else about it changes.
 */
export async function decideAssessor(ctx: Context, input: TDecideAssessorInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const userId = ctx.viewer.userId;
  return prisma.$transaction(async (tx) => {
    const registration = await tx.assessorRegistration.findFirst({
      where: { AND: [{ id: input.registrationId }, registrationDecisionWhereFor(ctx.viewer)] },
      include: { organisation: { select: { region: { select: { code: true } } } } },
    });
    if (!registration) throw new NotFoundError('AssessorRegistration');
    const codesMissing = registration.status === 'APPROVED' && !registration.siteCode;
    if (registration.status !== 'PENDING' && !(codesMissing && input.approve))
      throw new WrongStateError('REGISTRATION_DECIDED', { status: registration.status });
    const codes = input.approve
      ? {
          assessmentKind: input.assessmentKind!,
          bodyCode: input.bodyCode!,
          provinceCode: registration.organisation.region.code.slice(0, 2),
          siteCode: input.siteCode!,
        }
      : null;
    if (codes) {
      const taken = await tx.assessorRegistration.findFirst({
        where: { bodyCode: codes.bodyCode, provinceCode: codes.provinceCode, siteCode: codes.siteCode, id: { not: registration.id } },
        select: { id: true },
      });
      if (taken) throw new AssessorCodesTakenError(codes.bodyCode, codes.provinceCode, codes.siteCode);
    }
    const updated = await tx.assessorRegistration.update({
      where: { id: registration.id },
      data: {
        status: input.approve ? 'APPROVED' : 'REJECTED',
        decisionReason: input.reason ?? null,
        decidedById: userId,
        decidedAt: new Date(),
        ...codes,
      },
    });
    const { organisation: _, ...before } = registration;
    await recordAudit(tx, ctx, {
      action: input.approve ? 'assessor.approve' : 'assessor.reject',
      entityType: 'AssessorRegistration',
      entityId: registration.id,
      before,
      after: { status: updated.status, reason: input.reason ?? null, ...codes },
    });
    return updated;
  });
}

/** Whether the body may hold an exam for the level: an approved registration that covers it. */
export async function mayAssess(organisationId: string, levelCode: string): Promise<boolean> {
  const registration = await prisma.assessorRegistration.findUnique({ where: { organisationId } });
  return registration?.status === 'APPROVED' && registration.levelCodes.includes(levelCode);
}

/** The body's own registration, for its own staff only (an assessor of another body, or anyone else, finds nothing). */
async function ownRegistration(ctx: Context, registrationId: string) {
  const bodies = membershipsWith(ctx.viewer, 'ASSESSOR').flatMap((m) => (m.organisationId ? [m.organisationId] : []));
  const registration = bodies.length
    ? await prisma.assessorRegistration.findFirst({ where: { id: registrationId, organisationId: { in: bodies } } })
    : null;
  if (!registration) throw new NotFoundError('AssessorRegistration');
  return registration;
}

/** The body records its 备案编号 (printed on its certificates); its own staff only; audited. */
export async function setAssessorFiling(ctx: Context, input: TSetAssessorFilingInput) {
  const registration = await ownRegistration(ctx, input.registrationId);
  return prisma.$transaction(async (tx) => {
    const updated = await tx.assessorRegistration.update({ where: { id: registration.id }, data: { filingCode: input.filingCode } });
    await recordAudit(tx, ctx, {
      action: 'assessor.setFiling',
      entityType: 'AssessorRegistration',
      entityId: registration.id,
      before: { filingCode: registration.filingCode },
      after: { filingCode: updated.filingCode },
    });
    return updated;
  });
}

/**
 * The body uploads the image of its seal (a PNG, so the paper shows through around it; at most 1 MB),
 * kept in the file store as claim evidence is; its own staff only; audited with the file's hash.
 */
export async function uploadAssessorSeal(ctx: Context, input: TUploadSealInput) {
  const registration = await ownRegistration(ctx, input.registrationId);
  const content = Buffer.from(input.contentBase64, 'base64');
  const { sha256 } = inspectUpload(input.fileName, content, ['image/png'], IMAGE_MAX_BYTES);
  await evidenceStore.put(sha256, content);
  return prisma.$transaction(async (tx) => {
    const updated = await tx.assessorRegistration.update({ where: { id: registration.id }, data: { sealSha256: sha256 } });
    await recordAudit(tx, ctx, {
      action: 'assessor.uploadSeal',
      entityType: 'AssessorRegistration',
      entityId: registration.id,
      before: { sealSha256: registration.sealSha256 },
      after: { sealSha256: sha256, sizeBytes: content.length },
    });
    return updated;
  });
}
