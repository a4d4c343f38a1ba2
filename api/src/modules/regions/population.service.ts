import { createHash } from 'node:crypto';
import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { ForbiddenError, InputValidationError } from '../../graphql/errors.ts';
import { hasRole, membershipsWith, withinReach } from '../../graphql/viewer.ts';
import type { JobContext } from '../../jobs/define-job.ts';
import { kickOutbox, stageJob } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { emitEvent } from '../notifications/events.service.ts';
import { readCells } from '../../files/spreadsheet-cells.ts';
import { REJECTED_ROWS_KEPT, rowIssue, rowIssuesFromZod } from '../../shared/row-import.ts';
import type { ErrorParams } from '../../graphql/errors.ts';
import { importPopulationJob } from './regions.jobs.ts';
import { ZPopulationRow, type TImportPopulationInput, type TPopulationRow } from './regions.schemas.ts';

/** One refused row: the rule's code and parameters (e.g. POPULATION_YEAR_IN_FUTURE, maxYear); older reports have a message only. */
export type RowIssue = { row: number; field: string; message: string; code?: string; params?: ErrorParams };
export type PopulationImportSummary = { created: number; updated: number; unchanged: number; rejected: number };

// Header cells in the files statistics offices send, mapped to row fields.
export const POPULATION_HEADERS: Record<string, keyof TPopulationRow> = {
  region_code: 'regionCode',
  区划代码: 'regionCode',
  行政区划代码: 'regionCode',
  year: 'year',
  年份: 'year',
  age_band: 'ageBand',
  年龄段: 'ageBand',
  basis: 'basis',
  口径: 'basis',
  count: 'count',
  人数: 'count',
  老年人口: 'count',
  source: 'source',
  来源: 'source',
  数据来源: 'source',
};
export const POPULATION_REQUIRED = ['regionCode', 'year', 'ageBand', 'basis', 'count'] as const;
const PROGRESS_EVERY = 200;

const columnsOf = (header: string[] | undefined) =>
  (header ?? []).map((h) => POPULATION_HEADERS[h.trim()] ?? POPULATION_HEADERS[h.trim().toLowerCase()]);

/**
 * Accepts a population file and stages its import as a background job. The file is read here only to
 * answer a broken file or a missing column at once, and to refuse a file naming a region outside the
 * viewer's reach as a whole: a civil-affairs bureau records figures for its own region's subtree.
 */
export async function startPopulationImport(ctx: Context, input: TImportPopulationInput) {
  if (ctx.viewer?.kind !== 'user') throw new ForbiddenError();
  const viewer = ctx.viewer;
  const content = Buffer.from(input.contentBase64, 'base64');
  const cells = await readCells(input.fileName, content);
  const columns = columnsOf(cells[0]?.cells);
  const missing = POPULATION_REQUIRED.filter((f) => !columns.includes(f));
  if (missing.length) throw InputValidationError.at(['input', 'contentBase64'], 'HEADER_MISSING', { fields: missing.join(',') });
  if (!hasRole(viewer, 'ADMIN')) {
    const reach = membershipsWith(viewer, 'CIVIL_AFFAIRS_ANALYST').flatMap((m) => (m.regionPath ? [m.regionPath] : []));
    const codeColumn = columns.indexOf('regionCode');
    const codes = [...new Set(cells.slice(1).map((r) => r.cells[codeColumn]?.trim() ?? ''))].filter((c) => /^\d{6}$/.test(c));
    const named = await prisma.region.findMany({ where: { code: { in: codes } }, select: { code: true, path: true } });
    const outside = named.find((r) => !withinReach(reach, r.path));
    if (outside) throw new ForbiddenError('REGION_OUTSIDE_REACH', { code: outside.code });
  }
  const imp = await prisma.$transaction(async (tx) => {
    const created = await tx.populationImport.create({
      data: {
        fileName: input.fileName,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
        defaultSource: input.defaultSource ?? null,
        rows: cells.length - 1,
        createdById: viewer.userId,
      },
    });
    const job = await stageJob(
      tx,
      importPopulationJob,
      { importId: created.id },
      { key: `${importPopulationJob.name}:${created.id}`, createdById: viewer.userId },
    );
    await recordAudit(tx, ctx, {
      action: 'population.import',
      entityType: 'PopulationImport',
      entityId: created.id,
      after: { fileName: created.fileName, sha256: created.sha256, rows: created.rows },
    });
    return tx.populationImport.update({ where: { id: created.id }, data: { jobId: job.id } });
  });
  kickOutbox();
  return imp;
}

/**
 * The job: the good rows are written, each bad row is reported with its line number and field, and
 * nothing of a bad row is written. A figure for a region, year, band, basis and source that exists
 * already is replaced, the old count kept in the audit log; figures of other years or sources stay.
 * The rows and the import's "finished" mark are written in one transaction that first claims the
 * import, so a job delivered twice, even twice at once, applies the file once.
 */
