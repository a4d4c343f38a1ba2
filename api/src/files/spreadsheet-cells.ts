import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { InputValidationError } from '../graphql/errors.ts';

// A date cell of an .xlsx arrives as a Date at UTC midnight: written back as the day, not as a timestamp in words.
const cellText = (v: unknown): string =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'object' && 'result' in v ? cellText(v.result) : typeof v === 'object' && 'text' in v ? String(v.text) : String(v);

/** The cells of the first sheet of an .xlsx, or of a UTF-8 .csv (BOM allowed), as strings. */
export async function readCells(fileName: string, content: Buffer): Promise<{ line: number; cells: string[] }[]> {
  const book = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  if (/\.xlsx$/i.test(fileName)) {
    try {
      await book.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new InputValidationError([{ path: ['input', 'contentBase64'], message: 'is not a readable .xlsx file' }]);
    }
    sheet = book.worksheets[0];
  } else {
    const text = content.toString('utf8');
    if (text.includes('\uFFFD')) throw new InputValidationError([{ path: ['input', 'contentBase64'], message: 'is not UTF-8 text' }]);
    // Cells stay text: a code like 360000 or a year must not become a date or lose anything.
    try {
      sheet = await book.csv.read(Readable.from([text.replace(/^\uFEFF/, '')]), { parserOptions: { trim: true }, map: (value: string) => value });
    } catch {
      throw new InputValidationError([{ path: ['input', 'contentBase64'], message: 'is not a readable .csv file (an unclosed quote?)' }]);
    }
  }
  const rows: { line: number; cells: string[] }[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => rows.push({ line: row.number, cells: (row.values as unknown[]).slice(1).map(cellText) }));
  return rows;
}

