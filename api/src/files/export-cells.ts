import { writeToBuffer } from '@fast-csv/format';

/**
 * A text cell a spreadsheet program shows as text and never runs: a value starting with = + - @, a tab
 * or a carriage return would be read as a formula (or split so the next part starts one), e.g. a name
 * `x\r=cmd|' /C calc'!A0`. A leading apostrophe keeps it text in Excel, WPS and LibreOffice. Every
 * export (CSV and the text cells of .xlsx) passes its cells through here.
 */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Rows as a CSV file that spreadsheets open in Chinese (UTF-8 with a BOM, CRLF), every cell neutralised
 * and quoted by @fast-csv/format (the parser CareCert reads CSV with comes from the same project).
 */
export async function writeCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): Promise<Buffer> {
  const body = await writeToBuffer(
    rows.map((row) => row.map((cell) => neutraliseCell(cell ?? ''))),
    { rowDelimiter: '\r\n', includeEndRowDelimiter: true, writeBOM: true },
  );
  return body;
}
