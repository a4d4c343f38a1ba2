import { createHash } from 'node:crypto';
import { prisma, type Tx } from '../../db/client.ts';
import { runSerializable } from '../../db/serializable.ts';
import { readCells } from '../../files/spreadsheet-cells.ts';
import type { Context } from '../../graphql/context.ts';
import type { ErrorParams } from '../../graphql/errors.ts';
import { ForbiddenError, InputValidationError, NotFoundError, WrongStateError } from '../../graphql/errors.ts';
import type { JobContext } from '../../jobs/define-job.ts';
import { kickOutbox, stageJob } from '../../jobs/outbox.ts';
import { holdsRoleFor } from '../../shared/access.ts';
import { todayInChina } from '../../shared/china-time.ts';
import { formatYuan } from '../../shared/money.ts';
import { REJECTED_ROWS_KEPT, rowIssue } from '../../shared/row-import.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireRecentAuthentication } from '../auth/auth.service.ts';
import { decryptSecret, encryptSecret } from '../caregivers/field-encryption.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { writeBankFile, ZBankFileColumns } from './bank-file.ts';
import { recordEnvelopePayment } from './funds.service.ts';
import { importBankReturnJob } from './subsidies.jobs.ts';
import type { TCreatePaymentBatchInput, TImportBankReturnInput } from './subsidies.schemas.ts';

/** Most lines one batch takes; the bank's bulk templates accept a few thousand. */
export const BATCH_MAX_LINES = 5000;

export type RowIssue = { row: number; field: string; message: string; code?: string; params?: ErrorParams };
const issue = (row: number, field: string, code: string, params: ErrorParams = {}): RowIssue => ({ row, ...rowIssue(field, code, params) });

async function financeBatch(db: Pick<Tx, 'paymentBatch'>, ctx: Context, batchId: string) {
  const batch = await db.paymentBatch.findUnique({ where: { id: batchId }, include: { region: { select: { path: true } } } });
  if (!batch || !holdsRoleFor(ctx.viewer, 'FINANCE_OFFICER', batch.region.path)) throw new NotFoundError('PaymentBatch');
  return batch;
}

/**
 * Builds a batch from the region's payable instalments whose payee has a bank account. Retrying with
 * the same idempotency key returns the batch already built; a SERIALIZABLE transaction (retried on
 * conflict) and a partial unique index on the lines keep an instalment out of two live batches.
 */
