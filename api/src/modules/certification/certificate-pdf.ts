import { existsSync, readFileSync } from 'node:fs';
import { todayInChina } from '../../shared/china-time.ts';
import { env } from '../../config/env.ts';
import { prisma } from '../../db/client.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import type { Viewer } from '../../graphql/viewer.ts';
import { logger } from '../../logger.ts';
import { maskResidentId } from '../caregivers/resident-id.ts';
import { CertificateFontMissingError } from './certification.errors.ts';
import { certificatePrintWhereFor } from './certification.access.ts';

/** A font file, and for a .ttc collection the PostScript name of the face to use. */
export type FontFile = { path: string; face?: string };
export type CertificateFont = { regular: FontFile; bold?: FontFile };

// Where Linux distributions put Noto Sans CJK (Debian/Ubuntu fonts-noto-cjk, Fedora, Arch, Alpine)
// and WenQuanYi. Simplified-Chinese faces, so 证/书 take their mainland forms.
const noto = (dir: string): CertificateFont => ({
  regular: { path: `${dir}/NotoSansCJK-Regular.ttc`, face: 'NotoSansCJKsc-Regular' },
  bold: { path: `${dir}/NotoSansCJK-Bold.ttc`, face: 'NotoSansCJKsc-Bold' },
});
export const FONT_CANDIDATES: CertificateFont[] = [
  noto('/usr/share/fonts/opentype/noto'),
  noto('/usr/share/fonts/google-noto-cjk'),
  noto('/usr/share/fonts/noto-cjk'),
  noto('/usr/share/fonts/noto'),
  { regular: { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' } },
  { regular: { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' } },
];

const configuredFont = (): FontFile | null =>
  env.CERTIFICATE_FONT ? { path: env.CERTIFICATE_FONT, ...(env.CERTIFICATE_FONT_FACE ? { face: env.CERTIFICATE_FONT_FACE } : {}) } : null;

/**
 * The CJK font certificates are printed with: CERTIFICATE_FONT when set (no fallback, so a typo is not
 * hidden by some other font), else the first candidate installed. pdfkit's standard fonts have no
 * Chinese glyphs, so without one the PDF would print blanks: refuse instead.
 */
export function findCertificateFont(
  configured: FontFile | null = configuredFont(),
  candidates: CertificateFont[] = FONT_CANDIDATES,
): CertificateFont {
  if (configured) {
    if (existsSync(configured.path)) return { regular: configured };
    logger.error({ font: configured.path }, 'CERTIFICATE_FONT does not exist');
    throw new CertificateFontMissingError();
  }
  const found = candidates.find((c) => existsSync(c.regular.path));
  if (!found) {
    logger.error(
      { searched: candidates.map((c) => c.regular.path) },
      'no CJK font for PDF certificates: install fonts-noto-cjk or set CERTIFICATE_FONT',
    );
    throw new CertificateFontMissingError();
  }
  return found.bold && existsSync(found.bold.path) ? found : { regular: found.regular };
}

// A CJK collection is ~20 MB: read it once per process rather than once per certificate.
const fontBytes = new Map<string, Buffer>();
const bytesOf = (path: string) => {
  let bytes = fontBytes.get(path);
  if (!bytes) fontBytes.set(path, (bytes = readFileSync(path)));
  return bytes;
};

/** The public check the QR code opens, with the number filled in (the holder's name is still asked for). */
export function verificationUrl(number: string): string {
  return `${env.WEB_ORIGIN.replace(/\/+$/, '')}/verify?number=${encodeURIComponent(number)}`;
}

export type CertificatePdfData = {
  number: string;
  holderName: string;
  gender: 'MALE' | 'FEMALE';
  /** Already masked, e.g. 3601**********123X: the full number is never printed. */
  residentIdMasked: string;
  levelNameZh: string;
  levelNameEn: string;
  issuerName: string;
  issuedOn: Date;
  expiresOn: Date | null;
  status: 'VALID' | 'REVOKED';
  revokedAt: Date | null;
};

const RED = '#a8071a';
const INK = '#1f1f1f';
const MUTED = '#6b6b6b';
const GREEN = '#237804';

/** 2025年9月1日 for a calendar date (stored as UTC midnight). */
const zhDate = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * An A4 landscape 职业技能等级证书 with a QR code (drawn as vector modules inside a `/QRCode` marked
 * content section, and also a link annotation) to the public verification page. A revoked
 * certificate carries a red 已撤销 banner, stamp and status, so a printout cannot pass for valid.
 */
export async function renderCertificatePdf(data: CertificatePdfData, font: CertificateFont = findCertificateFont()): Promise<Buffer> {
  const url = verificationUrl(data.number);
  // The record only holds the masked form; masking again here guards against a caller passing the full number.
  const residentId = data.residentIdMasked.includes('*') ? data.residentIdMasked : maskResidentId(data.residentIdMasked);
  const today = todayInChina();
  const expired = data.status === 'VALID' && data.expiresOn !== null && data.expiresOn <= today;

  // pdfkit and qrcode are loaded on the first certificate printed: an API process that prints none does not carry them.
  const [{ default: PDFDocument }, { default: QRCode }] = await Promise.all([import('pdfkit'), import('qrcode')]);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    lang: 'zh-CN',
    info: {
      Title: `职业技能等级证书 ${data.number}`,
      Author: data.issuerName,
      Subject: `养老护理员 ${data.levelNameZh}`,
      Creator: 'CareCert',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  try {
    doc.registerFont('cjk', bytesOf(font.regular.path), font.regular.face as string);
    doc.registerFont('cjk-bold', bytesOf((font.bold ?? font.regular).path), (font.bold ?? font.regular).face as string);
    doc.font('cjk-bold').font('cjk');
  } catch (err) {
    // A file that is not a font, or a collection without the named face.
    logger.error({ err, font: font.regular.path, face: font.regular.face }, 'cannot load the certificate font');
    throw new CertificateFontMissingError();
  }

  const W = doc.page.width;
  const H = doc.page.height;

  // Frame: a heavy outer rule and a fine inner one.
  doc
    .lineWidth(4)
    .rect(18, 18, W - 36, H - 36)
    .stroke(RED);
  doc
    .lineWidth(0.8)
    .rect(28, 28, W - 56, H - 56)
    .stroke(RED);

  doc.fillColor(INK).font('cjk-bold').fontSize(36).text('职业技能等级证书', 0, 56, { width: W, align: 'center' });
  doc
    .fillColor(MUTED)
    .font('cjk')
    .fontSize(12)
    .text('Vocational Skill Level Certificate', 0, 106, { width: W, align: 'center', characterSpacing: 1 });

  let top = 136;
  if (data.status === 'REVOKED') {
    const when = data.revokedAt ? todayInChina(data.revokedAt) : null;
    doc.rect(70, top, W - 140, 30).fill(RED);
    doc
      .fillColor('#ffffff')
      .font('cjk-bold')
      .fontSize(14)
      .text(
        `本证书已撤销，不再有效${when ? `（撤销日期 ${zhDate(when)}）` : ''} / REVOKED${when ? ` on ${isoDate(when)}` : ''}: no longer valid`,
        70,
        top + 7,
        { width: W - 140, align: 'center', lineBreak: false },
      );
    top += 38;
  } else {
    doc
      .moveTo(70, top + 10)
      .lineTo(W - 70, top + 10)
      .lineWidth(0.5)
      .stroke(RED);
    top += 22;
  }

  // Facts, one row each: the Chinese label with its English gloss, then the value.
  const statusText = data.status === 'REVOKED' ? '已撤销 Revoked' : expired ? '已过期 Expired' : '有效 Valid';
  const rows: { zh: string; en: string; value: string; gloss?: string; color?: string; bold?: boolean }[] = [
    { zh: '姓名', en: 'Name', value: data.holderName, bold: true },
    { zh: '性别', en: 'Gender', value: data.gender === 'FEMALE' ? '女' : '男', gloss: data.gender === 'FEMALE' ? 'Female' : 'Male' },
    { zh: '身份证号', en: 'Resident ID (masked)', value: residentId },
    { zh: '职业（工种）', en: 'Occupation', value: '养老护理员', gloss: 'Elderly-care worker' },
    { zh: '职业技能等级', en: 'Skill level', value: data.levelNameZh, gloss: data.levelNameEn, bold: true },
    { zh: '证书编号', en: 'Certificate No.', value: data.number },
    { zh: '发证机构', en: 'Issued by (assessment body)', value: data.issuerName },
    { zh: '发证日期', en: 'Date of issue', value: zhDate(data.issuedOn), gloss: isoDate(data.issuedOn) },
    ...(data.expiresOn ? [{ zh: '有效期至', en: 'Valid until', value: zhDate(data.expiresOn), gloss: isoDate(data.expiresOn) }] : []),
    { zh: '状态', en: 'Status', value: statusText, color: data.status === 'REVOKED' || expired ? RED : GREEN, bold: true },
  ];
  const rowHeight = Math.min(34, (470 - top) / rows.length);
  const labelX = 80;
  const valueX = 270;
  const valueWidth = 300;
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    doc.fillColor(INK).font('cjk').fontSize(13).text(row.zh, labelX, y, { lineBreak: false });
    doc
      .fillColor(MUTED)
      .fontSize(7.5)
      .text(row.en, labelX, y + 16, { lineBreak: false });
    doc.font(row.bold ? 'cjk-bold' : 'cjk');
    // Long issuer names shrink to fit the column rather than wrap into the next row.
    let size = 15;
    while (size > 9 && doc.fontSize(size).widthOfString(row.value) > valueWidth) size -= 0.5;
    doc.fillColor(row.color ?? INK).text(row.value, valueX, y, { lineBreak: false });
    if (row.gloss)
      doc
        .fillColor(MUTED)
        .font('cjk')
        .fontSize(8.5)
        .text(row.gloss, valueX, y + 18, { lineBreak: false });
    doc
      .moveTo(valueX, y + rowHeight - 4)
      .lineTo(valueX + valueWidth, y + rowHeight - 4)
      .lineWidth(0.3)
      .stroke('#d9d9d9');
  });

  // QR code to the verification page, drawn module by module so it stays sharp at any print size.
  const box = 160;
  const qrX = W - 80 - box;
  const qrY = top + 10;
  drawQrCode(doc, QRCode.create(url, { errorCorrectionLevel: 'M' }).modules, qrX, qrY, box);
  doc.link(qrX, qrY, box, box, url);
  doc
    .fillColor(INK)
    .font('cjk')
    .fontSize(12)
    .text('扫码查验证书真伪', qrX - 20, qrY + box + 8, { width: box + 40, align: 'center' });
  doc
    .fillColor(MUTED)
    .fontSize(8)
    .text('Scan to verify this certificate', qrX - 20, qrY + box + 26, { width: box + 40, align: 'center' });
  doc.fontSize(7).text(url, qrX - 30, qrY + box + 40, { width: box + 60, align: 'center', link: url });

  if (data.status === 'REVOKED') {
    // A stamp across the facts: visible on any photocopy, and still leaves the text legible.
    doc.save();
    doc.rotate(-18, { origin: [W / 2, H / 2 + 20] });
    doc
      .opacity(0.28)
      .lineWidth(5)
      .roundedRect(W / 2 - 200, H / 2 - 55, 400, 140, 16)
      .stroke(RED);
    doc
      .fillColor(RED)
      .font('cjk-bold')
      .fontSize(80)
      .text('已撤销', W / 2 - 200, H / 2 - 45, { width: 400, align: 'center', lineBreak: false });
    doc.fontSize(24).text('REVOKED', W / 2 - 200, H / 2 + 48, { width: 400, align: 'center', characterSpacing: 4, lineBreak: false });
    doc.restore();
  }

  doc
    .moveTo(70, H - 92)
    .lineTo(W - 70, H - 92)
    .lineWidth(0.5)
    .stroke(RED);
  doc
    .fillColor(MUTED)
    .font('cjk')
    .fontSize(9)
    .text(
      '依据国家职业技能标准《养老护理员》（2019年版）认定。证书真伪请扫描二维码或访问证书查验页面，输入证书编号和持证人姓名查验；身份证号已作脱敏处理。',
      70,
      H - 84,
      { width: W - 140, align: 'center' },
    )
    .fontSize(7.5)
    // ASCII apostrophe: the CJK font draws ’ full-width.
    .text(
      "Assessed under the National Occupational Skill Standard for elderly-care workers (2019). Verify with the QR code or on the verification page with the certificate number and the holder's full name; the ID number is masked.",
      70,
      H - 58,
      { width: W - 140, align: 'center' },
    );

  doc.end();
  return finished;
}

/** Dark modules as 1×1 cells (runs merged per row) in module units, inside a 4-module white quiet zone. */
function drawQrCode(
  doc: PDFKit.PDFDocument,
  modules: { size: number; get(row: number, col: number): number | boolean },
  x: number,
  y: number,
  size: number,
) {
  const n = modules.size;
  const cell = size / (n + 8);
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.markContent('QRCode');
  doc.save();
  doc.translate(x + 4 * cell, y + 4 * cell).scale(cell);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n;) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      doc.rect(start, row, col - start, 1);
    }
  }
  doc.fill('#000000');
  doc.restore();
  doc.endMarkedContent();
}

