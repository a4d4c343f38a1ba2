import { z } from 'zod';
import { prisma } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { ClaimStatus, SubsidyKind } from '../../generated/prisma/enums.ts';
import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError, NotFoundError } from '../../graphql/errors.ts';
import { holdsRoleFor } from '../../shared/access.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { CaregiverNode } from '../caregivers/caregivers.types.ts';
import { OrganisationNode } from '../organisations/organisations.types.ts';
import { ancestorPaths } from '../regions/region-paths.ts';
import { claimEvidenceFile } from './claims.service.ts';
import { fundDashboard, fundSourcesFor } from './funds.service.ts';
import { subsidyPolicyDryRun } from './policy-dry-run.ts';
import { POLICY_TERMS } from './policy-terms.ts';
import { monthlyRoster, monthlyRosterSummary } from './roster.service.ts';
import { batchWhereFor, claimWhereFor } from './subsidies.access.ts';
import {
  BankFileLayoutType,
  EvidenceFileType,
  FundDashboardType,
  FundSourceType,
  PayableSummaryType,
  PolicyDryRunType,
  PublishPolicyInput,
  RosterSummaryType,
  RosterType,
  SubsidyPolicyType,
} from './subsidies.types.ts';

const RegionCodeArg = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');
const MonthArg = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

type ClaimFilter = {
  status?: ClaimStatus[] | null;
  kind?: SubsidyKind | null;
  regionCode?: string | null;
  month?: string | null;
  caregiverId?: { id: string } | null;
  institutionId?: { id: string } | null;
  reference?: string | null;
};

async function claimListWhere(args: ClaimFilter, ctx: Context): Promise<Prisma.SubsidyClaimWhereInput> {
  const and: Prisma.SubsidyClaimWhereInput[] = [claimWhereFor(ctx.viewer)];
  if (args.status?.length) and.push({ status: { in: args.status } });
  if (args.kind) and.push({ kind: args.kind });
  if (args.month) and.push({ subjectKey: args.month });
  if (args.caregiverId) and.push({ caregiverId: args.caregiverId.id });
  if (args.institutionId) and.push({ employment: { institutionId: args.institutionId.id } });
  if (args.reference) and.push({ reference: args.reference.trim().toUpperCase() });
  if (args.regionCode) {
    const region = await prisma.region.findUnique({ where: { code: args.regionCode }, select: { path: true } });
    and.push(region ? { region: { path: { startsWith: region.path } } } : { id: { in: [] } });
  }
  return { AND: and };
}

