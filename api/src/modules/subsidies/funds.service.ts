import { prisma, type Tx } from '../../db/client.ts';
import { holdsRoleFor } from '../../shared/access.ts';
import type { Context } from '../../graphql/context.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { ForbiddenError, InputValidationError } from '../../graphql/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { ancestorPaths } from '../regions/region-paths.ts';
import { formatYuan } from '../../shared/money.ts';
import type { TCreateFundSourceInput, TSaveBankFileLayoutInput, TSetEnvelopeInput, TUpdateFundPaymentInput } from './subsidies.schemas.ts';

import { EnvelopeExhaustedError } from './subsidies.errors.ts';

/**
 * Commits `amountFen` against the first envelope of the policy's funds (in priority order) for `year`
 * that has room. The room is checked in the UPDATE that takes it, under the row lock, so concurrent
 * approvals can never together pass the budget; a CHECK on the table is the last line.
 */
export async function commitToEnvelope(
  tx: Tx,
  policy: { funds: { fundSourceId: string }[] },
  year: number,
  amountFen: number,
): Promise<string> {
  for (const fund of policy.funds) {
    const taken = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "FundEnvelope" SET "committedFen" = "committedFen" + ${amountFen}, "updatedAt" = now()
      WHERE "fundSourceId" = ${fund.fundSourceId}::uuid AND year = ${year} AND "committedFen" + ${amountFen} <= "amountFen"
      RETURNING id`;
    if (taken[0]) return taken[0].id;
  }
  throw new EnvelopeExhaustedError(year, amountFen);
}

/** Gives back a commitment that will never be paid (a forfeited instalment, a revoked or rejected approval). */
export async function releaseFromEnvelope(tx: Tx, envelopeId: string | null, amountFen: number): Promise<void> {
  if (!envelopeId || amountFen <= 0) return;
  await tx.$executeRaw`UPDATE "FundEnvelope" SET "committedFen" = "committedFen" - ${amountFen}, "updatedAt" = now() WHERE id = ${envelopeId}::uuid`;
}

/** Records money leaving an envelope when the bank confirms a payment. */
export async function recordEnvelopePayment(tx: Tx, envelopeId: string | null, amountFen: number): Promise<void> {
  if (!envelopeId) return;
  await tx.$executeRaw`UPDATE "FundEnvelope" SET "paidFen" = "paidFen" + ${amountFen}, "updatedAt" = now() WHERE id = ${envelopeId}::uuid`;
}

export type FundDashboard = {
  year: number;
  envelopes: {
    id: string;
    fundCode: string;
    fundName: string;
    fundKind: string;
    amountFen: bigint;
    committedFen: bigint;
    paidFen: bigint;
  }[];
  /** Cumulative paid and committed at the end of each month of the year so far. */
  months: { month: string; paidFen: bigint; committedFen: bigint }[];
  /** Claims submitted or reviewed but not yet approved: what approvals would still commit. */
  pipelineFen: bigint;
  /** Average committed per month over the last three full months, carried to December. */
  runRateFen: bigint;
  forecastYearEndFen: bigint;
};

/**
 * Burn-down and forecast of the envelopes of the region's fund sources for a year. The forecast is
 * what is committed, plus claims in the pipeline, plus the recent monthly rate for the months left.
 */
export async function fundDashboard(regionPath: string, year: number, today: Date): Promise<FundDashboard> {
  const envelopes = await prisma.fundEnvelope.findMany({
    where: { year, fundSource: { region: { path: { startsWith: regionPath } } } },
    include: { fundSource: true },
    orderBy: { fundSource: { code: 'asc' } },
  });
  const ids = envelopes.map((e) => e.id);
  const [paid, committed, pipeline] = await Promise.all([
    prisma.$queryRaw<{ month: string; fen: bigint }[]>`
      SELECT to_char(l."answeredAt" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, sum(l."amountFen")::bigint AS fen
      FROM "PaymentLine" l JOIN "Instalment" i ON i.id = l."instalmentId" JOIN "SubsidyClaim" c ON c.id = i."claimId"
      WHERE l.status = 'PAID' AND c."envelopeId" = ANY(${ids}::uuid[]) GROUP BY 1`,
    prisma.$queryRaw<{ month: string; fen: bigint }[]>`
      SELECT to_char(c."approvedAt" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
             sum(c."amountFen" - coalesce((SELECT sum(f."amountFen") FROM "Instalment" f WHERE f."claimId" = c.id AND f.status = 'FORFEITED'), 0))::bigint AS fen
      FROM "SubsidyClaim" c WHERE c."envelopeId" = ANY(${ids}::uuid[]) GROUP BY 1`,
    prisma.subsidyClaim.aggregate({
      where: { status: { in: ['SUBMITTED', 'REVIEWED'] }, region: { path: { startsWith: regionPath } } },
      _sum: { amountFen: true },
    }),
  ]);
  const lastMonth = today.getUTCFullYear() === year ? today.getUTCMonth() + 1 : today.getUTCFullYear() > year ? 12 : 0;
  const months: FundDashboard['months'] = [];
  let paidSoFar = 0n;
  let committedSoFar = 0n;
  for (let m = 1; m <= lastMonth; m++) {
    const key = `${year}-${String(m).padStart(2, '0')}`;
    paidSoFar += paid.find((p) => p.month === key)?.fen ?? 0n;
    committedSoFar += committed.find((c) => c.month === key)?.fen ?? 0n;
    months.push({ month: key, paidFen: paidSoFar, committedFen: committedSoFar });
  }
  const recent = [lastMonth - 1, lastMonth - 2, lastMonth - 3].filter((m) => m >= 1);
  const runRateFen = recent.length
    ? recent.reduce((sum, m) => sum + (committed.find((c) => c.month === `${year}-${String(m).padStart(2, '0')}`)?.fen ?? 0n), 0n) /
      BigInt(recent.length)
    : 0n;
  const committedTotal = envelopes.reduce((sum, e) => sum + e.committedFen, 0n);
  const pipelineFen = BigInt(pipeline._sum.amountFen ?? 0);
  return {
    year,
    envelopes: envelopes.map((e) => ({
      id: e.id,
      fundCode: e.fundSource.code,
      fundName: e.fundSource.name,
      fundKind: e.fundSource.kind,
      amountFen: e.amountFen,
      committedFen: e.committedFen,
      paidFen: e.paidFen,
    })),
    months,
    pipelineFen,
    runRateFen,
    forecastYearEndFen: committedTotal + pipelineFen + runRateFen * BigInt(Math.max(0, 12 - lastMonth)),
  };
}

/** Sets a fund's budget for a year; it may not drop below what approvals have committed already. */
export async function setFundEnvelope(ctx: Context, input: TSetEnvelopeInput) {
  const fund = await prisma.fundSource.findUnique({ where: { code: input.fundCode }, include: { region: { select: { path: true } } } });
  if (!fund) throw InputValidationError.at(['input', 'fundCode'], 'FUND_UNKNOWN');
  if (!holdsRoleFor(ctx.viewer, 'FINANCE_OFFICER', fund.region.path)) throw new ForbiddenError('FINANCE_OF_REGION_ONLY');
  const amountFen = BigInt(Math.round(input.amountYuan * 100));
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "FundEnvelope" WHERE "fundSourceId" = ${fund.id}::uuid AND year = ${input.year} FOR UPDATE`;
    const before = await tx.fundEnvelope.findUnique({ where: { fundSourceId_year: { fundSourceId: fund.id, year: input.year } } });
    if (before && before.committedFen > amountFen)
      throw InputValidationError.at(['input', 'amountYuan'], 'BELOW_COMMITTED', { committedYuan: formatYuan(before.committedFen) });
    const envelope = await tx.fundEnvelope.upsert({
      where: { fundSourceId_year: { fundSourceId: fund.id, year: input.year } },
      create: { fundSourceId: fund.id, year: input.year, amountFen },
      update: { amountFen },
    });
    await recordAudit(tx, ctx, {
      action: 'fund.setEnvelope',
      entityType: 'FundEnvelope',
      entityId: envelope.id,
      before,
      after: { ...envelope, reason: input.reason },
    });
    return envelope;
  });
}

/** Registers a budget line of a region; its envelopes are set year by year. */
export async function createFundSource(ctx: Context, input: TCreateFundSourceInput) {
  const region = await prisma.region.findUnique({ where: { code: input.regionCode }, select: { id: true, path: true } });
  if (!region) throw InputValidationError.at(['input', 'regionCode'], 'REGION_UNKNOWN');
  if (!holdsRoleFor(ctx.viewer, 'FINANCE_OFFICER', region.path)) throw new ForbiddenError('FINANCE_OF_REGION_ONLY');
  return prisma.$transaction(async (tx) => {
    if (await tx.fundSource.findUnique({ where: { code: input.code }, select: { id: true } }))
      throw InputValidationError.at(['input', 'code'], 'FUND_CODE_TAKEN', { code: input.code });
    const fund = await tx.fundSource.create({ data: { code: input.code, name: input.name, kind: input.kind, regionId: region.id } });
    await recordAudit(tx, ctx, { action: 'fund.createSource', entityType: 'FundSource', entityId: fund.id, after: fund });
    return fund;
  });
}

/** Sets the account a fund pays from (the finance bureau's) and the bank layout its batches are exported in; audited. */
export async function updateFundPayment(ctx: Context, input: TUpdateFundPaymentInput) {
  const fund = await prisma.fundSource.findUnique({ where: { code: input.fundCode }, include: { region: { select: { path: true } } } });
  if (!fund) throw InputValidationError.at(['input', 'fundCode'], 'FUND_UNKNOWN');
  if (!holdsRoleFor(ctx.viewer, 'FINANCE_OFFICER', fund.region.path)) throw new ForbiddenError('FINANCE_OF_REGION_ONLY');
  if (input.bankFileLayoutId && !(await prisma.bankFileLayout.findUnique({ where: { id: input.bankFileLayoutId }, select: { id: true } })))
    throw InputValidationError.at(['input', 'bankFileLayoutId'], 'BANK_LAYOUT_UNKNOWN');
  return prisma.$transaction(async (tx) => {
    const data = {
      payerAccount: input.payerAccount,
      payerName: input.payerName,
      payerBank: input.payerBank || null,
      bankFileLayoutId: input.bankFileLayoutId ?? null,
    };
    const updated = await tx.fundSource.update({ where: { id: fund.id }, data });
    const { region: _, ...before } = fund;
    await recordAudit(tx, ctx, { action: 'fund.updatePayment', entityType: 'FundSource', entityId: fund.id, before, after: data });
    return updated;
  });
}

/**
 * Adds a bank's 代发 layout or changes one, by its code (admin only: layouts are shared by every
 * region's finance bureau). Batches exported afterwards use the new columns; audited before and after.
 */
export async function saveBankFileLayout(ctx: Context, input: TSaveBankFileLayoutInput) {
  return prisma.$transaction(async (tx) => {
    const before = await tx.bankFileLayout.findUnique({ where: { code: input.code } });
    const data = { bankName: input.bankName, name: input.name, format: input.format, totalRow: input.totalRow, columns: input.columns };
    const saved = await tx.bankFileLayout.upsert({ where: { code: input.code }, create: { code: input.code, ...data }, update: data });
    await recordAudit(tx, ctx, {
      action: before ? 'bankFileLayout.update' : 'bankFileLayout.create',
      entityType: 'BankFileLayout',
      entityId: saved.id,
      ...(before ? { before } : {}),
      after: { code: saved.code, ...data },
    });
    return saved;
  });
}

/** The fund sources of a region's subtree and its ancestors (a county's claims may draw on the city's funds). */
export function fundSourcesFor(regionPath: string, query: Pick<Prisma.FundSourceFindManyArgs, 'select' | 'include'> = {}) {
  return prisma.fundSource.findMany({
    ...query,
    where: { OR: [{ region: { path: { startsWith: regionPath } } }, { region: { path: { in: ancestorPaths(regionPath) } } }] },
    orderBy: { code: 'asc' },
  });
}
