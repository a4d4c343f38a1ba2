import { prisma } from '../../db/client.ts';
import { builder } from '../../graphql/builder.ts';
import { readMany } from '../../graphql/json-read.ts';
import { ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { BUREAU_ROLES, membershipsWith } from '../../graphql/viewer.ts';
import { caregiverWhereFor } from '../caregivers/caregivers.access.ts';
import { CaregiverNode } from '../caregivers/caregivers.types.ts';
import { printCertificate } from './certificate-pdf.ts';
import { applicationWhereFor, certificateWhereFor } from './certification.access.ts';
import { CertificateFontMissingError, VerifyUrlNotPublicError } from './certification.errors.ts';
import { ZEmployerLookupInput, ZVerifyCertificateInput } from './certification.schemas.ts';
import { eligibilityFor } from './certification.service.ts';
import { CertificateNode, CertificatePdfType, EligibilityType, EmployerLookupType, VerificationType } from './certification.types.ts';
import { certificateCredential } from './credential.ts';
import { employerLookup } from './employer-lookup.service.ts';
import { VerificationRateLimitedError, verifyCertificate } from './verification.service.ts';

const VerifyCertificateInput = builder
  .inputType('VerifyCertificateInput', {
    fields: (t) => ({
      number: t.string({ description: 'The 18-character certificate number.' }),
      holderName: t.string({ description: 'The holder’s full name, as on the certificate.' }),
    }),
  })
  .validate(ZVerifyCertificateInput);

const EmployerLookupInput = builder
  .inputType('EmployerLookupInput', {
    fields: (t) => ({
      residentId: t.string({ description: 'The candidate’s 18-character resident ID number.' }),
      name: t.string(),
      consent: t.boolean({ description: 'The candidate agreed to this check (must be true).' }),
    }),
  })
  .validate(ZEmployerLookupInput);

builder.queryFields((t) => ({
  employerLookup: t.field({
    type: EmployerLookupType,
    authScopes: { role: ['INSTITUTION_STAFF', 'ADMIN'] },
    errors: { types: [InputValidationError, UnauthenticatedError, ForbiddenError] },
    description:
      'A hiring check with the candidate’s consent: ID number and name → valid certificates, first aid and any blacklist entry in force. Audited.',
    args: { input: t.arg({ type: EmployerLookupInput }) },
    resolve: (_root, { input }, ctx) => employerLookup(ctx, input),
  }),
  skillLevels: t.prismaField({
    type: ['SkillLevel'],
    description: 'The skill levels in force, junior to senior.',
    resolve: (query) => prisma.skillLevel.findMany({ ...query, where: { active: true }, orderBy: { rank: 'asc' } }),
  }),
  examSessions: t.prismaConnection({
    type: 'ExamSession',
    cursor: 'id',
    authScopes: { loggedIn: true },
    description: 'Exam sessions, soonest first: the upcoming ones open for applications, or (assessors) their own.',
    args: {
      levelCode: t.arg.string({ required: false }),
      mine: t.arg.boolean({ required: false, description: 'Only the viewer’s assessment body’s sessions, past ones too.' }),
    },
    resolve: (query, _root, args, ctx) => {
      const assessors = membershipsWith(ctx.viewer, 'ASSESSOR').flatMap((m) => (m.organisationId ? [m.organisationId] : []));
      return prisma.examSession.findMany({
        ...query,
        where: {
          ...(args.levelCode ? { level: { code: args.levelCode } } : {}),
          ...(args.mine ? { assessorId: { in: assessors } } : { status: 'OPEN', startsAt: { gt: new Date() } }),
        },
        orderBy: [{ startsAt: args.mine ? 'desc' : 'asc' }, { id: 'asc' }],
      });
    },
  }),
  myLevelApplications: t.prismaField({
    type: ['LevelApplication'],
    authScopes: { role: 'CAREGIVER' },
    description: 'The signed-in caregiver’s exam applications, newest first.',
    resolve: (query, _root, _args, ctx) =>
      prisma.levelApplication.findMany({
        ...query,
        where: { caregiverId: ctx.viewer?.kind === 'user' ? (ctx.viewer.caregiverId ?? '') : '' },
        orderBy: { createdAt: 'desc' },
      }),
  }),
  certificates: t.prismaConnection({
    type: 'Certificate',
    cursor: 'id',
    authScopes: { loggedIn: true, tokenScope: 'certificates:read' },
    description: 'Skill-level certificates the viewer may see, newest first; of one person with `caregiverId`.',
    args: { caregiverId: t.arg.globalID({ for: CaregiverNode, required: false }) },
    totalCount: (_root, args, ctx) =>
      prisma.certificate.count({
        where: { AND: [certificateWhereFor(ctx.viewer), args.caregiverId ? { caregiverId: args.caregiverId.id } : {}] },
      }),
    resolve: (query, _root, args, ctx, info) => {
      const read = {
        ...query,
        where: { AND: [certificateWhereFor(ctx.viewer), args.caregiverId ? { caregiverId: args.caregiverId.id } : {}] },
        orderBy: [{ issuedOn: 'desc' as const }, { id: 'desc' as const }],
      };
      return readMany(info, query, read, () => prisma.certificate.findMany(read), { connection: true });
    },
  }),
  levelEligibility: t.field({
    type: EligibilityType,
    authScopes: { loggedIn: true },
    errors: { types: [NotFoundError, UnauthenticatedError, ForbiddenError] },
    description: 'Whether a person (the viewer, or someone they may see) meets a level’s entry rules today, rule by rule.',
    args: { levelCode: t.arg.string(), caregiverId: t.arg.globalID({ for: CaregiverNode, required: false }) },
    resolve: async (_root, args, ctx) => {
      const id = args.caregiverId?.id ?? (ctx.viewer?.kind === 'user' ? ctx.viewer.caregiverId : null);
      if (!id) throw new NotFoundError('Caregiver');
      const visible = await prisma.caregiver.findFirst({ where: { AND: [{ id }, caregiverWhereFor(ctx.viewer)] }, select: { id: true } });
      if (!visible) throw new NotFoundError('Caregiver');
      return eligibilityFor(id, args.levelCode);
    },
  }),
  levelApplications: t.prismaConnection({
    type: 'LevelApplication',
    cursor: 'id',
    authScopes: { role: ['ASSESSOR', 'ADMIN', 'INSTITUTION_STAFF', ...BUREAU_ROLES] },
    description: 'Exam applications the viewer may see, newest first.',
    resolve: (query, _root, _args, ctx) =>
      prisma.levelApplication.findMany({
        ...query,
        where: applicationWhereFor(ctx.viewer),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      }),
  }),
  firstAidCertificates: t.prismaField({
    type: ['FirstAidCertificate'],
    authScopes: { loggedIn: true, tokenScope: 'certificates:read' },
    description: 'First-aid certificates of a person the viewer may see (the viewer by default), latest expiry first.',
    args: { caregiverId: t.arg.globalID({ for: CaregiverNode, required: false }) },
    resolve: (query, _root, args, ctx) => {
      const id = args.caregiverId?.id ?? (ctx.viewer?.kind === 'user' ? ctx.viewer.caregiverId : null);
      return prisma.firstAidCertificate.findMany({
        ...query,
        where: { caregiverId: id ?? '', caregiver: caregiverWhereFor(ctx.viewer) },
        orderBy: { expiresOn: 'desc' },
      });
    },
  }),
  assessorRegistrations: t.prismaField({
    type: ['AssessorRegistration'],
    authScopes: { role: ['ASSESSOR', 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'Registrations of assessment bodies: all of them for the HR bureau (pending first), the own one for an assessor.',
    resolve: (query, _root, _args, ctx) => {
      const own = membershipsWith(ctx.viewer, 'ASSESSOR').flatMap((m) => (m.organisationId ? [m.organisationId] : []));
      const bureau = membershipsWith(ctx.viewer, 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN').length > 0;
      return prisma.assessorRegistration.findMany({
        ...query,
        where: bureau ? {} : { organisationId: { in: own } },
        orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
      });
    },
  }),
  certificateCredential: t.string({
    nullable: true,
    authScopes: { loggedIn: true, tokenScope: 'certificates:read' },
    description:
      'The certificate as a signed Open Badges 3.0 / W3C verifiable credential (VC-JWT, EdDSA): check it offline with the key in /.well-known/carecert-issuer.json and revocation in the status list it names.',
    args: { certificateId: t.arg.globalID({ for: CertificateNode }) },
    resolve: async (_root, { certificateId }, ctx) => {
      const visible = await prisma.certificate.findFirst({
        where: { AND: [{ id: certificateId.id }, certificateWhereFor(ctx.viewer)] },
        select: { id: true },
      });
      return visible ? certificateCredential(visible.id) : null;
    },
  }),
  certificatePdf: t.field({
    type: CertificatePdfType,
    authScopes: { loggedIn: true },
    errors: { types: [NotFoundError, UnauthenticatedError, ForbiddenError, CertificateFontMissingError, VerifyUrlNotPublicError] },
    description:
      'The certificate as a printable PDF (职业技能等级证书, resident ID masked, QR code to /verify): for the holder, their employers, the issuing assessment body, bureaus of the region and admins.',
    args: { certificateId: t.arg.globalID({ for: CertificateNode }) },
    resolve: (_root, { certificateId }, ctx) => printCertificate(ctx.viewer, certificateId.id),
  }),
  verifyCertificate: t.field({
    type: VerificationType,
    nullable: true,
    description:
      'Public check of a certificate (no login): number and full holder name → level, issuer, date and status, name masked; null when they do not match. Rate-limited per client address.',
    errors: { types: [InputValidationError, VerificationRateLimitedError] },
    args: { input: t.arg({ type: VerifyCertificateInput }) },
    resolve: (_root, { input }, ctx) => verifyCertificate(ctx, input),
  }),
}));
