import ExcelJS from 'exceljs';
import { neutraliseCell } from './export-cells.ts';

/**
 * The .xlsx files CareCert hands out: exports of a list (a title, a line naming region, date, unit and
 * source, Chinese column headers, typed number cells, a definitions sheet) and import templates (the
 * headers the import reads, one example row, a notes sheet). Every word arrives from the caller (the
 * portal words them in the viewer's language); this file only lays cells out and formats them.
 */

/** How a column's cells are written: numbers stay numbers (a sum works), formatted as an office expects. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'yuan' | 'percent' | 'date';

export const NUMBER_FORMATS: Record<Exclude<ColumnKind, 'text'>, string> = {
  integer: '#,##0',
  decimal: '#,##0.00',
  yuan: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
};

export type SheetColumn = { header: string; kind: ColumnKind; width?: number };
export type CellInput = string | number | null | undefined;

const DEFAULT_WIDTH: Record<ColumnKind, number> = { text: 18, integer: 10, decimal: 12, yuan: 14, percent: 10, date: 12 };

/** A cell as its column writes it: text neutralised, numbers from text ("1,234.50") as numbers, days as dates. */
export function cellFor(kind: ColumnKind, value: CellInput): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (kind === 'text') return neutraliseCell(String(value));
  if (kind === 'date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
    return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : neutraliseCell(String(value));
  }
  const n = typeof value === 'number' ? value : Number(String(value).replace(/,/g, ''));
  return Number.isFinite(n) ? n : neutraliseCell(String(value));
}

/** What a list export says above its table: title, then region, date, unit and source on one line. */
export type TableHeading = { title: string; details: string[] };

/**
 * A sheet with the title in row 1, the details line in row 2, headers in row 3 (frozen, so they stay on
 * screen) and one row per record below; every cell typed by its column.
 */
export function addTableSheet(
  book: ExcelJS.Workbook,
  name: string,
  heading: TableHeading,
  columns: readonly SheetColumn[],
  rows: readonly (readonly CellInput[])[],
): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = columns.map((c) => ({
    width: c.width ?? Math.max(DEFAULT_WIDTH[c.kind], c.header.length * 2 + 2),
    style: c.kind === 'text' ? {} : { numFmt: NUMBER_FORMATS[c.kind] },
  }));
  const last = Math.max(1, columns.length);
  sheet.addRow([neutraliseCell(heading.title)]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, last);
  sheet.addRow([neutraliseCell(heading.details.join('　'))]);
  sheet.mergeCells(2, 1, 2, last);
  const header = sheet.addRow(columns.map((c) => neutraliseCell(c.header)));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  for (const row of rows) sheet.addRow(columns.map((c, i) => cellFor(c.kind, row[i])));
  return sheet;
}

/** A sheet of terms and what they mean (口径说明): term, definition and, where given, the source. */
export function addDefinitionsSheet(
  book: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(sheetName(name));
  sheet.columns = headers.map((_, i) => ({ width: i === 0 ? 24 : 60, style: { alignment: { wrapText: true, vertical: 'top' } } }));
  sheet.addRow(headers.map(neutraliseCell)).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map(neutraliseCell));
  return sheet;
}

/** One column of an import template: the header the import reads, whether it must be filled, and what goes in it. */
export type TemplateColumn = { header: string; required: boolean; format: string; allowed: string; example: string | number };

/**
 * An import template: the data sheet first (the import reads the first sheet, header in row 1) with
 * the headers and one example row, every cell formatted as text so an ID number or a code keeps its
 * digits; then the notes sheet saying per column whether it is required, its format and allowed values.
 */
export function templateBook(
  sheets: { data: string; notes: string },
  notesHeaders: readonly [string, string, string, string],
  requiredWords: { yes: string; no: string },
  columns: readonly TemplateColumn[],
  notesBelow: readonly string[] = [],
): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  const data = book.addWorksheet(sheetName(sheets.data), { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = columns.map((c) => ({ width: Math.max(14, c.header.length * 2 + 4), style: { numFmt: '@' } }));
  const header = data.addRow(columns.map((c) => neutraliseCell(c.header)));
  header.font = { bold: true };
  columns.forEach((c, i) => {
    if (c.required) header.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
  });
  data.addRow(columns.map((c) => neutraliseCell(String(c.example))));
  const notes = book.addWorksheet(sheetName(sheets.notes));
  notes.columns = [{ width: 18 }, { width: 10 }, { width: 40 }, { width: 50 }].map((c) => ({
    ...c,
    style: { alignment: { wrapText: true, vertical: 'top' } },
  }));
  notes.addRow(notesHeaders.map(neutraliseCell)).font = { bold: true };
  for (const c of columns)
    notes.addRow([c.header, c.required ? requiredWords.yes : requiredWords.no, c.format, c.allowed].map(neutraliseCell));
  if (notesBelow.length) notes.addRow([]);
  for (const line of notesBelow) notes.addRow([neutraliseCell(line)]);
  return book;
}

/** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
const sheetName = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function bookBuffer(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}