export async function runPopulationImport(importId: string, job: JobContext): Promise<PopulationImportSummary> {
  const summaryOf = (i: { created: number; updated: number; unchanged: number; rejectedCount: number }) => ({
    created: i.created,
    updated: i.updated,
    unchanged: i.unchanged,
    rejected: i.rejectedCount,
  });
  const imp = await prisma.populationImport.findUniqueOrThrow({ where: { id: importId } });
  if (imp.finishedAt || !imp.content) return summaryOf(imp);
  const [header, ...body] = await readCells(imp.fileName, Buffer.from(imp.content));
  const columns = columnsOf(header?.cells);

  const rejected: RowIssue[] = [];
  const good: { row: number; value: TPopulationRow }[] = [];
  const seen = new Set<string>();
  for (const { line: row, cells } of body) {
    const raw: Record<string, string> = {};
    columns.forEach((field, i) => field && (raw[field] = cells[i] ?? ''));
    if (!raw.source?.trim() && imp.defaultSource) raw.source = imp.defaultSource;
    const parsed = ZPopulationRow.safeParse(raw);
    if (!parsed.success) {
      for (const issue of rowIssuesFromZod(parsed.error.issues)) rejected.push({ row, ...issue });
      continue;
    }
    const key = `${parsed.data.regionCode}/${parsed.data.year}/${parsed.data.ageBand}/${parsed.data.basis}/${parsed.data.source}`;
    if (seen.has(key)) rejected.push({ row, ...rowIssue('regionCode', 'DUPLICATE_ROW', {}) });
    else {
      seen.add(key);
      good.push({ row, value: parsed.data });
    }
  }

  const regions = await prisma.region.findMany({
    where: { code: { in: [...new Set(good.map((g) => g.value.regionCode))] } },
    select: { id: true, code: true },
  });
  const regionId = new Map(regions.map((r) => [r.code, r.id]));
  const known = good.filter(
    (g) =>
      regionId.has(g.value.regionCode) ||
      void rejected.push({ row: g.row, ...rowIssue('regionCode', 'REGION_UNKNOWN', { code: g.value.regionCode }) }),
  );
  const rejectedRowCount = new Set(rejected.map((r) => r.row)).size;

  const ctx = { viewer: null, requestId: `job:${job.jobId}` };
  const result = { created: 0, updated: 0, unchanged: 0 };
  const applied = await prisma.$transaction(
    async (tx) => {
      // Claims the import: a second run waits here for the first to commit, then finds it finished.
      const claimed = await tx.populationImport.updateMany({ where: { id: importId, finishedAt: null }, data: { finishedAt: new Date() } });
      if (claimed.count === 0) return false;
      const existing = await tx.elderlyPopulationStat.findMany({ where: { regionId: { in: [...regionId.values()] } } });
      const byKey = new Map(existing.map((e) => [`${e.regionId}/${e.year}/${e.ageBand}/${e.basis}/${e.source}`, e]));
      for (const [i, { value }] of known.entries()) {
        if (i % PROGRESS_EVERY === 0) await job.reportProgress(i, known.length);
        const id = regionId.get(value.regionCode)!;
        const before = byKey.get(`${id}/${value.year}/${value.ageBand}/${value.basis}/${value.source}`);
        if (before?.count === value.count) {
          result.unchanged++;
          continue;
        }
        const data = {
          regionId: id,
          year: value.year,
          ageBand: value.ageBand,
          basis: value.basis,
          source: value.source,
          count: value.count,
        };
        const saved = before
          ? await tx.elderlyPopulationStat.update({ where: { id: before.id }, data: { count: value.count } })
          : await tx.elderlyPopulationStat.create({ data });
        result[before ? 'updated' : 'created']++;
        await recordAudit(tx, ctx, {
          action: before ? 'population.update' : 'population.create',
          entityType: 'ElderlyPopulationStat',
          entityId: saved.id,
          before,
          after: { ...saved, importId },
        });
      }
      const kept = rejected.sort((a, b) => a.row - b.row).slice(0, REJECTED_ROWS_KEPT);
      await tx.populationImport.update({
        where: { id: importId },
        data: { ...result, rejectedRows: kept, rejectedCount: rejectedRowCount, content: null },
      });
      await emitEvent(tx, {
        code: 'import.finished',
        subjectType: 'PopulationImport',
        subjectId: importId,
        userId: imp.createdById,
        audience: ['INITIATOR'],
        params: { kind: 'POPULATION', ...result, rejected: rejectedRowCount },
      });
      return true;
    },
    { timeout: 120_000 },
  );
  if (!applied) return summaryOf(await prisma.populationImport.findUniqueOrThrow({ where: { id: importId } }));
  await job.reportProgress(known.length, known.length);
  return { ...result, rejected: rejectedRowCount };
}
