import { ContractType, Education, Post } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { ReauthenticationRequiredError } from '../auth/auth.errors.ts';
import {
  ZAddEmploymentInput,
  ZCorrectResidentIdInput,
  ZRecordEmploymentMonthsInput,
  ZRegisterCaregiverInput,
  ZRevealResidentIdInput,
  ZUpdateCaregiverInput,
  ZUpdateEmploymentInput,
  ZUploadPhotoInput,
} from './caregivers.schemas.ts';
import {
  addEmployment,
  correctResidentId,
  recordEmploymentMonths,
  registerCaregiver,
  revealResidentId,
  updateCaregiver,
  updateEmployment,
  uploadCaregiverPhoto,
} from './caregivers.service.ts';
import {
  CaregiverNode,
  CaregiverPayload,
  EmploymentNode,
  EmploymentPayload,
  RegisterCaregiverPayload,
  RevealResidentIdPayload,
} from './caregivers.types.ts';

const MUTATION_ERRORS = [InputValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError];

const EmploymentFieldsInput = builder.inputType('EmploymentFieldsInput', {
  fields: (t) => ({
    institutionId: t.id({ description: 'Global ID of the care institution.' }),
    post: t.field({ type: Post }),
    contractType: t.field({ type: ContractType }),
    fullTime: t.boolean({ defaultValue: true }),
    startDate: t.field({ type: 'Date' }),
    endDate: t.field({ type: 'Date', required: false }),
    contractEndsOn: t.field({ type: 'Date', required: false, description: 'Last day of the labour contract as signed.' }),
  }),
});

const RegisterCaregiverInput = builder
  .inputType('RegisterCaregiverInput', {
    fields: (t) => ({
      name: t.string(),
      residentId: t.string({ description: '18-character resident ID number (GB 11643).' }),
      phone: t.string({ required: false }),
      education: t.field({ type: Education }),
      regionCode: t.string({ description: 'Region (6-digit code) where the caregiver lives.' }),
      familyCarer: t.boolean({ required: false, defaultValue: false }),
      employment: t.field({
        type: EmploymentFieldsInput,
        required: false,
        description: 'Required for institution staff: the employment at their institution.',
      }),
    }),
  })
  .validate(ZRegisterCaregiverInput);

const UpdateCaregiverInput = builder
  .inputType('UpdateCaregiverInput', {
    fields: (t) => ({
      name: t.string({ required: false }),
      phone: t.string({ required: false }),
      education: t.field({ type: Education, required: false }),
      regionCode: t.string({ required: false }),
      familyCarer: t.boolean({ required: false }),
      bankAccount: t.string({
        required: false,
        description: 'The bank (social security card) account subsidies are paid into, 12 to 19 digits; stored encrypted, shown masked.',
      }),
      bankName: t.string({ required: false, description: 'Bank of that account, e.g. 中国建设银行上饶分行.' }),
    }),
  })
  .validate(ZUpdateCaregiverInput);

const CorrectResidentIdInput = builder
  .inputType('CorrectResidentIdInput', {
    fields: (t) => ({
      caregiverId: t.id(),
      residentId: t.string({ description: 'The correct 18-character resident ID number.' }),
      reason: t.string({ description: 'Why the recorded number was wrong (kept in the audit log).' }),
    }),
  })
  .validate(ZCorrectResidentIdInput);

const AddEmploymentInput = builder
  .inputType('AddEmploymentInput', {
    fields: (t) => ({
      caregiverId: t.id(),
      institutionId: t.id(),
      post: t.field({ type: Post }),
      contractType: t.field({ type: ContractType }),
      fullTime: t.boolean({ defaultValue: true }),
      startDate: t.field({ type: 'Date' }),
      endDate: t.field({ type: 'Date', required: false }),
    }),
  })
  .validate(ZAddEmploymentInput);

const UpdateEmploymentInput = builder
  .inputType('UpdateEmploymentInput', {
    fields: (t) => ({
      post: t.field({ type: Post, required: false }),
      contractType: t.field({ type: ContractType, required: false }),
      fullTime: t.boolean({ required: false }),
      endDate: t.field({ type: 'Date', required: false }),
      contractEndsOn: t.field({ type: 'Date', required: false }),
    }),
  })
  .validate(ZUpdateEmploymentInput);

const EmploymentMonthInput = builder.inputType('EmploymentMonthInput', {
  fields: (t) => ({
    month: t.string({ description: 'YYYY-MM' }),
    socialInsurancePaid: t.boolean(),
    attendanceDays: t.int(),
  }),
});

const RecordEmploymentMonthsInput = builder
  .inputType('RecordEmploymentMonthsInput', { fields: (t) => ({ months: t.field({ type: [EmploymentMonthInput] }) }) })
  .validate(ZRecordEmploymentMonthsInput);

