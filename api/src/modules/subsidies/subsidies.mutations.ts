import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { BankFileFormat, BankFileTotalRow, EvidenceKind, FundKind, SubsidyKind } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ConflictError, ForbiddenError, InputValidationError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.ts';
import { ReauthenticationRequiredError } from '../auth/auth.errors.ts';
import {
  addClaimEvidence,
  approveSubsidyClaim,
  approveSubsidyClaims,
  checkSubsidyEligibility,
  createSubsidyClaim,
  recordRecovery,
  rejectSubsidyClaim,
  reviewSubsidyClaim,
  revokeSubsidyClaim,
  submitSubsidyClaim,
  withdrawSubsidyClaim,
} from './claims.service.ts';
import { createFundSource, saveBankFileLayout, setFundEnvelope, updateFundPayment } from './funds.service.ts';
import { createPaymentBatch, exportPaymentBatch, startBankReturnImport } from './payments.service.ts';
import { publishSubsidyPolicy } from './policies.service.ts';
import { confirmMonthlyRoster, saveMonthlyRoster } from './roster.service.ts';
import {
  DuplicateClaimError,
  EnvelopeExhaustedError,
  EvidenceMissingError,
  NoPolicyError,
  SamePersonError,
  SubsidyNotEligibleError,
} from './subsidies.errors.ts';
import {
  ZAddEvidenceInput,
  ZClaimInput,
  ZCreateFundSourceInput,
  ZUpdateFundPaymentInput,
  ZSaveBankFileLayoutInput,
  ZCreatePaymentBatchInput,
  ZImportBankReturnInput,
  ZReasonInput,
  ZRecordRecoveryInput,
  ZReviewClaimInput,
  ZRosterInput,
  ZSetEnvelopeInput,
} from './subsidies.schemas.ts';
import {
  BankFileFieldEnum,
  BankFileLayoutType,
  BankReturnFileNode,
  BulkOutcomeType,
  ClaimEvidenceType,
  FileType,
  FundSourceType,
  PaymentBatchNode,
  PublishPolicyInput,
  SubsidyClaimNode,
  SubsidyEligibilityType,
  SubsidyPolicyType,
} from './subsidies.types.ts';

const ERRORS = [InputValidationError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError];
const CLAIM_ERRORS = [SubsidyNotEligibleError, NoPolicyError, DuplicateClaimError, EvidenceMissingError, ...ERRORS];
const MONEY_ERRORS = [ReauthenticationRequiredError, ...ERRORS];

const ClaimInput = builder
  .inputType('SubsidyClaimInput', {
    description: 'What a claim is for. The amount is never sent: the server computes it from the policy.',
    fields: (t) => ({
      kind: t.field({ type: SubsidyKind }),
      caregiverId: t.id({ required: false, description: 'Institution staff: the employee. Caregivers leave it out.' }),
      employmentId: t.id({ required: false, description: 'Post subsidy and onboarding award.' }),
      month: t.field({ type: 'Date', required: false, description: 'Post subsidy: first day of the month.' }),
      graduatedOn: t.field({ type: 'Date', required: false, description: 'Onboarding award: graduation day on the diploma.' }),
      certificateId: t.id({ required: false, description: 'Skills-upgrade and certification subsidies.' }),
      enrolmentId: t.id({ required: false, description: 'Training subsidy.' }),
    }),
  })
  .validate(ZClaimInput);

const AddEvidenceInput = builder
  .inputType('AddClaimEvidenceInput', {
    fields: (t) => ({
      claimId: t.id(),
      kind: t.field({ type: EvidenceKind }),
      fileName: t.string(),
      contentBase64: t.string({ description: 'PDF, JPEG or PNG, at most 3 MB.' }),
    }),
  })
  .validate(ZAddEvidenceInput);
const ReviewInput = builder
  .inputType('ReviewSubsidyClaimInput', { fields: (t) => ({ claimId: t.id(), pass: t.boolean(), reason: t.string({ required: false }) }) })
  .validate(ZReviewClaimInput);
const ReasonInput = builder
  .inputType('ClaimReasonInput', { fields: (t) => ({ claimId: t.id(), reason: t.string() }) })
  .validate(ZReasonInput);
