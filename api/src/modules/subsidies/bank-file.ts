import { z } from 'zod';
import { neutraliseCell, writeCsv } from '../../files/export-cells.ts';
import { formatYuan } from '../../shared/money.ts';

/** One transfer: who pays (the fund's account), who is paid, how much and why. */
export type BankFileLine = {
  reference: string;
  payerAccount: string;
  payerName: string;
  payerBank: string;
  payee: string;
  account: string;
  bank: string;
  amountFen: number;
  purpose: string;
};

/** What a column of a bank's template is filled from. */
export const BANK_FILE_FIELDS = [
  'SEQ',
  'REFERENCE',
  'PAYER_ACCOUNT',
  'PAYER_NAME',
  'PAYER_BANK',
  'PAYEE_ACCOUNT',
  'PAYEE_NAME',
  'PAYEE_BANK',
  'AMOUNT',
  'CURRENCY',
  'PURPOSE',
] as const;
export type BankFileField = (typeof BANK_FILE_FIELDS)[number];

export const ZBankFileColumns = z
  .array(z.object({ header: z.string().trim().min(1).max(40), field: z.enum(BANK_FILE_FIELDS) }))
  .min(1)
  .max(30)
  // A bank pays nobody without the payee's account and the amount.
  .refine((cols) => cols.some((c) => c.field === 'PAYEE_ACCOUNT') && cols.some((c) => c.field === 'AMOUNT'), {
    message: 'needs the payee account and the amount',
    params: { code: 'LAYOUT_NEEDS_PAYEE_AND_AMOUNT' },
  });
export type BankFileColumn = z.infer<typeof ZBankFileColumns>[number];

export type BankFileLayoutSpec = {
  columns: BankFileColumn[];
  format: 'CSV' | 'XLSX';
  totalRow: 'NONE' | 'TOP' | 'BOTTOM';
};

/** Yuan with two decimals and no grouping: how every bank template takes amounts. */
const yuan = (fen: number | bigint) => formatYuan(fen).replace(/,/g, '');

// Account numbers are kept as strings everywhere: as numbers they would lose digits past the fifteenth.
const cellOf = (field: BankFileField, line: BankFileLine, seq: number): string | number => {
  switch (field) {
    case 'SEQ':
      return seq;
    case 'REFERENCE':
      return line.reference;
    case 'PAYER_ACCOUNT':
      return line.payerAccount;
    case 'PAYER_NAME':
      return line.payerName;
    case 'PAYER_BANK':
      return line.payerBank;
    case 'PAYEE_ACCOUNT':
      return line.account;
    case 'PAYEE_NAME':
      return line.payee;
    case 'PAYEE_BANK':
      return line.bank;
    case 'AMOUNT':
      return yuan(line.amountFen);
    case 'CURRENCY':
      return 'CNY';
    case 'PURPOSE':
      return line.purpose;
  }
};

/** The totals line banks check a file against before paying: the count of transfers and their sum. */
export const totalRow = (lines: BankFileLine[]) => [
  '合计',
  '总笔数',
  lines.length,
  '总金额(元)',
  yuan(lines.reduce((s, l) => s + BigInt(l.amountFen), 0n)),
];

/**
 * The bank's bulk-payment (代发) file in the layout of the paying bank: its columns in its order, with
 * its headers, and the totals row above the headers or below the lines where the bank wants it. CSV is
 * UTF-8 with a BOM (so Excel reads the Chinese); .xlsx has text cells for accounts and amounts.
 */
export async function writeBankFile(lines: BankFileLine[], layout: BankFileLayoutSpec, format = layout.format): Promise<Buffer> {
  const header = layout.columns.map((c) => c.header);
  const body = lines.map((line, i) => layout.columns.map((c) => neutraliseCell(cellOf(c.field, line, i + 1))));
  const total = totalRow(lines);
  const rows: (string | number)[][] = [
    ...(layout.totalRow === 'TOP' ? [total] : []),
    header,
    ...body,
    ...(layout.totalRow === 'BOTTOM' ? [total] : []),
  ];
  if (format === 'CSV') return writeCsv(rows);
  // exceljs is loaded on the first bank file written, not by every API process at start.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('代发明细');
  const headerIndex = layout.totalRow === 'TOP' ? 2 : 1;
  rows.forEach((cells, i) => {
    const row = sheet.addRow(cells);
    if (i + 1 === headerIndex) row.font = { bold: true };
    // Text format on every string cell, so a bank's import never turns an account into 6.217E+18.
    row.eachCell((cell) => {
      if (typeof cell.value === 'string') cell.numFmt = '@';
    });
  });
  sheet.columns.forEach((c, i) => {
    const field = layout.columns[i]?.field;
    c.width = field === 'PURPOSE' ? 40 : field === 'PAYEE_ACCOUNT' || field === 'PAYER_ACCOUNT' || field === 'PAYEE_BANK' ? 24 : 14;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