export async function createPaymentBatch(ctx: Context, input: TCreatePaymentBatchInput) {
  const viewer = requireRecentAuthentication(ctx);
  const region = await prisma.region.findUnique({ where: { code: input.regionCode } });
  if (!region) throw InputValidationError.at(['input', 'regionCode'], 'REGION_UNKNOWN', { code: input.regionCode });
  if (!holdsRoleFor(ctx.viewer, 'FINANCE_OFFICER', region.path)) throw new ForbiddenError('FINANCE_OF_REGION_ONLY');
  const existing = await prisma.paymentBatch.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
  if (existing) {
    if (existing.createdById !== viewer.userId) throw new WrongStateError('IDEMPOTENCY_KEY_TAKEN');
    return existing;
  }
  const year = todayInChina().getUTCFullYear();
  try {
    return await runSerializable(async (tx) => {
      const instalments = await tx.instalment.findMany({
        where: {
          status: 'PAYABLE',
          claim: {
            region: { path: { startsWith: region.path } },
            caregiver: { bankAccountMasked: { not: null } },
            ...(input.claimIds?.length ? { id: { in: input.claimIds } } : {}),
          },
        },
        orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
        take: BATCH_MAX_LINES,
        select: { id: true, amountFen: true },
      });
      if (instalments.length === 0) throw new WrongStateError('NOTHING_PAYABLE');
      const [next] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('payment_batch_reference_seq') AS n`;
      const totalFen = instalments.reduce((sum, i) => sum + BigInt(i.amountFen), 0n);
      const batch = await tx.paymentBatch.create({
        data: {
          reference: `PB-${year}-${String(next!.n).padStart(4, '0')}`,
          regionId: region.id,
          idempotencyKey: input.idempotencyKey,
          lineCount: instalments.length,
          totalFen,
          createdById: viewer.userId,
          lines: { create: instalments.map((i, index) => ({ instalmentId: i.id, lineNo: index + 1, amountFen: i.amountFen })) },
        },
      });
      const taken = await tx.instalment.updateMany({
        where: { id: { in: instalments.map((i) => i.id) }, status: 'PAYABLE' },
        data: { status: 'IN_BATCH' },
      });
      if (taken.count !== instalments.length) throw new WrongStateError('PAYABLE_CHANGED');
      await recordAudit(tx, ctx, {
        action: 'payment.createBatch',
        entityType: 'PaymentBatch',
        entityId: batch.id,
        after: { reference: batch.reference, lineCount: batch.lineCount, totalFen, idempotencyKey: input.idempotencyKey },
      });
      return batch;
    });
  } catch (error) {
    // The same key raced in from a second request: answer with the batch the first one built.
    const raced = await prisma.paymentBatch.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
    if (raced && raced.createdById === viewer.userId) return raced;
    throw error;
  }
}

/**
 * The layout a batch is exported in: the one finance picked at export, else the one set on the fund
 * the batch's first line is paid from, else the first layout by code.
 */
async function bankFileLayoutFor(layoutId: string | null | undefined, fundLayoutId: string | null | undefined) {
  if (layoutId) {
    const chosen = await prisma.bankFileLayout.findUnique({ where: { id: layoutId } });
    if (!chosen) throw InputValidationError.at(['layoutId'], 'BANK_LAYOUT_UNKNOWN');
    return chosen;
  }
  const layout =
    (fundLayoutId ? await prisma.bankFileLayout.findUnique({ where: { id: fundLayoutId } }) : null) ??
    (await prisma.bankFileLayout.findFirst({ orderBy: { code: 'asc' } }));
  if (!layout) throw InputValidationError.at(['layoutId'], 'BANK_LAYOUT_UNKNOWN');
  return layout;
}

/**
 * The bank file of a batch in a bank's bulk-payment (代发) layout, paid from each line's fund account
 * (account numbers decrypted for the bank only); the export is audited without them. A fund without
 * its paying account refuses the export (the bank would reject the file).
 */
export async function exportPaymentBatch(ctx: Context, batchId: string, format: 'csv' | 'xlsx' | null, layoutId?: string | null) {
  requireRecentAuthentication(ctx);
  const batch = await financeBatch(prisma, ctx, batchId);
  const lines = await prisma.paymentLine.findMany({
    where: { batchId },
    orderBy: { lineNo: 'asc' },
    include: {
      instalment: {
        include: {
          claim: {
            include: {
              caregiver: { select: { name: true, bankAccountCipher: true, bankName: true } },
              policy: { select: { nameZh: true } },
              envelope: {
                select: {
                  fundSource: { select: { code: true, payerAccount: true, payerName: true, payerBank: true, bankFileLayoutId: true } },
                },
              },
            },
          },
        },
      },
    },
  });
  const layout = await bankFileLayoutFor(layoutId, lines[0]?.instalment.claim.envelope?.fundSource.bankFileLayoutId);
  const unpayable = lines.find(
    (l) => !l.instalment.claim.envelope?.fundSource.payerAccount || !l.instalment.claim.envelope.fundSource.payerName,
  );
  if (unpayable) throw new WrongStateError('PAYER_ACCOUNT_MISSING', { fund: unpayable.instalment.claim.envelope?.fundSource.code ?? '' });
  const fileFormat = format ? (format === 'csv' ? 'CSV' : 'XLSX') : layout.format;
  const content = await writeBankFile(
    lines.map((l) => {
      const { caregiver, policy, reference, envelope } = l.instalment.claim;
      const fund = envelope!.fundSource;
      return {
        reference: `${batch.reference}-${l.lineNo}`,
        payerAccount: fund.payerAccount!,
        payerName: fund.payerName!,
        payerBank: fund.payerBank ?? '',
        payee: caregiver.name,
        account: caregiver.bankAccountCipher ? decryptSecret(caregiver.bankAccountCipher) : '',
        bank: caregiver.bankName ?? '',
        amountFen: l.amountFen,
        purpose: `${policy.nameZh} ${reference}${l.instalment.afterYears ? ` 第${l.instalment.seq}期` : ''}`,
      };
    }),
    { columns: ZBankFileColumns.parse(layout.columns), format: layout.format, totalRow: layout.totalRow },
    fileFormat,
  );
  const extension = fileFormat === 'CSV' ? 'csv' : 'xlsx';
  await prisma.$transaction((tx) =>
    recordAudit(tx, ctx, {
      action: 'payment.exportBatch',
      entityType: 'PaymentBatch',
      entityId: batch.id,
      after: { format: extension, layout: layout.code, lines: lines.length },
    }),
  );
  return { fileName: `${batch.reference}-${layout.code}.${extension}`, content, format: extension };
}

export const BANK_RETURN_HEADERS: Record<string, 'reference' | 'status' | 'amount' | 'reason'> = {
  业务参考号: 'reference',
  reference: 'reference',
  状态: 'status',
  处理结果: 'status',
  status: 'status',
  '金额(元)': 'amount',
  金额: 'amount',
  amount: 'amount',
  失败原因: 'reason',
  备注: 'reason',
  reason: 'reason',
};
export const BANK_RETURN_REQUIRED = ['reference', 'status', 'amount'] as const;
const PAID_WORDS = new Set(['成功', '已支付', 'SUCCESS', 'PAID', 'OK']);
const FAILED_WORDS = new Set(['失败', '退回', 'FAILED', 'FAIL', 'RETURNED']);

/** Yuan text to fen, exactly: "1,000.5" → 100050; anything else → null. */
function yuanToFen(text: string): number | null {
  const clean = text.replace(/,/g, '').trim();
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, cents = ''] = clean.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

export type BankReturnSummary = { paid: number; failed: number; unchanged: number; rejected: number; reconciled: boolean };
type Answer = { row: number; lineNo: number; paid: boolean; amountFen: number; reason: string | null };

/**
 * Accepts the bank's return file for a batch and stages its import as a background job. The same file
 * for the same batch again answers the import already made (or under way) and stages nothing. The file
 * is read here only to answer a broken file or a missing column at once; it is kept encrypted (it names
 * payees) until its job has run.
 */
export async function startBankReturnImport(ctx: Context, input: TImportBankReturnInput) {
  const viewer = requireRecentAuthentication(ctx);
  const batch = await financeBatch(prisma, ctx, input.batchId);
  const content = Buffer.from(input.contentBase64, 'base64');
  const sha256 = createHash('sha256').update(content).digest('hex');
  const known = await prisma.bankReturnFile.findUnique({ where: { batchId_sha256: { batchId: batch.id, sha256 } } });
  if (known) return known;
  const [header, ...body] = await readCells(input.fileName, content);
  const columns = columnsOf(header?.cells);
  const missing = BANK_RETURN_REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length) throw InputValidationError.at(['input', 'contentBase64'], 'HEADER_MISSING', { fields: missing.join(',') });
  try {
    const file = await prisma.$transaction(async (tx) => {
      const created = await tx.bankReturnFile.create({
        data: {
          batchId: batch.id,
          sha256,
          fileName: input.fileName,
          rows: body.length,
          contentCipher: encryptSecret(input.contentBase64),
          importedById: viewer.userId,
        },
      });
      const job = await stageJob(
        tx,
        importBankReturnJob,
        { fileId: created.id },
        { key: `${importBankReturnJob.name}:${created.id}`, createdById: viewer.userId },
      );
      await recordAudit(tx, ctx, {
        action: 'payment.uploadReturn',
        entityType: 'PaymentBatch',
        entityId: batch.id,
        after: { file: input.fileName, sha256, rows: body.length },
      });
      return tx.bankReturnFile.update({ where: { id: created.id }, data: { jobId: job.id } });
    });
    kickOutbox();
    return file;
  } catch (error) {
    // The same file raced in from a second request: answer with the import the first one staged.
    const raced = await prisma.bankReturnFile.findUnique({ where: { batchId_sha256: { batchId: batch.id, sha256 } } });
    if (raced) return raced;
    throw error;
  }
}

const columnsOf = (header: string[] | undefined) =>
  (header ?? []).map((h) => BANK_RETURN_HEADERS[h.trim()] ?? BANK_RETURN_HEADERS[h.trim().toLowerCase()]);

/**
 * The job: records the bank's answer per line. Paid lines pay their instalment (and the envelope),
 * failed lines put it back to payable for another batch; a line answered differently before is
 * reported, not overwritten. When every line is answered and the totals agree the batch is reconciled.
 * The answers and the file's "finished" mark are written in one SERIALIZABLE transaction that claims
 * the file first, and only a PENDING line is ever marked, so a job delivered twice, or twice at once,
 * or retried after a dropped connection, pays each line once.
 */
export async function runBankReturnImport(fileId: string, job: JobContext): Promise<BankReturnSummary> {
  const summaryOf = (f: {
    paidLines: number;
    failedLines: number;
    unchangedLines: number;
    rejectedCount: number;
    reconciled: boolean;
  }) => ({ paid: f.paidLines, failed: f.failedLines, unchanged: f.unchangedLines, rejected: f.rejectedCount, reconciled: f.reconciled });
  const file = await prisma.bankReturnFile.findUniqueOrThrow({ where: { id: fileId }, include: { batch: true } });
  if (file.finishedAt || !file.contentCipher) return summaryOf(file);
  const batch = file.batch;
  const [header, ...body] = await readCells(file.fileName, Buffer.from(decryptSecret(file.contentCipher), 'base64'));
  const columns = columnsOf(header?.cells);

  const rejected: RowIssue[] = [];
  const answers: Answer[] = [];
  for (const { line, cells } of body) {
    const raw: Record<string, string> = {};
    columns.forEach((c, i) => c && (raw[c] = (cells[i] ?? '').trim()));
    const match = new RegExp(`^${batch.reference}-(\\d+)$`).exec(raw.reference ?? '');
    if (!match) {
      rejected.push(issue(line, 'reference', 'NOT_A_LINE_OF_BATCH', { batch: batch.reference }));
      continue;
    }
    const status = (raw.status ?? '').toUpperCase();
    const paid = PAID_WORDS.has(status) ? true : FAILED_WORDS.has(status) ? false : null;
    if (paid === null) {
      rejected.push(issue(line, 'status', 'BANK_STATUS_UNKNOWN'));
      continue;
    }
    const amountFen = yuanToFen(raw.amount ?? '');
    if (amountFen === null) {
      rejected.push(issue(line, 'amount', 'NOT_AN_AMOUNT'));
      continue;
    }
    answers.push({ row: line, lineNo: Number(match[1]), paid, amountFen, reason: raw.reason || null });
  }
  await job.reportProgress(0, answers.length);

  const ctx = { viewer: null, requestId: `job:${job.jobId}` };
  const outcome = await runSerializable(async (tx) => {
    // Claims the file: a second run at once conflicts here and, retried, finds it finished.
    const claimed = await tx.bankReturnFile.updateMany({ where: { id: fileId, finishedAt: null }, data: { finishedAt: new Date() } });
    if (claimed.count === 0) return null;
    const result = { paid: 0, failed: 0, unchanged: 0 };
    const late: RowIssue[] = [];
    const current = await tx.paymentBatch.findUniqueOrThrow({ where: { id: batch.id } });
    const lines = await tx.paymentLine.findMany({
      where: { batchId: batch.id },
      include: {
        instalment: {
          include: {
            claim: {
              select: { id: true, envelopeId: true, caregiverId: true, reference: true, kind: true, region: { select: { path: true } } },
            },
          },
        },
      },
    });
    const byNo = new Map(lines.map((l) => [l.lineNo, l]));
    let paidFen = 0n;
    let failedFen = 0n;
    for (const a of answers) {
      const line = byNo.get(a.lineNo);
      if (!line) {
        late.push(issue(a.row, 'reference', 'NOT_A_LINE_OF_BATCH', { batch: batch.reference }));
        continue;
      }
      if (a.amountFen !== line.amountFen) {
        late.push(issue(a.row, 'amount', 'AMOUNT_MISMATCH', { expectedYuan: formatYuan(line.amountFen) }));
        continue;
      }
      const status = a.paid ? 'PAID' : 'FAILED';
      if (line.status !== 'PENDING') {
        if (line.status === status) result.unchanged++;
        else late.push(issue(a.row, 'status', 'LINE_ALREADY_RECORDED', { status: line.status }));
        continue;
      }
      // Only a PENDING line is marked, whatever this transaction read: the last guard against paying twice.
      const marked = await tx.paymentLine.updateMany({
        where: { id: line.id, status: 'PENDING' },
        data: { status, failureReason: a.paid ? null : (a.reason ?? '银行退回'), answeredAt: new Date() },
      });
      if (marked.count === 0) throw new WrongStateError('PAYABLE_CHANGED');
      line.status = status;
      if (a.paid) {
        await tx.instalment.update({ where: { id: line.instalmentId }, data: { status: 'PAID', paidAt: new Date() } });
        await recordEnvelopePayment(tx, line.instalment.claim.envelopeId, line.amountFen);
        const open = await tx.instalment.count({
          where: { claimId: line.instalment.claim.id, status: { in: ['SCHEDULED', 'PAYABLE', 'IN_BATCH'] } },
        });
        if (open === 0) await tx.subsidyClaim.update({ where: { id: line.instalment.claim.id }, data: { status: 'PAID' } });
        const claim = line.instalment.claim;
        await emitEvent(tx, {
          code: 'claim.paid',
          subjectType: 'SubsidyClaim',
          subjectId: claim.id,
          caregiverId: claim.caregiverId,
          regionPath: claim.region.path,
          audience: ['CAREGIVER'],
          params: {
            reference: claim.reference,
            kind: claim.kind,
            instalmentId: line.instalmentId,
            amountYuan: (line.amountFen / 100).toFixed(2),
            status: open === 0 ? 'PAID' : 'PART_PAID',
          },
        });
        paidFen += BigInt(line.amountFen);
        result.paid++;
      } else {
        await tx.instalment.update({ where: { id: line.instalmentId }, data: { status: 'PAYABLE' } });
        failedFen += BigInt(line.amountFen);
        result.failed++;
      }
    }
    const pending = lines.filter((l) => l.status === 'PENDING').length;
    const updated = await tx.paymentBatch.update({
      where: { id: batch.id },
      data: { paidFen: { increment: paidFen }, failedFen: { increment: failedFen } },
    });
    const reconciled = pending === 0 && updated.paidFen + updated.failedFen === updated.totalFen;
    if (reconciled && updated.status !== 'RECONCILED') {
      await tx.paymentBatch.update({ where: { id: batch.id }, data: { status: 'RECONCILED', reconciledAt: new Date() } });
      // Every line answered: the finance officers of the batch's region (and systems reading subsidies) hear the totals.
      const region = await tx.region.findUniqueOrThrow({ where: { id: batch.regionId }, select: { path: true } });
      await emitEvent(tx, {
        code: 'paymentBatch.finished',
        subjectType: 'PaymentBatch',
        subjectId: batch.id,
        regionPath: region.path,
        audience: ['FINANCE'],
        params: {
          reference: batch.reference,
          status: 'RECONCILED',
          lineCount: batch.lineCount,
          paidLines: lines.filter((l) => l.status === 'PAID').length,
          failedLines: lines.filter((l) => l.status === 'FAILED').length,
          paidYuan: (Number(updated.paidFen) / 100).toFixed(2),
          failedYuan: (Number(updated.failedFen) / 100).toFixed(2),
        },
      });
    }
    const all = [...rejected, ...late].sort((x, y) => x.row - y.row);
    const rejectedCount = new Set(all.map((r) => r.row)).size;
    await tx.bankReturnFile.update({
      where: { id: fileId },
      data: {
        paidLines: result.paid,
        failedLines: result.failed,
        unchangedLines: result.unchanged,
        rejectedRows: all.slice(0, REJECTED_ROWS_KEPT),
        rejectedCount,
        reconciled,
        contentCipher: null,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'payment.importReturn',
      entityType: 'PaymentBatch',
      entityId: batch.id,
      before: { status: current.status, paidFen: current.paidFen, failedFen: current.failedFen },
      after: {
        status: reconciled ? 'RECONCILED' : updated.status,
        paidFen: updated.paidFen,
        failedFen: updated.failedFen,
        file: file.fileName,
        sha256: file.sha256,
        importedById: file.importedById,
      },
    });
    await emitEvent(tx, {
      code: 'import.finished',
      subjectType: 'PaymentBatch',
      subjectId: batch.id,
      userId: file.importedById,
      audience: ['INITIATOR'],
      params: { kind: 'BANK_RETURN', importId: fileId, reference: batch.reference, ...result, rejected: rejectedCount, reconciled },
    });
    return { ...result, rejected: rejectedCount, reconciled };
  });
  if (!outcome) return summaryOf(await prisma.bankReturnFile.findUniqueOrThrow({ where: { id: fileId } }));
  await job.reportProgress(answers.length, answers.length);
  return outcome;
}
