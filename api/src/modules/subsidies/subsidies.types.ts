import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  BankFileFormat,
  BankFileTotalRow,
  ClaimStatus,
  EvidenceKind,
  FundKind,
  InstalmentStatus,
  PaymentBatchStatus,
  PaymentLineStatus,
  Role,
  SubsidyKind,
} from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import { ErrorInterface, ErrorParam, paramList } from '../../graphql/error-types.ts';
import { formatYuan } from '../../shared/money.ts';
import { REJECTED_ROWS_KEPT, pageOf, rejectedRowsPage } from '../../shared/row-import.ts';
import type { RuleResult } from '../../shared/rule-result.ts';
import { RuleResultType } from '../../shared/rule-result.ts';
import { EmploymentNode } from '../caregivers/caregivers.types.ts';
import { OrganisationNode } from '../organisations/organisations.types.ts';
import { BANK_FILE_FIELDS, type BankFileColumn, ZBankFileColumns } from './bank-file.ts';
import type { BulkOutcome } from './claims.service.ts';
import type { FundDashboard } from './funds.service.ts';
import type { RowIssue } from './payments.service.ts';
import type { PolicyDryRun } from './policy-dry-run.ts';
import { evidenceOf, termsOf } from './policy-terms.ts';
import { monthlyRoster, type RosterSummary } from './roster.service.ts';
import { batchWhereFor, claimWhereFor } from './subsidies.access.ts';
import {
  DuplicateClaimError,
  EnvelopeExhaustedError,
  EvidenceMissingError,
  NoPolicyError,
  SamePersonError,
  SubsidyNotEligibleError,
} from './subsidies.errors.ts';
import { ZPublishPolicyInput } from './subsidies.schemas.ts';
import type { SubsidyEligibility } from './subsidy-eligibility.ts';

builder.enumType(SubsidyKind, { name: 'SubsidyKind' });
builder.enumType(ClaimStatus, { name: 'ClaimStatus' });
builder.enumType(EvidenceKind, { name: 'EvidenceKind' });
builder.enumType(InstalmentStatus, { name: 'InstalmentStatus' });
builder.enumType(PaymentBatchStatus, { name: 'PaymentBatchStatus' });
builder.enumType(PaymentLineStatus, { name: 'PaymentLineStatus' });
builder.enumType(FundKind, { name: 'FundKind' });
builder.enumType(BankFileFormat, { name: 'BankFileFormat' });
builder.enumType(BankFileTotalRow, { name: 'BankFileTotalRow' });

export const SubsidyEligibilityType = builder.objectRef<SubsidyEligibility & { policyName?: string }>('SubsidyEligibility').implement({
  description: 'Whether a claim qualifies, the amount it would get, and every rule with its result.',
  fields: (t) => ({
    eligible: t.exposeBoolean('eligible'),
    amountFen: t.exposeInt('amountFen', { description: 'Computed from the policy in force; 0 when not eligible.' }),
    amountYuan: t.string({ resolve: (e) => formatYuan(e.amountFen) }),
    rules: t.field({ type: [RuleResultType], resolve: (e) => e.rules }),
  }),
});

