import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { InputValidationError } from '../../graphql/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { readCells } from '../../files/spreadsheet-cells.ts';
import { fieldIssueFromZod } from '../../graphql/zod-issues.ts';
import { ZPopulationRow, type TImportPopulationInput, type TPopulationRow } from './population.schemas.ts';

/** One refused row; `code` names the rule where one has a code of its own (e.g. POPULATION_YEAR_IN_FUTURE). */
export type RowIssue = { row: number; field: string; message: string; code?: string };
export type PopulationImportResult = { created: number; updated: number; unchanged: number; rejected: RowIssue[] };

// Header cells in the files statistics offices send, mapped to row fields.
const HEADERS: Record<string, keyof TPopulationRow> = {
  region_code: 'regionCode', 区划代码: 'regionCode', 行政区划代码: 'regionCode',
  year: 'year', 年份: 'year',
  age_band: 'ageBand', 年龄段: 'ageBand',
  basis: 'basis', 口径: 'basis',
  count: 'count', 人数: 'count', 老年人口: 'count',
  source: 'source', 来源: 'source', 数据来源: 'source',
};

/**
 * Imports elderly population figures: the good rows are written, each bad row is reported with its
 * line number and field, and nothing of a bad row is written. A figure for a region, year, band,
 * basis and source that exists already is replaced, the old count kept in the audit log; figures of
 * other years or sources stay, so the history is kept.
 */
export async function importPopulationStats(ctx: Context, input: TImportPopulationInput): Promise<PopulationImportResult> {
  const cells = await readCells(input.fileName, Buffer.from(input.contentBase64, 'base64'));
  const [header, ...body] = cells;
  const columns = (header?.cells ?? []).map((h) => HEADERS[h.trim()] ?? HEADERS[h.trim().toLowerCase()]);
  const missing = (['regionCode', 'year', 'ageBand', 'basis', 'count'] as const).filter((f) => !columns.includes(f));
  if (missing.length) throw new InputValidationError([{ path: ['input', 'contentBase64'], message: `the header row lacks ${missing.join(', ')} (region_code, year, age_band, basis, count, source)` }]);

  const rejected: RowIssue[] = [];
  const good: { row: number; value: TPopulationRow }[] = [];
  const seen = new Set<string>();
  body.forEach(({ line: row, cells: cellsOfRow }) => {
    const raw: Record<string, string> = {};
    columns.forEach((field, i) => field && (raw[field] = cellsOfRow[i] ?? ''));
    if (!raw.source?.trim() && input.defaultSource) raw.source = input.defaultSource;
    const parsed = ZPopulationRow.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) rejected.push({ row, field: String(issue.path[0] ?? ''), message: issue.message, code: fieldIssueFromZod(issue).code });
      return;
    }
    const key = `${parsed.data.regionCode}/${parsed.data.year}/${parsed.data.ageBand}/${parsed.data.basis}/${parsed.data.source}`;
    if (seen.has(key)) return void rejected.push({ row, field: 'regionCode', message: 'repeats an earlier row of this file' });
    seen.add(key);
    good.push({ row, value: parsed.data });
  });

  const regions = await prisma.region.findMany({ where: { code: { in: [...new Set(good.map((g) => g.value.regionCode))] } }, select: { id: true, code: true } });
  const regionId = new Map(regions.map((r) => [r.code, r.id]));
  const known = good.filter((g) => regionId.has(g.value.regionCode) || void rejected.push({ row: g.row, field: 'regionCode', message: 'is not a known region' }));

  const result = { created: 0, updated: 0, unchanged: 0 };
  await prisma.$transaction(async (tx) => {
    const existing = await tx.elderlyPopulationStat.findMany({ where: { regionId: { in: [...regionId.values()] } } });
    const byKey = new Map(existing.map((e) => [`${e.regionId}/${e.year}/${e.ageBand}/${e.basis}/${e.source}`, e]));
    for (const { value } of known) {
      const id = regionId.get(value.regionCode)!;
      const before = byKey.get(`${id}/${value.year}/${value.ageBand}/${value.basis}/${value.source}`);
      if (before?.count === value.count) {
        result.unchanged++;
        continue;
      }
      const data = { regionId: id, year: value.year, ageBand: value.ageBand, basis: value.basis, source: value.source, count: value.count };
      const saved = before ? await tx.elderlyPopulationStat.update({ where: { id: before.id }, data: { count: value.count } }) : await tx.elderlyPopulationStat.create({ data });
      result[before ? 'updated' : 'created']++;
      await recordAudit(tx, ctx, { action: before ? 'population.update' : 'population.create', entityType: 'ElderlyPopulationStat', entityId: saved.id, before, after: saved });
    }
  });
  return { ...result, rejected: rejected.sort((a, b) => a.row - b.row) };
}
