import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { InputValidationError } from '../graphql/errors.ts';

// A date cell of an .xlsx arrives as a Date at UTC midnight: written back as the day, not as a timestamp in words.
const cellText = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : typeof v === 'object' && 'result' in v
        ? cellText(v.result)
        : typeof v === 'object' && 'text' in v
          ? String(v.text)
          : String(v);

/**
 * Limits checked before a file is parsed, so a small upload cannot make the API parse a million rows
 * or inflate a zip bomb: rows of every import (a county list, a class, a bank return fit in far fewer),
 * and the inflated size of an .xlsx as its zip's central directory states it (exceljs would otherwise
 * inflate every part into memory before anything could count).
 */
export const SPREADSHEET_LIMITS = { maxRows: 20_000, maxInflatedBytes: 40 * 1024 * 1024 } as const;

const CONTENT = ['input', 'contentBase64'];
const unreadableXlsx = () => InputValidationError.at(CONTENT, 'UNREADABLE_FILE');

/**
 * The sum of the uncompressed sizes an .xlsx (a zip) declares in its central directory, read without
 * inflating anything. A ZIP64 size (0xFFFFFFFF) counts as too large: no spreadsheet here needs one.
 */
export function declaredInflatedSize(zip: Buffer): number {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadableXlsx();
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw unreadableXlsx();
    const size = zip.readUInt32LE(at + 24);
    total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

const tooManyRows = (maxRows: number) => InputValidationError.at(CONTENT, 'TOO_MANY_ROWS', { maxRows });

/** exceljs is loaded on the first file past the limits: an API process that never reads one does not carry it. */
const newWorkbook = async () => new (await import('exceljs')).default.Workbook();

/** The cells of the first sheet of an .xlsx, or of a UTF-8 .csv (BOM allowed), as strings. */
export async function readCells(
  fileName: string,
  content: Buffer,
  limits: { maxRows?: number; maxInflatedBytes?: number } = {},
): Promise<{ line: number; cells: string[] }[]> {
  const { maxRows, maxInflatedBytes } = { ...SPREADSHEET_LIMITS, ...limits };
  let sheet: ExcelJS.Worksheet | undefined;
  if (/\.xlsx$/i.test(fileName)) {
    const inflated = declaredInflatedSize(content);
    if (inflated > maxInflatedBytes)
      throw InputValidationError.at(CONTENT, 'FILE_INFLATES_TOO_MUCH', {
        maxInflatedBytes,
      });
    const book = await newWorkbook();
    try {
      await book.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new InputValidationError([{ path: ['input', 'contentBase64'], message: 'is not a readable .xlsx file' }]);
    }
    sheet = book.worksheets[0];
  } else {
    // Counting line breaks costs one pass over the bytes; parsing a million rows costs seconds and a gigabyte.
    let lines = 0;
    for (let at = content.indexOf(10); at !== -1; at = content.indexOf(10, at + 1)) if (++lines > maxRows + 1) throw tooManyRows(maxRows);
    const text = content.toString('utf8');
    if (text.includes('\uFFFD')) throw new InputValidationError([{ path: ['input', 'contentBase64'], message: 'is not UTF-8 text' }]);
    const book = await newWorkbook();
    // Cells stay text: a code like 360000 or a year must not become a date or lose anything.
    try {
      sheet = await book.csv.read(Readable.from([text.replace(/^\uFEFF/, '')]), {
        parserOptions: { trim: true },
        map: (value: string) => value,
      });
    } catch {
      throw new InputValidationError([{ path: ['input', 'contentBase64'], message: 'is not a readable .csv file (an unclosed quote?)' }]);
    }
  }
  // The header row and the rows below it; a sheet can hold more than its zip size suggests (shared strings).
  if ((sheet?.actualRowCount ?? 0) > maxRows + 1) throw tooManyRows(maxRows);
  const rows: { line: number; cells: string[] }[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) =>
    rows.push({ line: row.number, cells: (row.values as unknown[]).slice(1).map(cellText) }),
  );
  return rows;
}