const RevealResidentIdInput = builder
  .inputType('RevealResidentIdInput', {
    fields: (t) => ({
      caregiverId: t.id(),
      purpose: t.string({ description: 'Why the full number is needed; kept in the audit log.' }),
    }),
  })
  .validate(ZRevealResidentIdInput);

const UploadPhotoInput = builder
  .inputType('UploadCaregiverPhotoInput', {
    fields: (t) => ({
      caregiverId: t.id(),
      fileName: t.string(),
      contentBase64: t.string({ description: 'A JPEG or PNG portrait of at most 1 MB, printed on certificates.' }),
    }),
  })
  .validate(ZUploadPhotoInput);

builder.mutationFields((t) => ({
  uploadCaregiverPhoto: t.field({
    type: CaregiverPayload,
    description: 'Sets the holder photo printed on the person’s certificates: the person themself or their current employer; audited.',
    authScopes: { role: ['ADMIN', 'INSTITUTION_STAFF', 'CAREGIVER'] },
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: UploadPhotoInput }) },
    resolve: async (_root, { input }, ctx) => ({ caregiver: await uploadCaregiverPhoto(ctx, input) }),
  }),
  revealResidentId: t.field({
    type: RevealResidentIdPayload,
    description: 'The full resident ID number of a caregiver the viewer may see, for a stated purpose; needs a recent `reauthenticate`.',
    authScopes: { loggedIn: true },
    errors: { types: [InputValidationError, NotFoundError, ReauthenticationRequiredError, UnauthenticatedError, ForbiddenError] },
    args: { input: t.arg({ type: RevealResidentIdInput }) },
    resolve: async (_root, { input }, ctx) => ({ residentId: await revealResidentId(ctx, input) }),
  }),
  registerCaregiver: t.field({
    type: RegisterCaregiverPayload,
    description: 'Registers a caregiver (admins), or registers and employs one (institution staff).',
    authScopes: { role: ['ADMIN', 'INSTITUTION_STAFF'] },
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: RegisterCaregiverInput }) },
    resolve: (_root, { input }, ctx) => registerCaregiver(ctx, input),
  }),
  updateCaregiver: t.field({
    type: CaregiverPayload,
    description: 'Changes a record: the current employer, the HR bureau of the region or an admin.',
    authScopes: { role: ['ADMIN', 'INSTITUTION_STAFF', 'HR_REVIEWER', 'HR_APPROVER'] },
    errors: { types: MUTATION_ERRORS },
    args: { id: t.arg.globalID({ for: CaregiverNode }), input: t.arg({ type: UpdateCaregiverInput }) },
    resolve: async (_root, { id, input }, ctx) => ({ caregiver: await updateCaregiver(ctx, id.id, input) }),
  }),
  correctCaregiverResidentId: t.field({
    type: CaregiverPayload,
    description:
      'Corrects a resident ID number recorded wrongly, with the reason (audited): the current employer, the HR bureau of the region or an admin.',
    authScopes: { role: ['ADMIN', 'INSTITUTION_STAFF', 'HR_REVIEWER', 'HR_APPROVER'] },
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: CorrectResidentIdInput }) },
    resolve: async (_root, { input }, ctx) => ({ caregiver: await correctResidentId(ctx, input) }),
  }),
  addEmployment: t.field({
    type: EmploymentPayload,
    authScopes: { role: ['ADMIN', 'INSTITUTION_STAFF'] },
    errors: { types: MUTATION_ERRORS },
    args: { input: t.arg({ type: AddEmploymentInput }) },
    resolve: async (_root, { input }, ctx) => ({ employment: await addEmployment(ctx, input) }),
  }),
  updateEmployment: t.field({
    type: EmploymentPayload,
    description: 'Changes an employment, e.g. ends it with an end date.',
    authScopes: { role: ['ADMIN', 'INSTITUTION_STAFF'] },
    errors: { types: MUTATION_ERRORS },
    args: { id: t.arg.globalID({ for: EmploymentNode }), input: t.arg({ type: UpdateEmploymentInput }) },
    resolve: async (_root, { id, input }, ctx) => ({ employment: await updateEmployment(ctx, id.id, input) }),
  }),
  recordEmploymentMonths: t.field({
    type: EmploymentPayload,
    description: 'Records social insurance and attendance for months of an employment (replacing earlier figures).',
    authScopes: { role: ['ADMIN', 'INSTITUTION_STAFF'] },
    errors: { types: MUTATION_ERRORS },
    args: { employmentId: t.arg.globalID({ for: EmploymentNode }), input: t.arg({ type: RecordEmploymentMonthsInput }) },
    resolve: async (_root, { employmentId, input }, ctx) => ({ employment: await recordEmploymentMonths(ctx, employmentId.id, input) }),
  }),
}));