export const SubsidyPolicyType = builder.prismaObject('SubsidyPolicy', {
  description: 'A subsidy rule of a region with effective dates; changes are new versions.',
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    version: t.exposeInt('version'),
    kind: t.expose('kind', { type: SubsidyKind }),
    nameZh: t.exposeString('nameZh'),
    nameEn: t.exposeString('nameEn'),
    region: t.relation('region'),
    effectiveFrom: t.expose('effectiveFrom', { type: 'Date' }),
    effectiveTo: t.expose('effectiveTo', { type: 'Date', nullable: true }),
    amounts: t.expose('amounts', { type: 'JSON', description: 'Amount table in fen (shape per kind).' }),
    rules: t.expose('rules', { type: 'JSON' }),
    instalments: t.expose('instalments', {
      type: 'JSON',
      nullable: true,
      description: '[{sharePercent, afterYears}], or null for one payment.',
    }),
    publicationDays: t.exposeInt('publicationDays'),
    reviewRole: t.expose('reviewRole', { type: Role }),
    approveRole: t.expose('approveRole', { type: Role }),
    effectiveRules: t.field({
      type: 'JSON',
      description: 'The rules as the judges read them: the stored rules with the kind’s defaults filled in.',
      select: { kind: true, code: true, amounts: true, rules: true, instalments: true },
      resolve: (p) => termsOf(p).rules,
    }),
    requiredEvidence: t.field({
      type: [EvidenceKind],
      description: 'Evidence a claim under this version cannot be submitted without (rules.requiredEvidence, or the kind’s default).',
      select: { kind: true, code: true, amounts: true, rules: true, instalments: true },
      resolve: (p) => termsOf(p).rules.requiredEvidence as EvidenceKind[],
    }),
    fundCodes: t.stringList({
      select: { funds: { orderBy: { priority: 'asc' }, select: { fundSource: { select: { code: true } } } } },
      resolve: (p) => p.funds.map((f) => f.fundSource.code),
    }),
  }),
});

const InstalmentPlanInput = builder.inputType('InstalmentPlanInput', { fields: (t) => ({ sharePercent: t.int(), afterYears: t.int() }) });
export const PublishPolicyInput = builder
  .inputType('PublishSubsidyPolicyInput', {
    fields: (t) => ({
      code: t.string(),
      kind: t.field({ type: SubsidyKind }),
      nameZh: t.string(),
      nameEn: t.string(),
      regionCode: t.string(),
      effectiveFrom: t.field({ type: 'Date' }),
      effectiveTo: t.field({ type: 'Date', required: false }),
      amounts: t.field({
        type: 'JSON',
        description:
          'Fen: {byLevel:{L5:50000}}, {byEducation:{COLLEGE:4000000}}, {feeSharePercent:70,floorFen:22000}, {perTraineeFen:150000}.',
      }),
      rules: t.field({ type: 'JSON', required: false }),
      instalments: t.field({ type: [InstalmentPlanInput], required: false }),
      publicationDays: t.int({ defaultValue: 0 }),
      fundCodes: t.stringList(),
      reviewRole: t.field({
        type: Role,
        required: false,
        description:
          'Who reviews its claims (HR_REVIEWER, HR_APPROVER or CIVIL_AFFAIRS_ANALYST of the region); default: as the version before, else HR_REVIEWER.',
      }),
      approveRole: t.field({
        type: Role,
        required: false,
        description: 'Who approves its claims (same choice); default: as the version before, else HR_APPROVER.',
      }),
    }),
  })
  .validate(ZPublishPolicyInput);

export const FundSourceType = builder.prismaObject('FundSource', {
  description: 'A budget line of a region that policies draw on.',
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    kind: t.expose('kind', { type: FundKind }),
    region: t.relation('region'),
    payerAccount: t.exposeString('payerAccount', { nullable: true, description: 'The account the fund pays from (the finance bureau’s).' }),
    payerName: t.exposeString('payerName', { nullable: true }),
    payerBank: t.exposeString('payerBank', { nullable: true }),
    bankFileLayout: t.relation('bankFileLayout', {
      nullable: true,
      description: 'The bank layout the fund’s payment batches are exported in.',
    }),
  }),
});

export const BankFileFieldEnum = builder.enumType('BankFileField', {
  description: 'What a column of a bank file is filled from.',
  values: BANK_FILE_FIELDS,
});

export const BankFileColumnType = builder.objectRef<BankFileColumn>('BankFileColumn').implement({
  fields: (t) => ({ header: t.exposeString('header'), field: t.expose('field', { type: BankFileFieldEnum }) }),
});

