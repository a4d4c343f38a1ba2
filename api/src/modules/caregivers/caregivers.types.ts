import type { Caregiver, Employment } from '../../generated/prisma/client.ts';
import { ContractType, Education, Gender, Post } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { caregiverWhereFor, contactReachSelect, employmentWhereFor, mayReadContact } from './caregivers.access.ts';
import { maskedPhoneOf, readPhone } from './phone.ts';

builder.enumType(Gender, { name: 'Gender' });
builder.enumType(Education, { name: 'Education', description: 'Highest education completed.' });
builder.enumType(Post, { name: 'Post' });
builder.enumType(ContractType, { name: 'ContractType' });

export const CaregiverNode = builder.prismaNode('Caregiver', {
  id: { field: 'id' },
  // Node refetches apply the same row filter as lists: a global ID is not a permission.
  findUnique: (id, ctx) => ({ id, AND: [caregiverWhereFor(ctx.viewer)] }),
  // Filtered out reads as absent (null), the same answer as an id that never existed.
  nullable: true,
  authScopes: { loggedIn: true, tokenScope: 'caregivers:read' },
  fields: (t) => ({
    name: t.exposeString('name'),
    residentIdMasked: t.exposeString('residentIdMasked', {
      description: 'Resident ID number with the middle masked, e.g. 3601**********123X.',
    }),
    gender: t.expose('gender', { type: Gender }),
    birthDate: t.expose('birthDate', { type: 'Date' }),
    phone: t.string({
      nullable: true,
      description:
        'Mobile number; masked unless the viewer is the person, an employer of theirs, a bureau of a region they live or work in, or an admin.',
      select: (_args, ctx) => ({ phone: true, phoneCipher: true, phoneMasked: true, ...contactReachSelect(ctx.viewer) }),
      resolve: (c, _args, ctx) => (mayReadContact(ctx.viewer, c) ? readPhone(c) : maskedPhoneOf(c)),
    }),
    education: t.expose('education', { type: Education }),
    familyCarer: t.exposeBoolean('familyCarer'),
    bankAccountMasked: t.exposeString('bankAccountMasked', {
      nullable: true,
      description:
        'The account subsidies are paid into, masked (6217 **** **** 1234); null: none recorded, so payments leave the person out.',
    }),
    bankName: t.exposeString('bankName', { nullable: true, description: 'Bank of that account.' }),
    hasPhoto: t.boolean({
      select: { photoSha256: true },
      description: 'Whether a holder photo for certificates has been uploaded.',
      resolve: (c) => c.photoSha256 !== null,
    }),
    region: t.relation('region'),
    employments: t.relatedConnection('employments', {
      cursor: 'id',
      totalCount: true,
      query: (_args, ctx) => ({ where: employmentWhereFor(ctx.viewer), orderBy: [{ startDate: 'desc' }, { id: 'desc' }] }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const EmploymentNode = builder.prismaNode('Employment', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, AND: [employmentWhereFor(ctx.viewer)] }),
  // Filtered out reads as absent (null), the same answer as an id that never existed.
  nullable: true,
  authScopes: { loggedIn: true, tokenScope: 'caregivers:read' },
  fields: (t) => ({
    caregiver: t.relation('caregiver'),
    institution: t.relation('institution'),
    post: t.expose('post', { type: Post }),
    contractType: t.expose('contractType', { type: ContractType }),
    fullTime: t.exposeBoolean('fullTime'),
    startDate: t.expose('startDate', { type: 'Date' }),
    endDate: t.expose('endDate', { type: 'Date', nullable: true }),
    contractEndsOn: t.expose('contractEndsOn', { type: 'Date', nullable: true, description: 'Last day of the labour contract as signed.' }),
    current: t.boolean({ select: { endDate: true }, resolve: (e) => e.endDate === null || e.endDate >= new Date() }),
    insuredMonths: t.relationCount('months', { where: { socialInsurancePaid: true }, description: 'Months with social insurance paid.' }),
    months: t.relatedConnection('months', { cursor: 'id', totalCount: true, query: { orderBy: { month: 'desc' } } }),
  }),
});

builder.prismaObject('EmploymentMonth', {
  description: 'Social insurance and attendance of one month of an employment.',
  fields: (t) => ({
    month: t.string({ description: 'YYYY-MM', select: { month: true }, resolve: (m) => m.month.toISOString().slice(0, 7) }),
    socialInsurancePaid: t.exposeBoolean('socialInsurancePaid'),
    attendanceDays: t.exposeInt('attendanceDays'),
  }),
});

export const RegisterCaregiverPayload = builder
  .objectRef<{ caregiver: Caregiver; existing: boolean }>('RegisterCaregiverPayload')
  .implement({
    fields: (t) => ({
      caregiver: t.field({ type: CaregiverNode, resolve: (p) => p.caregiver }),
      existing: t.exposeBoolean('existing', { description: 'True when the person was already registered and was hired instead.' }),
    }),
  });

export const CaregiverPayload = builder.objectRef<{ caregiver: Caregiver }>('CaregiverPayload').implement({
  fields: (t) => ({ caregiver: t.field({ type: CaregiverNode, resolve: (p) => p.caregiver }) }),
});

export const EmploymentPayload = builder.objectRef<{ employment: Employment }>('EmploymentPayload').implement({
  fields: (t) => ({ employment: t.field({ type: EmploymentNode, resolve: (p) => p.employment }) }),
});

export const RevealResidentIdPayload = builder.objectRef<{ residentId: string }>('RevealResidentIdPayload').implement({
  fields: (t) => ({ residentId: t.exposeString('residentId', { description: 'The full 18-character number: do not store it.' }) }),
});
