import { prisma } from '../../db/client.ts';
import { AppealStatus } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface } from '../../graphql/error-types.ts';
import { ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { BUREAU_ROLES, membershipsWith } from '../../graphql/viewer.ts';
import { caregiverWhereFor } from '../caregivers/caregivers.access.ts';
import { ownEntriesWhere } from './blacklist.service.ts';
import { CaregiverNode } from '../caregivers/caregiver.types.ts';
import { eligibilityFor } from './certification.service.ts';
import { ZEmployerLookupInput, ZVerifyCertificateInput } from './certification.schemas.ts';
import { certificateCredential } from './credential.ts';
import { printCertificate, type PrintedCertificate } from './certificate-pdf.ts';
import { CertificateFontMissingError } from './certification.errors.ts';
import { employerLookup, type EmployerLookupResult } from './employer-lookup.service.ts';
import { applicationWhereFor, certificateWhereFor } from './certification.access.ts';
import { CertificateNode, EligibilityType, VerificationType } from './certification.types.ts';
import { verifyCertificate, VerificationRateLimitedError } from './verification.service.ts';

builder.objectType(VerificationRateLimitedError, {
  name: 'VerificationRateLimitedError',
  interfaces: [ErrorInterface],
  description: 'Too many certificate look-ups from this address; try again later.',
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

builder.objectType(CertificateFontMissingError, {
  name: 'CertificateFontMissingError',
  interfaces: [ErrorInterface],
  description:
    'The server has no CJK font to print certificates with; an operator must install one (fonts-noto-cjk) or set CERTIFICATE_FONT.',
});

const CertificatePdfType = builder.objectRef<PrintedCertificate>('CertificatePdf').implement({
  description: 'A certificate printed as an A4 landscape PDF, with a QR code to the public verification page.',
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    contentBase64: t.string({ description: 'The PDF, base64-encoded.', resolve: (p) => p.pdf.toString('base64') }),
    verificationUrl: t.exposeString('verificationUrl', {
      description: 'Where the QR code points: the verification page with the number filled in.',
    }),
  }),
});

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

const EmployerLookupType = builder.objectRef<EmployerLookupResult>('EmployerLookup').implement({
  description: 'What a hiring institution sees about a candidate: valid certificates, first aid, and any blacklist entry in force.',
  fields: (t) => ({
    found: t.exposeBoolean('found', { description: 'False when no one with this ID number and name is registered.' }),
    certificates: t.field({
      type: [
        builder.objectRef<EmployerLookupResult['certificates'][number]>('EmployerLookupCertificate').implement({
          fields: (f) => ({
            number: f.exposeString('number'),
            levelNameZh: f.exposeString('levelNameZh'),
            levelNameEn: f.exposeString('levelNameEn'),
            issuedOn: f.expose('issuedOn', { type: 'Date' }),
            issuerName: f.exposeString('issuerName'),
          }),
        }),
      ],
      resolve: (r) => r.certificates,
    }),
    firstAidValidUntil: t.expose('firstAidValidUntil', { type: 'Date', nullable: true }),
    blacklisted: t.field({
      type: builder.objectRef<NonNullable<EmployerLookupResult['blacklisted']>>('EmployerLookupBlacklist').implement({
        fields: (f) => ({ reason: f.exposeString('reason'), until: f.expose('until', { type: 'Date', nullable: true }) }),
      }),
      nullable: true,
      resolve: (r) => r.blacklisted,
    }),
  }),
});

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
    resolve: (query, _root, args, ctx) =>
      prisma.certificate.findMany({
        ...query,
        where: { AND: [certificateWhereFor(ctx.viewer), args.caregiverId ? { caregiverId: args.caregiverId.id } : {}] },
        orderBy: [{ issuedOn: 'desc' }, { id: 'desc' }],
      }),
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
  blacklistEntries: t.prismaConnection({
    type: 'BlacklistEntry',
    cursor: 'id',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'Blacklist entries, newest first; only those in force today with `active`.',
    args: { active: t.arg.boolean({ required: false }) },
    resolve: (query, _root, args) => {
      const today = new Date();
      return prisma.blacklistEntry.findMany({
        ...query,
        where: args.active ? { liftedAt: null, startsOn: { lte: today }, OR: [{ endsOn: null }, { endsOn: { gte: today } }] } : {},
        orderBy: [{ startsOn: 'desc' }, { id: 'desc' }],
      });
    },
  }),
  blacklistAppeals: t.prismaConnection({
    type: 'BlacklistAppeal',
    cursor: 'id',
    authScopes: { role: ['CIVIL_AFFAIRS_ANALYST', 'HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] },
    description: 'Appeals against blacklist entries, oldest waiting first; only those of one status with `status`.',
    args: { status: t.arg({ type: AppealStatus, required: false }) },
    totalCount: (_root, args) => prisma.blacklistAppeal.count({ where: args.status ? { status: args.status } : {} }),
    resolve: (query, _root, args) =>
      prisma.blacklistAppeal.findMany({
        ...query,
        where: args.status ? { status: args.status } : {},
        orderBy: [{ status: 'asc' }, { lodgedAt: 'asc' }, { id: 'asc' }],
      }),
  }),
  myBlacklistEntries: t.prismaField({
    type: ['BlacklistEntry'],
    authScopes: { loggedIn: true },
    description: 'Entries naming the signed-in person (or their organisation), newest first, with their appeals.',
    resolve: (query, _root, _args, ctx) =>
      prisma.blacklistEntry.findMany({ ...query, where: ownEntriesWhere(ctx.viewer), orderBy: [{ startsOn: 'desc' }, { id: 'desc' }] }),
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
    errors: { types: [NotFoundError, UnauthenticatedError, ForbiddenError, CertificateFontMissingError] },
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
