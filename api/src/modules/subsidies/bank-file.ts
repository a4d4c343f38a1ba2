import { neutraliseCell, writeCsv } from '../../files/export-cells.ts';
import { formatYuan } from '../../shared/money.ts';

/** One transfer as the bank's bulk-payment template names it. */
export type BankFileLine = { reference: string; payee: string; account: string; bank: string; amountFen: number; purpose: string };

const HEADER = ['业务参考号', '收款人姓名', '收款账号', '开户银行', '金额(元)', '用途'];
const row = (l: BankFileLine) =>
  [l.reference, l.payee, l.account, l.bank, formatYuan(l.amountFen).replace(/,/g, ''), l.purpose].map(neutraliseCell);

/** The bank's bulk-payment file: UTF-8 CSV with a BOM (so Excel reads the Chinese) or .xlsx with text cells. */
export async function writeBankFile(lines: BankFileLine[], format: 'csv' | 'xlsx'): Promise<Buffer> {
  if (format === 'csv') return writeCsv([HEADER, ...lines.map(row)]);
  // exceljs is loaded on the first spreadsheet written: an API process that never writes one does not carry it.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('付款明细');
  sheet.addRow(HEADER).font = { bold: true };
  // Account numbers are text: as numbers they would lose digits past the fifteenth.
  for (const line of lines) sheet.addRow(row(line)).getCell(3).numFmt = '@';
  sheet.columns.forEach((c, i) => (c.width = [22, 12, 24, 24, 12, 40][i]));
  return Buffer.from(await book.xlsx.writeBuffer());
}