export type PrintedCertificate = { fileName: string; pdf: Buffer; verificationUrl: string };

/**
 * The PDF of a certificate the viewer may print (see certificatePrintWhereFor); one that does not
 * exist and one the viewer may not print look the same (NotFoundError).
 */
export async function printCertificate(viewer: Viewer, certificateId: string): Promise<PrintedCertificate> {
  const font = findCertificateFont();
  const c = await prisma.certificate.findFirst({
    where: { AND: [{ id: certificateId }, certificatePrintWhereFor(viewer)] },
    include: {
      caregiver: { select: { name: true, gender: true, residentIdMasked: true } },
      level: { select: { nameZh: true, nameEn: true } },
      issuer: { select: { name: true } },
    },
  });
  if (!c) throw new NotFoundError('Certificate');
  const pdf = await renderCertificatePdf(
    {
      number: c.number,
      holderName: c.caregiver.name,
      gender: c.caregiver.gender,
      residentIdMasked: c.caregiver.residentIdMasked,
      levelNameZh: c.level.nameZh,
      levelNameEn: c.level.nameEn,
      issuerName: c.issuer.name,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      status: c.status,
      revokedAt: c.revokedAt,
    },
    font,
  );
  return { fileName: `carecert-certificate-${c.number}.pdf`, pdf, verificationUrl: verificationUrl(c.number) };
}
