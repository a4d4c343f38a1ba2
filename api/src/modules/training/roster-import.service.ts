import { createHash } from 'node:crypto';
import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { DomainError, ForbiddenError, InputValidationError } from '../../graphql/errors.ts';
import type { JobContext } from '../../jobs/define-job.ts';
import { kickOutbox, stageJob } from '../../jobs/outbox.ts';
import { readCells } from '../../files/spreadsheet-cells.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { decryptSecret, encryptSecret } from '../caregivers/field-encryption.ts';
import { maskResidentId } from '../caregivers/resident-id.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { importRosterJob } from './training.jobs.ts';
import {
  REJECTED_ROWS_KEPT,
  RowRejection,
  rowIssue,
  rowKind,
  type ImportTarget,
  type RejectedRow,
  type RowIssue,
} from '../../shared/row-import.ts';
import type { TStartRosterImportInput } from './training.schemas.ts';

const PROGRESS_EVERY = 20;

/**
 * Accepts a roster file and stages its import as a background job. The file is kept encrypted (it
 * carries ID numbers) until the job has run; students files need a class of the viewer's college,
 * attendance files a provider.
 */
export async function startRosterImport(ctx: Context, input: TStartRosterImportInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const userId = ctx.viewer.userId;
  const kind = rowKind(input.kind);
  const { organisationId, classId } = await kind.target(ctx, input);
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw InputValidationError.at(['input', 'contentBase64'], 'FILE_EMPTY');
  // Reading it now answers a broken file at once rather than in the job's report.
  const cells = await readCells(input.fileName, content);
  const header = (cells[0]?.cells ?? []).map((h) => kind.headers[h.trim().toLowerCase()] ?? kind.headers[h.trim()]);
  const missing = kind.required.filter((f) => !header.includes(f));
  if (missing.length) {
    const names = missing.map((f) => Object.entries(kind.headers).find(([, v]) => v === f)![0]);
    throw InputValidationError.at(['input', 'contentBase64'], 'HEADER_MISSING', { fields: missing.join(','), columns: names.join(',') });
  }
  const imp = await prisma.$transaction(async (tx) => {
    const created = await tx.rosterImport.create({
      data: {
        kind: input.kind,
        organisationId,
        classId,
        fileName: input.fileName,
        sha256: createHash('sha256').update(content).digest('hex'),
        contentCipher: encryptSecret(content.toString('base64')),
        createdById: userId,
        rows: cells.length - 1,
      },
    });
    const job = await stageJob(
      tx,
      importRosterJob,
      { importId: created.id },
      { key: `${importRosterJob.name}:${created.id}`, createdById: userId },
    );
    await recordAudit(tx, ctx, {
      action: 'roster.import',
      entityType: 'RosterImport',
      entityId: created.id,
      after: { kind: input.kind, fileName: input.fileName, sha256: created.sha256, rows: created.rows, classId },
    });
    return tx.rosterImport.update({ where: { id: created.id }, data: { jobId: job.id } });
  });
  kickOutbox();
  return imp;
}

/** Where a refusal points: the last named field of an input path. */
const fieldOf = (path: readonly string[]) => path.findLast((p) => !/^\d+$/.test(p) && p !== 'input') ?? 'row';

/**
 * The job: reads the file, rejects bad and repeated rows with the reason, writes each good row in its
 * own transaction (a refused row never undoes another), reports progress, and stores the report. A
 * finished import is never run again, so a job delivered twice has no second effect; importing the
 * same file again writes nothing new, every row being 'unchanged'.
 */
export async function runRosterImport(importId: string, job: JobContext) {
  const imp = await prisma.rosterImport.findUniqueOrThrow({ where: { id: importId } });
  if (imp.finishedAt || !imp.contentCipher)
    return { imported: imp.imported, unchanged: imp.unchanged, rejected: (imp.rows ?? 0) - imp.imported - imp.unchanged };
  const kind = rowKind(imp.kind);
  const cells = await readCells(imp.fileName, Buffer.from(decryptSecret(imp.contentCipher), 'base64'));
  const [head, ...body] = cells;
  const fieldsByColumn = (head?.cells ?? []).map((h) => kind.headers[h.trim().toLowerCase()] ?? kind.headers[h.trim()]);
  const columnOf = (field: string) => head?.cells[fieldsByColumn.indexOf(field)]?.trim() ?? field;
  const rejected: RejectedRow[] = [];
  const ctx = { viewer: null, requestId: `job:${job.jobId}` };
  const target: ImportTarget = { importId, organisationId: imp.organisationId, classId: imp.classId, createdById: imp.createdById };
  const seen = new Map<string, number>();
  let imported = 0;
  let unchanged = 0;
  for (const [i, { line, cells: rowCells }] of body.entries()) {
    const raw: Record<string, string> = {};
    fieldsByColumn.forEach((f, c) => f && (raw[f] = rowCells[c]?.trim() ?? ''));
    const reject = ({ field, code, params, message }: RowIssue) => {
      const value = raw[field] ?? '';
      if (rejected.length < REJECTED_ROWS_KEPT)
        rejected.push({
          row: line,
          column: columnOf(field),
          value: kind.secret.includes(field) && value.length >= 8 ? maskResidentId(value) : value.slice(0, 100),
          code,
          params,
          message,
        });
    };
    const parsed = kind.parse(raw);
    if (!parsed.ok) parsed.issues.forEach(reject);
    else if (seen.has(parsed.key)) reject(rowIssue('row', 'DUPLICATE_ROW', { row: seen.get(parsed.key)! }));
    else {
      seen.set(parsed.key, line);
      try {
        const outcome = await prisma.$transaction((tx) => kind.write(tx, ctx, parsed.value, target), { timeout: 20_000 });
        if (outcome === 'imported') imported++;
        else unchanged++;
      } catch (error) {
        if (error instanceof RowRejection) reject({ field: error.field, code: error.code, params: error.params, message: error.message });
        else if (error instanceof InputValidationError)
          error.fields.forEach((f) =>
            reject({ field: fieldOf(f.path), code: f.code ?? 'INVALID', params: f.params ?? {}, message: f.message }),
          );
        else if (error instanceof DomainError)
          reject({
            field: 'row',
            code: typeof error.params.reason === 'string' ? error.params.reason : error.code,
            params: error.params,
            message: error.message,
          });
        else throw error;
      }
    }
    if ((i + 1) % PROGRESS_EVERY === 0 || i === body.length - 1) await job.reportProgress(i + 1, body.length);
  }
  const rejectedCount = body.length - imported - unchanged;
  await prisma.$transaction(async (tx) => {
    // Only the run that finishes the import tells its starter, so a job delivered twice tells once.
    const finished = await tx.rosterImport.updateMany({
      where: { id: importId, finishedAt: null },
      data: { imported, unchanged, rejectedRows: rejected, finishedAt: new Date(), contentCipher: null },
    });
    if (finished.count === 0) return;
    await emitEvent(tx, {
      code: 'import.finished',
      subjectType: 'RosterImport',
      subjectId: importId,
      userId: imp.createdById,
      audience: ['INITIATOR'],
      params: { kind: imp.kind, imported, unchanged, rejected: rejectedCount },
    });
  });
  return { imported, unchanged, rejected: rejectedCount };
}