const RecoveryInput = builder
  .inputType('RecordRecoveryInput', { fields: (t) => ({ claimId: t.id(), amountYuan: t.float() }) })
  .validate(ZRecordRecoveryInput);
const RosterLineInput = builder.inputType('RosterLineInput', {
  fields: (t) => ({
    employmentId: t.id(),
    attendanceDays: t.int(),
    socialInsurancePaid: t.boolean(),
    liabilityIncident: t.boolean({ defaultValue: false }),
  }),
});
const RosterInput = builder
  .inputType('MonthlyRosterInput', {
    fields: (t) => ({
      institutionId: t.id(),
      month: t.field({ type: 'Date', description: 'First day of the month.' }),
      lines: t.field({ type: [RosterLineInput] }),
    }),
  })
  .validate(ZRosterInput);
const SetEnvelopeInput = builder
  .inputType('SetFundEnvelopeInput', {
    fields: (t) => ({
      fundCode: t.string(),
      year: t.int(),
      amountYuan: t.float(),
      reason: t.string({ description: 'Why the budget is set or changed (the decision or document); kept in the audit log.' }),
    }),
  })
  .validate(ZSetEnvelopeInput);
const CreateFundSourceInput = builder
  .inputType('CreateFundSourceInput', {
    fields: (t) => ({ code: t.string(), name: t.string(), kind: t.field({ type: FundKind }), regionCode: t.string() }),
  })
  .validate(ZCreateFundSourceInput);
const UpdateFundPaymentInput = builder
  .inputType('UpdateFundPaymentInput', {
    fields: (t) => ({
      fundCode: t.string(),
      payerAccount: t.string({ description: 'The account the fund pays from, digits only (spaces are dropped).' }),
      payerName: t.string({ description: 'Name on the paying account, e.g. 上饶市财政局.' }),
      payerBank: t.string({ required: false }),
      bankFileLayoutId: t.id({ required: false, description: 'The bank layout the fund’s batches are exported in (a BankFileLayout id).' }),
    }),
  })
  .validate(ZUpdateFundPaymentInput);
const BankFileColumnInput = builder.inputType('BankFileColumnInput', {
  fields: (t) => ({
    header: t.string({ description: 'The header as the bank’s template prints it.' }),
    field: t.field({ type: BankFileFieldEnum }),
  }),
});
const SaveBankFileLayoutInput = builder
  .inputType('SaveBankFileLayoutInput', {
    fields: (t) => ({
      code: t.string({ description: 'Stable name, e.g. ABC-DAIFA; an existing code changes that layout.' }),
      bankName: t.string(),
      name: t.string(),
      format: t.field({ type: BankFileFormat }),
      totalRow: t.field({ type: BankFileTotalRow }),
      columns: t.field({ type: [BankFileColumnInput], description: 'In the order of the bank’s template.' }),
    }),
  })
  .validate(ZSaveBankFileLayoutInput);
const CreateBatchInput = builder
  .inputType('CreatePaymentBatchInput', {
    fields: (t) => ({
      regionCode: t.string(),
      idempotencyKey: t.string({ description: 'A fresh UUID per attempt; retrying with it returns the same batch.' }),
      claimIds: t.idList({ required: false, description: 'Only these claims (default: everything payable in the region).' }),
    }),
  })
  .validate(ZCreatePaymentBatchInput);
const ImportReturnInput = builder
  .inputType('ImportBankReturnInput', { fields: (t) => ({ batchId: t.id(), fileName: t.string(), contentBase64: t.string() }) })
  .validate(ZImportBankReturnInput);
const BUREAU = ['HR_REVIEWER', 'HR_APPROVER', 'ADMIN'] as const;

builder.queryFields((t) => ({
  subsidyEligibility: t.field({
    type: SubsidyEligibilityType,
    description: 'What a claim would get today under the policy in force, rule by rule; nothing is written.',
    authScopes: { loggedIn: true },
    errors: { types: CLAIM_ERRORS },
    args: { input: t.arg({ type: ClaimInput }) },
    resolve: async (_root, { input }, ctx) => (await checkSubsidyEligibility(ctx, input)).eligibility,
  }),
}));