export const BankFileLayoutType = builder.prismaObject('BankFileLayout', {
  description: 'A bank’s bulk-payment (代发) template: ordered columns, file format and where the totals row goes.',
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    bankName: t.exposeString('bankName'),
    name: t.exposeString('name'),
    format: t.expose('format', { type: BankFileFormat }),
    totalRow: t.expose('totalRow', { type: BankFileTotalRow }),
    columns: t.field({ type: [BankFileColumnType], resolve: (l) => ZBankFileColumns.parse(l.columns) }),
  }),
});

export const ClaimEvidenceType = builder.prismaObject('ClaimEvidence', {
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: EvidenceKind }),
    fileName: t.exposeString('fileName'),
    mimeType: t.exposeString('mimeType'),
    sizeBytes: t.exposeInt('sizeBytes'),
    sha256: t.exposeString('sha256'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const InstalmentType = builder.prismaObject('Instalment', {
  description: 'One payment of an approved claim.',
  fields: (t) => ({
    id: t.exposeID('id'),
    seq: t.exposeInt('seq'),
    sharePercent: t.exposeInt('sharePercent'),
    afterYears: t.exposeInt('afterYears'),
    dueOn: t.expose('dueOn', { type: 'Date' }),
    amountFen: t.exposeInt('amountFen'),
    amountYuan: t.string({ select: { amountFen: true }, resolve: (i) => formatYuan(i.amountFen) }),
    status: t.expose('status', { type: InstalmentStatus }),
    check: t.field({
      type: [RuleResultType],
      nullable: true,
      select: { check: true },
      resolve: (i) => (i.check as RuleResult[] | null) ?? null,
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why it was forfeited or suspended: LEFT_EMPLOYMENT, NOT_REEMPLOYED, RECHECK_FAILED, REVOKED.',
    }),
    suspendedUntil: t.expose('suspendedUntil', {
      type: 'Date',
      nullable: true,
      description: 'Last day a suspended instalment waits for re-employment in a care post.',
    }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('SubsidyRecovery', {
  fields: (t) => ({
    reason: t.exposeString('reason'),
    amountFen: t.exposeInt('amountFen'),
    recoveredFen: t.exposeInt('recoveredFen'),
    settledAt: t.expose('settledAt', { type: 'DateTime', nullable: true }),
  }),
});

const EvidenceCheckType = builder.objectRef<{ kind: EvidenceKind; present: boolean }>('EvidenceCheck').implement({
  description: 'One kind of evidence a policy requires, and whether the claim has it.',
  fields: (t) => ({ kind: t.expose('kind', { type: EvidenceKind }), present: t.exposeBoolean('present') }),
});

export const SubsidyClaimNode = builder.prismaNode('SubsidyClaim', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [claimWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true, tokenScope: 'subsidies:read' },
  fields: (t) => ({
    reference: t.exposeString('reference'),
    kind: t.expose('kind', { type: SubsidyKind }),
    status: t.expose('status', { type: ClaimStatus }),
    policy: t.relation('policy'),
    caregiver: t.relation('caregiver', {
      nullable: true,
      description: 'Null for API tokens (they see status, not people).',
      authScopes: { loggedIn: true },
      unauthorizedResolver: () => null,
    }),
    employment: t.relation('employment', { nullable: true, authScopes: { loggedIn: true }, unauthorizedResolver: () => null }),
    region: t.relation('region'),
    subjectKey: t.exposeString('subjectKey', {
      description: 'What the claim is for: 2026-10 for a month, a level code, a certificate or enrolment id.',
    }),
    facts: t.expose('facts', { type: 'JSON', authScopes: { loggedIn: true } }),
    amountFen: t.exposeInt('amountFen'),
    amountYuan: t.string({ select: { amountFen: true }, resolve: (c) => formatYuan(c.amountFen) }),
    eligibility: t.field({
      type: SubsidyEligibilityType,
      select: { eligibility: true },
      authScopes: { loggedIn: true },
      resolve: (c) => c.eligibility as unknown as SubsidyEligibility,
    }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true }),
    approvedAt: t.expose('approvedAt', { type: 'DateTime', nullable: true }),
    publicationEndsOn: t.expose('publicationEndsOn', { type: 'Date', nullable: true }),
    rejectedReason: t.exposeString('rejectedReason', { nullable: true }),
    reviewedByMe: t.boolean({
      select: { reviewedById: true, submittedById: true },
      description: 'The viewer reviewed or submitted it, so may not approve it.',
      resolve: (c, _a, ctx) =>
        ctx.viewer?.kind === 'user' && (c.reviewedById === ctx.viewer.userId || c.submittedById === ctx.viewer.userId),
    }),
    evidence: t.relation('evidence', { authScopes: { loggedIn: true } }),
    requiredEvidence: t.field({
      type: [EvidenceCheckType],
      description: 'The evidence kinds the claim’s policy version requires, each with whether the claim has it.',
      authScopes: { loggedIn: true },
      select: { policy: true, evidence: { select: { kind: true } } },
      resolve: (c) => evidenceOf(c.policy, c.evidence),
    }),
    instalments: t.relation('instalments', { query: { orderBy: { seq: 'asc' } } }),
    recovery: t.relation('recovery', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const PaymentLineType = builder.prismaObject('PaymentLine', {
  fields: (t) => ({
    id: t.exposeID('id'),
    lineNo: t.exposeInt('lineNo'),
    amountFen: t.exposeInt('amountFen'),
    amountYuan: t.string({ select: { amountFen: true }, resolve: (l) => formatYuan(l.amountFen) }),
    status: t.expose('status', { type: PaymentLineStatus }),
    failureReason: t.exposeString('failureReason', { nullable: true }),
    answeredAt: t.expose('answeredAt', { type: 'DateTime', nullable: true }),
    claimReference: t.string({
      select: { instalment: { select: { claim: { select: { reference: true } } } } },
      resolve: (l) => l.instalment.claim.reference,
    }),
    payeeName: t.string({
      nullable: true,
      authScopes: { loggedIn: true },
      select: { instalment: { select: { claim: { select: { caregiver: { select: { name: true } } } } } } },
      resolve: (l) => l.instalment.claim.caregiver.name,
    }),
    accountMasked: t.string({
      nullable: true,
      authScopes: { loggedIn: true },
      select: { instalment: { select: { claim: { select: { caregiver: { select: { bankAccountMasked: true } } } } } } },
      resolve: (l) => l.instalment.claim.caregiver.bankAccountMasked,
    }),
  }),
});

const fenString = (v: bigint) => v.toString();

export const PaymentBatchNode = builder.prismaNode('PaymentBatch', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [batchWhereFor(ctx.viewer)] }),
  authScopes: { loggedIn: true, tokenScope: 'subsidies:read' },
  fields: (t) => ({
    reference: t.exposeString('reference'),
    region: t.relation('region'),
    status: t.expose('status', { type: PaymentBatchStatus }),
    lineCount: t.exposeInt('lineCount'),
    totalFen: t.string({
      select: { totalFen: true },
      description: 'Fen as a decimal string (may pass 2^31).',
      resolve: (b) => fenString(b.totalFen),
    }),
    paidFen: t.string({ select: { paidFen: true }, resolve: (b) => fenString(b.paidFen) }),
    failedFen: t.string({ select: { failedFen: true }, resolve: (b) => fenString(b.failedFen) }),
    totalYuan: t.string({ select: { totalFen: true }, resolve: (b) => formatYuan(b.totalFen) }),
    paidYuan: t.string({ select: { paidFen: true }, resolve: (b) => formatYuan(b.paidFen) }),
    failedYuan: t.string({ select: { failedFen: true }, resolve: (b) => formatYuan(b.failedFen) }),
    pendingYuan: t.string({
      select: { totalFen: true, paidFen: true, failedFen: true },
      description: 'Total minus paid minus failed: what the bank has not answered.',
      resolve: (b) => formatYuan(b.totalFen - b.paidFen - b.failedFen),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    reconciledAt: t.expose('reconciledAt', { type: 'DateTime', nullable: true }),
    lines: t.relatedConnection('lines', { cursor: 'id', query: () => ({ orderBy: { lineNo: 'asc' } }), totalCount: true }),
    returnFiles: t.relation('returns', {
      description: 'Bank return files imported for this batch, newest first.',
      query: () => ({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 20 }),
    }),
  }),
});

const BankReturnRowIssueType = builder.objectRef<RowIssue>('BankReturnRowIssue').implement({
  description: 'Why one row of a bank return file was not applied.',
  fields: (t) => ({
    row: t.exposeInt('row'),
    field: t.exposeString('field'),
    code: t.string({
      description: 'Stable code (NOT_A_LINE_OF_BATCH, AMOUNT_MISMATCH, BANK_STATUS_UNKNOWN ...); INVALID in reports kept before codes.',
      resolve: (r) => r.code ?? 'INVALID',
    }),
    params: t.field({ type: [ErrorParam], resolve: (r) => paramList(r.params) }),
    message: t.exposeString('message', { description: 'English fallback wording.' }),
  }),
});

export const BankReturnFileNode = builder.prismaNode('BankReturnFile', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, batch: batchWhereFor(ctx.viewer) }),
  authScopes: { loggedIn: true, tokenScope: 'subsidies:read' },
  description: 'A bank return file of a payment batch, applied by a background job.',
  fields: (t) => ({
    batch: t.relation('batch'),
    fileName: t.exposeString('fileName'),
    sha256: t.exposeString('sha256'),
    rows: t.exposeInt('rows', { nullable: true, description: 'Rows below the header.' }),
    paid: t.exposeInt('paidLines', { description: 'Lines this file marked paid.' }),
    failed: t.exposeInt('failedLines', { description: 'Lines this file marked failed (back to payable).' }),
    unchanged: t.exposeInt('unchangedLines', { description: 'Lines answered the same way before.' }),
    reconciled: t.exposeBoolean('reconciled', { description: 'The batch was reconciled once this file was applied.' }),
    rejectedCount: t.exposeInt('rejectedCount'),
    rejected: t.field({
      type: [BankReturnRowIssueType],
      description: `Why rows were rejected, a page at a time, by line; the first ${REJECTED_ROWS_KEPT} reasons are kept.`,
      args: {
        offset: t.arg.int({ required: false, defaultValue: 0, validate: rejectedRowsPage.offset }),
        first: t.arg.int({ required: false, defaultValue: 100, validate: rejectedRowsPage.first }),
      },
      select: { rejectedRows: true },
      resolve: (f, { offset, first }) => pageOf<RowIssue>(f.rejectedRows, offset, first),
    }),
    jobId: t.id({
      nullable: true,
      select: { jobId: true },
      description: 'Global ID of the BackgroundJob (progress).',
      resolve: (f) => (f.jobId ? encodeGlobalID('BackgroundJob', f.jobId) : null),
    }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const FundDashboardType = builder.objectRef<FundDashboard>('FundDashboard').implement({
  description:
    'Envelopes of the region’s fund sources for a year: budget, committed, paid, burn-down and forecast (fen as decimal strings).',
  fields: (t) => ({
    year: t.exposeInt('year'),
    envelopes: t.field({
      type: [
        builder.objectRef<FundDashboard['envelopes'][number]>('FundEnvelope').implement({
          fields: (f) => ({
            fundCode: f.exposeString('fundCode'),
            fundName: f.exposeString('fundName'),
            fundKind: f.exposeString('fundKind'),
            amountFen: f.string({ resolve: (e) => fenString(e.amountFen) }),
            committedFen: f.string({ resolve: (e) => fenString(e.committedFen) }),
            paidFen: f.string({ resolve: (e) => fenString(e.paidFen) }),
            availableFen: f.string({ resolve: (e) => fenString(e.amountFen - e.committedFen) }),
            amountYuan: f.string({ resolve: (e) => formatYuan(e.amountFen) }),
            committedYuan: f.string({ resolve: (e) => formatYuan(e.committedFen) }),
            paidYuan: f.string({ resolve: (e) => formatYuan(e.paidFen) }),
            availableYuan: f.string({ resolve: (e) => formatYuan(e.amountFen - e.committedFen) }),
          }),
        }),
      ],
      resolve: (d) => d.envelopes,
    }),
    months: t.field({
      type: [
        builder.objectRef<FundDashboard['months'][number]>('FundMonth').implement({
          fields: (f) => ({
            month: f.exposeString('month'),
            paidFen: f.string({ resolve: (m) => fenString(m.paidFen) }),
            committedFen: f.string({ resolve: (m) => fenString(m.committedFen) }),
          }),
        }),
      ],
      resolve: (d) => d.months,
    }),
    pipelineFen: t.string({ resolve: (d) => fenString(d.pipelineFen) }),
    runRateFen: t.string({ resolve: (d) => fenString(d.runRateFen) }),
    forecastYearEndFen: t.string({ resolve: (d) => fenString(d.forecastYearEndFen) }),
    budgetFen: t.string({ resolve: (d) => fenString(d.envelopes.reduce((s, e) => s + e.amountFen, 0n)) }),
    forecastExceedsBudget: t.boolean({ resolve: (d) => d.forecastYearEndFen > d.envelopes.reduce((s, e) => s + e.amountFen, 0n) }),
  }),
});

export const BulkOutcomeType = builder.objectRef<BulkOutcome>('BulkApprovalOutcome').implement({
  fields: (t) => ({
    claimId: t.id({ resolve: (o) => encodeGlobalID('SubsidyClaim', o.claimId) }),
    ok: t.exposeBoolean('ok'),
    code: t.exposeString('code', { nullable: true }),
    params: t.field({ type: [ErrorParam], description: 'What the code needs to be worded.', resolve: (o) => paramList(o.params) }),
    message: t.exposeString('message', { nullable: true, description: 'English fallback wording.' }),
  }),
});

const DryRunCountyType = builder.objectRef<PolicyDryRun['counties'][number]>('PolicyDryRunCounty').implement({
  description: 'One county’s claims and money under the draft version and under the version in force.',
  fields: (t) => ({
    regionCode: t.string({ nullable: true, resolve: (c) => c.region?.code ?? null }),
    regionName: t.string({ nullable: true, resolve: (c) => c.region?.name ?? null }),
    regionNameEn: t.string({ nullable: true, resolve: (c) => c.region?.nameEn ?? null }),
    claims: t.exposeInt('claims'),
    amountYuan: t.string({ resolve: (c) => formatYuan(c.amountFen) }),
    currentClaims: t.exposeInt('currentClaims'),
    currentAmountYuan: t.string({ resolve: (c) => formatYuan(c.currentAmountFen) }),
  }),
});

const DryRunChangeType = builder.objectRef<PolicyDryRun['changes'][number]>('PolicyDryRunChange').implement({
  description: 'A person whose amount the draft version changes.',
  fields: (t) => ({
    caregiverId: t.id({ resolve: (l) => encodeGlobalID('Caregiver', l.caregiverId) }),
    caregiverName: t.exposeString('caregiverName'),
    regionName: t.string({ nullable: true, resolve: (l) => l.county?.name ?? null }),
    regionNameEn: t.string({ nullable: true, resolve: (l) => l.county?.nameEn ?? null }),
    subjectKey: t.exposeString('subjectKey'),
    currentYuan: t.string({ resolve: (l) => formatYuan(l.current?.amountFen ?? 0) }),
    draftYuan: t.string({ resolve: (l) => formatYuan(l.candidate?.amountFen ?? 0) }),
    differenceFen: t.int({ resolve: (l) => (l.candidate?.amountFen ?? 0) - (l.current?.amountFen ?? 0) }),
    differenceYuan: t.string({ resolve: (l) => formatYuan((l.candidate?.amountFen ?? 0) - (l.current?.amountFen ?? 0)) }),
  }),
});

export const PolicyDryRunType = builder.objectRef<PolicyDryRun>('SubsidyPolicyDryRun').implement({
  description: 'What a draft policy version would have given in a month, against the version in force then (nothing is written).',
  fields: (t) => ({
    month: t.exposeString('month'),
    claims: t.exposeInt('claims', { description: 'Eligible claims (post subsidy: people) under the draft.' }),
    amountYuan: t.string({ resolve: (d) => formatYuan(d.amountFen) }),
    currentClaims: t.exposeInt('currentClaims', { description: 'Eligible under the version in force that month.' }),
    currentAmountYuan: t.string({ resolve: (d) => formatYuan(d.currentAmountFen) }),
    differenceYuan: t.string({ resolve: (d) => formatYuan(d.amountFen - d.currentAmountFen) }),
    gainers: t.exposeInt('gainers'),
    losers: t.exposeInt('losers'),
    counties: t.field({ type: [DryRunCountyType], resolve: (d) => d.counties }),
    changes: t.field({
      type: [DryRunChangeType],
      description: 'The largest changes first (at most 100; gainers and losers count everyone).',
      resolve: (d) => d.changes,
    }),
  }),
});

export const EvidenceFileType = builder.objectRef<{ fileName: string; mimeType: string; content: Buffer }>('EvidenceFile').implement({
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    mimeType: t.exposeString('mimeType'),
    contentBase64: t.string({ resolve: (f) => f.content.toString('base64') }),
  }),
});

type RosterView = Awaited<ReturnType<typeof monthlyRoster>>;

export const RosterLineType = builder.objectRef<RosterView['lines'][number]>('RosterLine').implement({
  fields: (t) => ({
    employment: t.field({ type: EmploymentNode, resolve: (l) => l.employment }),
    caregiverName: t.string({ resolve: (l) => l.caregiver.name }),
    attendanceDays: t.int({ nullable: true, resolve: (l) => l.line?.attendanceDays ?? null }),
    socialInsurancePaid: t.boolean({ nullable: true, resolve: (l) => l.line?.socialInsurancePaid ?? null }),
    liabilityIncident: t.boolean({ resolve: (l) => l.line?.liabilityIncident ?? false }),
    previousAttendanceDays: t.int({
      nullable: true,
      description: 'Attendance recorded for the month before (null: none recorded).',
      resolve: (l) => l.previous?.attendanceDays ?? null,
    }),
    previousSocialInsurancePaid: t.boolean({
      nullable: true,
      description: 'Social insurance recorded for the month before (null: none recorded).',
      resolve: (l) => l.previous?.socialInsurancePaid ?? null,
    }),
    exclusion: t.field({
      type: [RuleResultType],
      nullable: true,
      description: 'Rules the post-subsidy batch found unmet.',
      resolve: (l) => (l.line?.subsidyExclusion as RuleResult[] | null) ?? null,
    }),
    claimReference: t.string({ nullable: true, resolve: (l) => l.claim?.reference ?? null }),
    claimStatus: t.field({ type: ClaimStatus, nullable: true, resolve: (l) => l.claim?.status ?? null }),
    claimAmountYuan: t.string({ nullable: true, resolve: (l) => (l.claim ? formatYuan(l.claim.amountFen) : null) }),
  }),
});

export const RosterType = builder.objectRef<RosterView>('MonthlyRoster').implement({
  description: 'An institution’s people for a month with attendance, and the post-subsidy batch once confirmed.',
  fields: (t) => ({
    institution: t.field({ type: OrganisationNode, resolve: (r) => r.institution }),
    month: t.string({ resolve: (r) => r.month.toISOString().slice(0, 7) }),
    confirmedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.confirmation?.confirmedAt ?? null }),
    jobId: t.id({
      nullable: true,
      description: 'Global ID of the BackgroundJob creating the claims (progress).',
      resolve: (r) => (r.confirmation?.jobId ? encodeGlobalID('BackgroundJob', r.confirmation.jobId) : null),
    }),
    lines: t.field({ type: [RosterLineType], resolve: (r) => r.lines }),
  }),
});

export const RosterExclusionType = builder.objectRef<RosterSummary['exclusions'][number]>('RosterExclusion').implement({
  description: 'People a roster leaves out for one unmet post-subsidy rule.',
  fields: (t) => ({
    ruleId: t.exposeString('ruleId', {
      description: 'The rule, as in EligibilityRule.ruleId (attendance, insurance, incident, level, policy ...).',
    }),
    people: t.exposeInt('people'),
  }),
});

export const RosterSummaryType = builder.objectRef<RosterSummary>('MonthlyRosterSummary').implement({
  description: 'What confirming a roster would produce from the lines saved so far.',
  fields: (t) => ({
    people: t.exposeInt('people', { description: 'People on the roster.' }),
    unrecorded: t.exposeInt('unrecorded', { description: 'People without a line yet (confirming is refused until each has one).' }),
    eligible: t.exposeInt('eligible', { description: 'People who would get a post subsidy.' }),
    amountYuan: t.string({ resolve: (s) => formatYuan(s.amountFen) }),
    exclusions: t.field({
      type: [RosterExclusionType],
      description: 'People left out, per unmet rule, most first.',
      resolve: (s) => s.exclusions,
    }),
  }),
});

export const PayableSummaryType = builder
  .objectRef<{ count: number; totalFen: number; withoutAccount: number }>('PayableSummary')
  .implement({
    fields: (t) => ({
      count: t.exposeInt('count'),
      totalYuan: t.string({ resolve: (s) => formatYuan(s.totalFen) }),
      withoutAccount: t.exposeInt('withoutAccount', {
        description: 'Payable items whose payee has no bank account on record (left out of batches).',
      }),
    }),
  });

builder.objectType(SubsidyNotEligibleError, {
  name: 'SubsidyNotEligibleError',
  description: 'The claim does not meet the policy; `rules` shows each rule and its result.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ rules: t.field({ type: [RuleResultType], resolve: (e) => e.rules }) }),
});

builder.objectType(NoPolicyError, {
  name: 'NoPolicyError',
  description: 'No policy of the kind is in force for the region.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ kind: t.exposeString('kind') }),
});

builder.objectType(DuplicateClaimError, {
  name: 'DuplicateClaimError',
  description: 'A claim for the same thing exists.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ existingReference: t.exposeString('existingReference') }),
});

builder.objectType(EvidenceMissingError, {
  name: 'EvidenceMissingError',
  description: 'The policy version requires evidence the claim does not have (params: missing, comma-separated kinds).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ missing: t.field({ type: [EvidenceKind], resolve: (e) => e.missing as EvidenceKind[] }) }),
});

builder.objectType(SamePersonError, {
  name: 'SamePersonError',
  description: 'Maker-checker: the submitter or reviewer may not approve.',
  interfaces: [ErrorInterface],
});

builder.objectType(EnvelopeExhaustedError, {
  name: 'EnvelopeExhaustedError',
  description: 'No fund envelope of the policy has room for the amount this year.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ year: t.exposeInt('year'), neededFen: t.exposeInt('neededFen') }),
});

export const FileType = builder.objectRef<{ fileName: string; content: Buffer }>('DownloadFile').implement({
  fields: (t) => ({ fileName: t.exposeString('fileName'), contentBase64: t.string({ resolve: (f) => f.content.toString('base64') }) }),
});