builder.queryFields((t) => ({
  subsidyPolicies: t.prismaField({
    type: [SubsidyPolicyType],
    description: 'Policies in force today (or every version with `history`), for a region and its ancestors, or all.',
    authScopes: { loggedIn: true, tokenScope: 'subsidies:read' },
    args: {
      regionCode: t.arg.string({ required: false, validate: RegionCodeArg }),
      kind: t.arg({ type: SubsidyKind, required: false }),
      history: t.arg.boolean({ required: false }),
    },
    resolve: async (query, _root, args) => {
      const today = todayInChina();
      const region = args.regionCode ? await prisma.region.findUnique({ where: { code: args.regionCode }, select: { path: true } }) : null;
      if (args.regionCode && !region) throw InputValidationError.at(['regionCode'], 'REGION_UNKNOWN');
      return prisma.subsidyPolicy.findMany({
        ...query,
        where: {
          ...(args.kind ? { kind: args.kind } : {}),
          ...(region ? { region: { path: { in: ancestorPaths(region.path) } } } : {}),
          ...(args.history ? {} : { effectiveFrom: { lte: today }, OR: [{ effectiveTo: null }, { effectiveTo: { gte: today } }] }),
        },
        orderBy: [{ kind: 'asc' }, { code: 'asc' }, { version: 'desc' }],
      });
    },
  }),
  fundSources: t.prismaField({
    type: [FundSourceType],
    description: 'Fund sources of a region’s subtree and its ancestors (finance and the bureau of the region).',
    authScopes: { role: ['FINANCE_OFFICER', 'HR_APPROVER', 'HR_REVIEWER', 'ADMIN'] },
    errors: { types: [InputValidationError, ForbiddenError] },
    args: { regionCode: t.arg.string({ validate: RegionCodeArg }) },
    resolve: async (query, _root, args, ctx) => {
      const region = await prisma.region.findUnique({ where: { code: args.regionCode }, select: { path: true } });
      if (!region) throw InputValidationError.at(['regionCode'], 'REGION_UNKNOWN');
      if (!(['FINANCE_OFFICER', 'HR_APPROVER', 'HR_REVIEWER'] as const).some((role) => holdsRoleFor(ctx.viewer, role, region.path)))
        throw new ForbiddenError();
      return fundSourcesFor(region.path, query);
    },
  }),
  bankFileLayouts: t.prismaField({
    type: [BankFileLayoutType],
    description: 'The banks’ bulk-payment layouts a fund or a batch export can use (finance and admins).',
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    resolve: (query) => prisma.bankFileLayout.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
  subsidyPolicyRuleDefaults: t.field({
    type: 'JSON',
    description: 'The rules a new policy of the kind gets where it sets none (the starting point of a new policy’s form).',
    authScopes: { role: ['HR_APPROVER', 'ADMIN'] },
    args: { kind: t.arg({ type: SubsidyKind }) },
    resolve: (_root, { kind }) => POLICY_TERMS[kind].rules.parse({}),
  }),
  subsidyPolicyDryRun: t.field({
    type: PolicyDryRunType,
    description:
      'Had this draft version been in force in `month` (YYYY-MM): claims, money, by county, and who gains or loses against the version then in force. Refused as publishing would be; nothing is written.',
    authScopes: { role: ['HR_APPROVER', 'ADMIN'] },
    errors: { types: [InputValidationError, ForbiddenError] },
    args: { input: t.arg({ type: PublishPolicyInput }), month: t.arg.string({ validate: MonthArg }) },
    resolve: (_root, { input, month }, ctx) => subsidyPolicyDryRun(ctx, input, month),
  }),
  subsidyClaims: t.prismaConnection({
    type: 'SubsidyClaim',
    cursor: 'id',
    description:
      'Claims the viewer may see, filtered: the review queue for bureaus, own claims for caregivers and institutions, status for tokens.',
    authScopes: { loggedIn: true, tokenScope: 'subsidies:read' },
    args: {
      status: t.arg({ type: [ClaimStatus], required: false }),
      kind: t.arg({ type: SubsidyKind, required: false }),
      regionCode: t.arg.string({ required: false, validate: RegionCodeArg }),
      month: t.arg.string({ required: false, validate: MonthArg }),
      caregiverId: t.arg.globalID({ required: false, for: CaregiverNode }),
      institutionId: t.arg.globalID({ required: false, for: OrganisationNode }),
      reference: t.arg.string({ required: false, validate: z.string().max(30) }),
    },
    totalCount: async (_root, args, ctx) => prisma.subsidyClaim.count({ where: await claimListWhere(args, ctx) }),
    resolve: async (query, _root, args, ctx) =>
      prisma.subsidyClaim.findMany({ ...query, where: await claimListWhere(args, ctx), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  }),
  claimEvidenceFile: t.field({
    type: EvidenceFileType,
    nullable: true,
    description: 'The content of an evidence file, for someone who may read its claim (null otherwise).',
    authScopes: { loggedIn: true },
    args: { evidenceId: t.arg.id() },
    resolve: (_root, args, ctx) =>
      claimEvidenceFile(ctx, String(args.evidenceId), claimWhereFor(ctx.viewer)).catch((e: unknown) =>
        e instanceof NotFoundError ? null : Promise.reject(e),
      ),
  }),
  monthlyRoster: t.field({
    type: RosterType,
    description: 'The roster of an institution for a month (staff edit and confirm it; bureaus read it).',
    authScopes: { role: ['INSTITUTION_STAFF', 'ADMIN', 'HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER'] },
    args: { institutionId: t.arg.globalID({ for: OrganisationNode }), month: t.arg.string({ validate: MonthArg }) },
    resolve: (_root, args, ctx) => monthlyRoster(ctx, args.institutionId.id, new Date(`${args.month}-01T00:00:00Z`)),
  }),
  monthlyRosterSummary: t.field({
    type: RosterSummaryType,
    description: 'What confirming the roster would produce from its saved lines: people, amount, exclusions by rule.',
    authScopes: { role: ['INSTITUTION_STAFF', 'ADMIN', 'HR_REVIEWER', 'HR_APPROVER', 'FINANCE_OFFICER'] },
    args: { institutionId: t.arg.globalID({ for: OrganisationNode }), month: t.arg.string({ validate: MonthArg }) },
    resolve: (_root, args, ctx) => monthlyRosterSummary(ctx, args.institutionId.id, new Date(`${args.month}-01T00:00:00Z`)),
  }),
  paymentBatches: t.prismaConnection({
    type: 'PaymentBatch',
    cursor: 'id',
    authScopes: { loggedIn: true, tokenScope: 'subsidies:read' },
    totalCount: (_root, _args, ctx) => prisma.paymentBatch.count({ where: batchWhereFor(ctx.viewer) }),
    resolve: (query, _root, _args, ctx) =>
      prisma.paymentBatch.findMany({ ...query, where: batchWhereFor(ctx.viewer), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
  payableSummary: t.field({
    type: PayableSummaryType,
    description: 'What finance could put in a batch now for a region.',
    authScopes: { role: ['FINANCE_OFFICER', 'ADMIN'] },
    args: { regionCode: t.arg.string({ validate: RegionCodeArg }) },
    resolve: async (_root, args, ctx) => {
      const region = await prisma.region.findUnique({ where: { code: args.regionCode }, select: { path: true } });
      if (!region || !holdsRoleFor(ctx.viewer, 'FINANCE_OFFICER', region.path)) throw new ForbiddenError();
      const where = { status: 'PAYABLE' as const, claim: { region: { path: { startsWith: region.path } } } };
      const [withAccount, without] = await Promise.all([
        prisma.instalment.aggregate({
          where: { ...where, claim: { ...where.claim, caregiver: { bankAccountMasked: { not: null } } } },
          _count: true,
          _sum: { amountFen: true },
        }),
        prisma.instalment.count({ where: { ...where, claim: { ...where.claim, caregiver: { bankAccountMasked: null } } } }),
      ]);
      return { count: withAccount._count, totalFen: withAccount._sum.amountFen ?? 0, withoutAccount: without };
    },
  }),
  fundDashboard: t.field({
    type: FundDashboardType,
    authScopes: { role: ['FINANCE_OFFICER', 'HR_APPROVER', 'HR_REVIEWER', 'ADMIN'] },
    args: { regionCode: t.arg.string({ validate: RegionCodeArg }), year: t.arg.int({ validate: z.number().int().min(2000).max(2100) }) },
    resolve: async (_root, args, ctx) => {
      const region = await prisma.region.findUnique({ where: { code: args.regionCode }, select: { path: true } });
      if (!region) throw InputValidationError.at(['regionCode'], 'REGION_UNKNOWN');
      const allowed = (['FINANCE_OFFICER', 'HR_APPROVER', 'HR_REVIEWER'] as const).some((role) =>
        holdsRoleFor(ctx.viewer, role, region.path),
      );
      if (!allowed) throw new ForbiddenError();
      return fundDashboard(region.path, args.year, todayInChina());
    },
  }),
}));