builder.mutationFields((t) => ({
  createSubsidyClaim: t.field({
    type: SubsidyClaimNode,
    description:
      'Starts a claim as a draft (caregivers for themselves, institution staff for employees); the amount comes from the policy.',
    authScopes: { role: ['CAREGIVER', 'INSTITUTION_STAFF', 'ADMIN'] },
    errors: { types: CLAIM_ERRORS },
    args: { input: t.arg({ type: ClaimInput }) },
    resolve: (_root, { input }, ctx) => createSubsidyClaim(ctx, input),
  }),
  addClaimEvidence: t.field({
    type: ClaimEvidenceType,
    authScopes: { role: ['CAREGIVER', 'INSTITUTION_STAFF', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: AddEvidenceInput }) },
    resolve: (_root, { input }, ctx) => addClaimEvidence(ctx, input),
  }),
  submitSubsidyClaim: t.field({
    type: SubsidyClaimNode,
    description: 'Submits (or resubmits) a claim: judged again on today’s records; refused with the reasons when not eligible.',
    authScopes: { role: ['CAREGIVER', 'INSTITUTION_STAFF', 'ADMIN'] },
    errors: { types: CLAIM_ERRORS },
    args: { claimId: t.arg.globalID({ for: SubsidyClaimNode }) },
    resolve: (_root, { claimId }, ctx) => submitSubsidyClaim(ctx, claimId.id),
  }),
  withdrawSubsidyClaim: t.field({
    type: SubsidyClaimNode,
    authScopes: { role: ['CAREGIVER', 'INSTITUTION_STAFF', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { claimId: t.arg.globalID({ for: SubsidyClaimNode }) },
    resolve: (_root, { claimId }, ctx) => withdrawSubsidyClaim(ctx, claimId.id),
  }),
  reviewSubsidyClaim: t.field({
    type: SubsidyClaimNode,
    description: 'First check by the bureau: pass to approval, or reject with a reason.',
    authScopes: { role: [...BUREAU] },
    errors: { types: [SamePersonError, ...ERRORS] },
    args: { input: t.arg({ type: ReviewInput }) },
    resolve: (_root, { input }, ctx) => reviewSubsidyClaim(ctx, input),
  }),
  approveSubsidyClaim: t.field({
    type: SubsidyClaimNode,
    description: 'Approves a reviewed claim (not by its reviewer or submitter), committing its amount to a fund envelope.',
    authScopes: { role: [...BUREAU] },
    errors: { types: [SamePersonError, EnvelopeExhaustedError, ...ERRORS] },
    args: { claimId: t.arg.globalID({ for: SubsidyClaimNode }) },
    resolve: (_root, { claimId }, ctx) => approveSubsidyClaim(ctx, claimId.id),
  }),
  approveSubsidyClaims: t.field({
    type: [BulkOutcomeType],
    description: 'Approves many claims, each with every check of a single approval; the outcome of each is returned.',
    authScopes: { role: [...BUREAU] },
    errors: { types: ERRORS },
    args: {
      claimIds: t.arg.globalIDList({ for: SubsidyClaimNode, validate: z.array(z.unknown()).max(500, 'at most 500 claims at once') }),
    },
    resolve: (_root, { claimIds }, ctx) =>
      approveSubsidyClaims(
        ctx,
        claimIds.map((c) => c.id),
      ),
  }),
  rejectSubsidyClaim: t.field({
    type: SubsidyClaimNode,
    authScopes: { role: [...BUREAU] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: ReasonInput }) },
    resolve: (_root, { input }, ctx) => rejectSubsidyClaim(ctx, input),
  }),
  revokeSubsidyClaim: t.field({
    type: SubsidyClaimNode,
    description: 'A claim found fraudulent: unpaid instalments forfeited, paid money recorded for recovery.',
    authScopes: { role: ['HR_APPROVER', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: ReasonInput }) },
    resolve: (_root, { input }, ctx) => revokeSubsidyClaim(ctx, input),
  }),
  recordSubsidyRecovery: t.field({
    type: SubsidyClaimNode,
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RecoveryInput }) },
    resolve: (_root, { input }, ctx) => recordRecovery(ctx, input),
  }),
  saveMonthlyRoster: t.field({
    type: 'Int',
    description: 'Saves attendance lines of a month not yet confirmed; returns how many lines were saved.',
    authScopes: { role: ['INSTITUTION_STAFF', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RosterInput }) },
    resolve: (_root, { input }, ctx) => saveMonthlyRoster(ctx, input),
  }),
  confirmMonthlyRoster: t.field({
    type: 'ID',
    description: 'Confirms a finished month’s roster and starts the post-subsidy batch; returns the BackgroundJob’s global ID.',
    authScopes: { role: ['INSTITUTION_STAFF', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: RosterInput }) },
    resolve: async (_root, { input }, ctx) => {
      const roster = await confirmMonthlyRoster(ctx, input);
      return encodeGlobalID('BackgroundJob', roster.jobId!);
    },
  }),
  publishSubsidyPolicy: t.field({
    type: SubsidyPolicyType,
    description: 'Publishes a new version of a policy; the previous version ends the day before.',
    authScopes: { role: ['HR_APPROVER', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: PublishPolicyInput }) },
    resolve: (_root, { input }, ctx) => publishSubsidyPolicy(ctx, input),
  }),
  createFundSource: t.field({
    type: FundSourceType,
    description: 'Registers a fund source (budget line) of a region (finance of the region); audited.',
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: CreateFundSourceInput }) },
    resolve: (_root, { input }, ctx) => createFundSource(ctx, input),
  }),
  setFundEnvelope: t.field({
    type: 'String',
    description: 'Sets a fund source’s budget for a year (never below what is committed); returns the amount in fen.',
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: SetEnvelopeInput }) },
    resolve: async (_root, { input }, ctx) => (await setFundEnvelope(ctx, input)).amountFen.toString(),
  }),
  updateFundPayment: t.field({
    type: FundSourceType,
    description: 'Sets the account a fund pays from and its default bank file layout (finance of the fund’s region); audited.',
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: UpdateFundPaymentInput }) },
    resolve: (_root, { input }, ctx) => updateFundPayment(ctx, input),
  }),
  saveBankFileLayout: t.field({
    type: BankFileLayoutType,
    description: 'Adds or changes a bank’s 代发 layout by its code (admin: layouts are shared by every region); audited.',
    authScopes: { role: 'ADMIN' },
    errors: { types: ERRORS },
    args: { input: t.arg({ type: SaveBankFileLayoutInput }) },
    resolve: (_root, { input }, ctx) => saveBankFileLayout(ctx, input),
  }),
  createPaymentBatch: t.field({
    type: PaymentBatchNode,
    description: 'Builds a payment batch of the region’s payable instalments; idempotent by key; needs a recent `reauthenticate`.',
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    errors: { types: MONEY_ERRORS },
    args: { input: t.arg({ type: CreateBatchInput }) },
    resolve: (_root, { input }, ctx) => createPaymentBatch(ctx, input),
  }),
  exportPaymentBatch: t.field({
    type: FileType,
    description:
      'The bank file of a batch in a bank’s bulk-payment layout (default: the fund’s layout), with the fund’s paying account and full payee account numbers; audited; needs a recent `reauthenticate`.',
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    errors: { types: MONEY_ERRORS },
    args: {
      batchId: t.arg.globalID({ for: PaymentBatchNode }),
      format: t.arg.string({
        required: false,
        validate: z.enum(['csv', 'xlsx']).nullish(),
        description: 'Overrides the layout’s file format.',
      }),
      layoutId: t.arg.id({ required: false, validate: z.string().uuid().nullish(), description: 'A BankFileLayout id.' }),
    },
    resolve: (_root, { batchId, format, layoutId }, ctx) =>
      exportPaymentBatch(ctx, batchId.id, (format as 'csv' | 'xlsx' | null | undefined) ?? null, layoutId ? String(layoutId) : null),
  }),
  importBankReturn: t.field({
    type: BankReturnFileNode,
    description:
      'Uploads the bank’s return file and applies it in the background (paid and failed lines; progress on its job); the same file for the batch again answers the import already made and changes nothing.',
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    errors: { types: MONEY_ERRORS },
    args: { input: t.arg({ type: ImportReturnInput }) },
    resolve: (_root, { input }, ctx) => startBankReturnImport(ctx, input),
  }),
}));
