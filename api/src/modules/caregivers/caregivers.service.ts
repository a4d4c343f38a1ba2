import { monthStart, todayInChina } from '../../shared/china-time.ts';
import { prisma, type Tx } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import type { Education, Gender } from '../../generated/prisma/enums.ts';
import { ForbiddenError, InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { employmentEnded, employmentStarted } from './employment-hooks.ts';
import { requireRecentAuthentication } from '../auth/auth.service.ts';
import { evidenceStore, IMAGE_MAX_BYTES, inspectUpload } from '../../files/file-store.ts';
import {
  caregiverWhereFor,
  employingInstitutionsOf,
  employmentWhereFor,
  photoWriteWhereFor,
  residentIdRevealWhereFor,
} from './caregivers.access.ts';
import { CaregiverAlreadyRegisteredError, EmploymentOverlapError, ResidentIdNotRevealableError } from './caregivers.errors.ts';
import type {
  TAddEmploymentInput,
  TCorrectResidentIdInput,
  TRecordEmploymentMonthsInput,
  TRegisterCaregiverInput,
  TRevealResidentIdInput,
  TUpdateCaregiverInput,
  TUpdateEmploymentInput,
  TUploadPhotoInput,
} from './caregivers.schemas.ts';
import { maskedPhoneOf, protectPhone } from './phone.ts';
import { decryptSecret, encryptSecret } from './field-encryption.ts';
import { ageOn, blindIndex, protectResidentId } from './resident-id.ts';

/** Labour Law art. 15: nobody under 16 may be employed, so nobody under 16 is registered as a caregiver. */
export const MINIMUM_WORKING_AGE = 16;

// Fields safe to copy into the append-only audit log: never the resident ID ciphertext or hash, and
// the phone number masked, since a row there can never be erased.
const auditView = (c: {
  name: string;
  phone: string | null;
  phoneMasked: string | null;
  education: string;
  regionId: string;
  familyCarer: boolean;
  residentIdMasked: string;
  bankAccountMasked?: string | null;
  bankName?: string | null;
}) => ({
  name: c.name,
  phone: maskedPhoneOf(c),
  education: c.education,
  regionId: c.regionId,
  familyCarer: c.familyCarer,
  residentIdMasked: c.residentIdMasked,
  bankAccountMasked: c.bankAccountMasked ?? null,
  bankName: c.bankName ?? null,
});

async function regionIdFor(tx: Tx, code: string, path: string[]): Promise<string> {
  const region = await tx.region.findUnique({ where: { code }, select: { id: true } });
  if (!region) throw InputValidationError.at(path, 'REGION_UNKNOWN', { code });
  return region.id;
}

async function assertMayEmployAt(tx: Tx, ctx: Context, institutionId: string, path: string[]): Promise<void> {
  const allowed = employingInstitutionsOf(ctx.viewer);
  if (allowed && !allowed.includes(institutionId)) throw new ForbiddenError('OWN_INSTITUTION_ONLY');
  const org = await tx.organisation.findUnique({ where: { id: institutionId }, select: { kind: true } });
  if (!org || org.kind !== 'INSTITUTION') throw InputValidationError.at(path, 'NOT_AN_INSTITUTION');
}

async function createEmployment(tx: Tx, ctx: Context, caregiverId: string, e: Omit<TAddEmploymentInput, 'caregiverId'>, path: string[]) {
  await assertMayEmployAt(tx, ctx, e.institutionId, [...path, 'institutionId']);
  const open = await tx.employment.findFirst({
    where: { caregiverId, institutionId: e.institutionId, OR: [{ endDate: null }, { endDate: { gte: e.startDate } }] },
    select: { id: true },
  });
  if (open) throw new EmploymentOverlapError();
  const employment = await tx.employment.create({
    data: {
      caregiverId,
      institutionId: e.institutionId,
      post: e.post,
      contractType: e.contractType,
      fullTime: e.fullTime,
      startDate: e.startDate,
      endDate: e.endDate ?? null,
      contractEndsOn: e.contractEndsOn ?? null,
    },
  });
  await recordAudit(tx, ctx, { action: 'employment.create', entityType: 'Employment', entityId: employment.id, after: employment });
  await employmentStarted(tx, ctx, employment);
  return employment;
}

export type NewCaregiver = {
  name: string;
  residentId: { id: string; facts: { gender: Gender; birthDate: Date } };
  phone?: string | null;
  education: Education;
  regionId: string;
  familyCarer?: boolean;
};

/**
 * Writes a new person into the registry with the ID number and phone protected and the audit row in
 * the same transaction: the one way a caregiver record is created, whether an institution registers
 * an employee or a college admits a directed-training student. `source` says where it came from.
 */
export async function createCaregiverRecord(
  tx: Tx,
  ctx: Pick<Context, 'viewer' | 'requestId'>,
  person: NewCaregiver,
  source: Record<string, string>,
) {
  const caregiver = await tx.caregiver.create({
    data: {
      name: person.name,
      ...protectResidentId(person.residentId.id),
      gender: person.residentId.facts.gender,
      birthDate: person.residentId.facts.birthDate,
      ...protectPhone(person.phone ?? null),
      education: person.education,
      regionId: person.regionId,
      familyCarer: person.familyCarer ?? false,
    },
  });
  await recordAudit(tx, ctx, {
    action: 'caregiver.register',
    entityType: 'Caregiver',
    entityId: caregiver.id,
    after: { ...auditView(caregiver), ...source },
  });
  return caregiver;
}

/**
 * Registers a caregiver. When the resident ID is already registered under the same name and the
 * caller brings an employment, the existing person is hired instead (an institution taking on someone
 * already in the registry); otherwise it is a conflict, without revealing whose record it is.
 */
export async function registerCaregiver(ctx: Context, input: TRegisterCaregiverInput) {
  const age = ageOn(input.residentId.facts.birthDate, todayInChina());
  if (age < MINIMUM_WORKING_AGE) {
    throw InputValidationError.at(['residentId'], 'CAREGIVER_UNDER_WORKING_AGE', { age, minimumAge: MINIMUM_WORKING_AGE });
  }
  const isAdmin = employingInstitutionsOf(ctx.viewer) === null;
  if (!isAdmin && !input.employment) {
    throw InputValidationError.at(['employment'], 'EMPLOYMENT_REQUIRED');
  }
  return prisma.$transaction(async (tx) => {
    const regionId = await regionIdFor(tx, input.regionCode, ['regionCode']);
    const existing = await tx.caregiver.findUnique({ where: { residentIdHash: blindIndex(input.residentId.id) } });
    if (existing) {
      if (existing.name !== input.name || !input.employment) throw new CaregiverAlreadyRegisteredError();
      await createEmployment(tx, ctx, existing.id, input.employment, ['employment']);
      return { caregiver: existing, existing: true };
    }
    const caregiver = await createCaregiverRecord(tx, ctx, { ...input, regionId }, {});
    if (input.employment) await createEmployment(tx, ctx, caregiver.id, input.employment, ['employment']);
    return { caregiver, existing: false };
  });
}

async function findVisibleCaregiver(tx: Tx, ctx: Context, id: string) {
  const caregiver = await tx.caregiver.findFirst({ where: { AND: [{ id }, caregiverWhereFor(ctx.viewer)] } });
  if (!caregiver) throw new NotFoundError('Caregiver');
  return caregiver;
}

/**
 * A record is changed by those answerable for it: the current employer, the HR bureau of the region
 * and admins (the reach that may also see the full ID number). Other readers, a former employer
 * included, read it only. Not found for anyone else, so a refusal says nothing about the person.
 */
async function findEditableCaregiver(tx: Tx, ctx: Context, id: string) {
  const caregiver = await tx.caregiver.findFirst({ where: { AND: [{ id }, residentIdRevealWhereFor(ctx.viewer, todayInChina())] } });
  if (!caregiver) throw new NotFoundError('Caregiver');
  return caregiver;
}

export async function updateCaregiver(ctx: Context, id: string, input: TUpdateCaregiverInput) {
  return prisma.$transaction(async (tx) => {
    const before = await findEditableCaregiver(tx, ctx, id);
    const regionId = input.regionCode ? await regionIdFor(tx, input.regionCode, ['regionCode']) : undefined;
    const after = await tx.caregiver.update({
      where: { id },
      data: {
        name: input.name,
        ...(input.phone === undefined ? {} : protectPhone(input.phone)),
        education: input.education,
        regionId,
        familyCarer: input.familyCarer,
        ...(input.bankAccount === undefined
          ? {}
          : {
              bankAccountCipher: encryptSecret(input.bankAccount),
              bankAccountMasked: `${input.bankAccount.slice(0, 4)} **** **** ${input.bankAccount.slice(-4)}`,
            }),
        bankName: input.bankName,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'caregiver.update',
      entityType: 'Caregiver',
      entityId: id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

/**
 * Corrects a resident ID number recorded wrongly. The number carries the birth date and gender, so they
 * follow it; the reason and both masked numbers go into the audit log (never the numbers themselves).
 */
export async function correctResidentId(ctx: Context, input: TCorrectResidentIdInput) {
  return prisma.$transaction(async (tx) => {
    const before = await findEditableCaregiver(tx, ctx, input.caregiverId);
    const hash = blindIndex(input.residentId.id);
    if (Buffer.from(before.residentIdHash).equals(Buffer.from(hash)))
      throw InputValidationError.at(['residentId'], 'RESIDENT_ID_UNCHANGED');
    if (await tx.caregiver.findUnique({ where: { residentIdHash: hash }, select: { id: true } }))
      throw new CaregiverAlreadyRegisteredError();
    const after = await tx.caregiver.update({
      where: { id: before.id },
      data: {
        ...protectResidentId(input.residentId.id),
        gender: input.residentId.facts.gender,
        birthDate: input.residentId.facts.birthDate,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'caregiver.correctResidentId',
      entityType: 'Caregiver',
      entityId: before.id,
      before: { residentIdMasked: before.residentIdMasked, gender: before.gender, birthDate: before.birthDate },
      after: { residentIdMasked: after.residentIdMasked, gender: after.gender, birthDate: after.birthDate, reason: input.reason },
    });
    return after;
  });
}

export async function addEmployment(ctx: Context, input: TAddEmploymentInput) {
  return prisma.$transaction(async (tx) => {
    await findVisibleCaregiver(tx, ctx, input.caregiverId);
    return createEmployment(tx, ctx, input.caregiverId, input, []);
  });
}

async function findEditableEmployment(tx: Tx, ctx: Context, id: string) {
  const employment = await tx.employment.findFirst({ where: { AND: [{ id }, employmentWhereFor(ctx.viewer)] } });
  if (!employment) throw new NotFoundError('Employment');
  const allowed = employingInstitutionsOf(ctx.viewer);
  if (allowed && !allowed.includes(employment.institutionId)) throw new ForbiddenError('EMPLOYER_ONLY');
  return employment;
}

export async function updateEmployment(ctx: Context, id: string, input: TUpdateEmploymentInput) {
  return prisma.$transaction(async (tx) => {
    const before = await findEditableEmployment(tx, ctx, id);
    if (input.endDate && input.endDate < before.startDate) throw InputValidationError.at(['endDate'], 'END_BEFORE_START');
    if (input.contractEndsOn && input.contractEndsOn <= before.startDate)
      throw InputValidationError.at(['contractEndsOn'], 'CONTRACT_END_NOT_AFTER_START');
    const after = await tx.employment.update({
      where: { id },
      data: {
        post: input.post,
        contractType: input.contractType,
        fullTime: input.fullTime,
        endDate: input.endDate,
        contractEndsOn: input.contractEndsOn,
      },
    });
    await recordAudit(tx, ctx, { action: 'employment.update', entityType: 'Employment', entityId: id, before, after });
    if (after.endDate && after.endDate.getTime() !== before.endDate?.getTime()) await employmentEnded(tx, ctx, after);
    return after;
  });
}

const monthOf = (ym: string) => new Date(`${ym}-01T00:00:00.000Z`);

/** Records (or corrects) social-insurance and attendance for months of an employment. */
export async function recordEmploymentMonths(ctx: Context, employmentId: string, input: TRecordEmploymentMonthsInput) {
  return prisma.$transaction(async (tx) => {
    const employment = await findEditableEmployment(tx, ctx, employmentId);
    const first = monthStart(employment.startDate);
    const lastDay = employment.endDate ?? new Date();
    input.months.forEach((m, i) => {
      const start = monthOf(m.month);
      if (start < first || start > lastDay) throw InputValidationError.at(['months', String(i), 'month'], 'OUTSIDE_EMPLOYMENT');
    });
    for (const m of input.months) {
      const month = monthOf(m.month);
      await tx.employmentMonth.upsert({
        where: { employmentId_month: { employmentId, month } },
        create: { employmentId, month, socialInsurancePaid: m.socialInsurancePaid, attendanceDays: m.attendanceDays },
        update: { socialInsurancePaid: m.socialInsurancePaid, attendanceDays: m.attendanceDays },
      });
    }
    await recordAudit(tx, ctx, {
      action: 'employment.recordMonths',
      entityType: 'Employment',
      entityId: employmentId,
      after: { months: input.months },
    });
    return employment;
  });
}

/**
 * The full resident ID number, for someone who may see the person and says why (PIPL art. 28: sensitive
 * personal information, shown only for a stated purpose). Needs the password entered within the last
 * few minutes; the purpose goes into the audit log with who asked, never the number itself.
 */
export async function revealResidentId(ctx: Context, input: TRevealResidentIdInput): Promise<string> {
  requireRecentAuthentication(ctx);
  const caregiver = await prisma.caregiver.findFirst({ where: { AND: [{ id: input.caregiverId }, caregiverWhereFor(ctx.viewer)] } });
  if (!caregiver) throw new NotFoundError('Caregiver');
  const revealable = await prisma.caregiver.count({
    where: { AND: [{ id: caregiver.id }, residentIdRevealWhereFor(ctx.viewer, todayInChina())] },
  });
  if (!revealable) throw new ResidentIdNotRevealableError();
  await prisma.$transaction((tx) =>
    recordAudit(tx, ctx, {
      action: 'caregiver.revealResidentId',
      entityType: 'Caregiver',
      entityId: caregiver.id,
      after: { purpose: input.purpose, residentIdMasked: caregiver.residentIdMasked },
    }),
  );
  return decryptSecret(caregiver.residentIdCipher);
}

/**
 * Stores the holder photo printed on the person's certificates (JPEG or PNG, at most 1 MB, judged by
 * its bytes) in the file store, as claim evidence is stored; the person themself or their current
 * employer. Audited with the file's hash, never its bytes.
 */
export async function uploadCaregiverPhoto(ctx: Context, input: TUploadPhotoInput) {
  const content = Buffer.from(input.contentBase64, 'base64');
  const caregiver = await prisma.caregiver.findFirst({
    where: { AND: [{ id: input.caregiverId }, photoWriteWhereFor(ctx.viewer, todayInChina())] },
    select: { id: true, photoSha256: true },
  });
  if (!caregiver) throw new NotFoundError('Caregiver');
  const { mimeType, sha256 } = inspectUpload(input.fileName, content, ['image/jpeg', 'image/png'], IMAGE_MAX_BYTES);
  await evidenceStore.put(sha256, content);
  return prisma.$transaction(async (tx) => {
    const after = await tx.caregiver.update({ where: { id: caregiver.id }, data: { photoSha256: sha256, photoMimeType: mimeType } });
    await recordAudit(tx, ctx, {
      action: 'caregiver.uploadPhoto',
      entityType: 'Caregiver',
      entityId: caregiver.id,
      before: { photoSha256: caregiver.photoSha256 },
      after: { photoSha256: sha256, mimeType, sizeBytes: content.length },
    });
    return after;
  });
}
