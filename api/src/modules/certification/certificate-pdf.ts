import { existsSync, readFileSync } from 'node:fs';
import { todayInChina } from '../../shared/china-time.ts';
import { env } from '../../config/env.ts';
import { prisma } from '../../db/client.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import type { Viewer } from '../../graphql/viewer.ts';
import { logger } from '../../logger.ts';
import { decryptSecret } from '../caregivers/field-encryption.ts';
import { evidenceStore } from '../../files/file-store.ts';
import { CertificateFontMissingError, VerifyUrlNotPublicError } from './certification.errors.ts';
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

/**
 * The public verification page the QR code opens: PUBLIC_VERIFY_URL, else the portal's /verify. In
 * production it must be a public address: a certificate printed with a localhost QR code would verify
 * nowhere, so printing is refused (VerifyUrlNotPublicError) until the setting is fixed.
 */
export function verificationBase(
  config: Pick<typeof env, 'PUBLIC_VERIFY_URL' | 'WEB_ORIGIN' | 'NODE_ENV' | 'VERIFY_URL_ALLOW_LOCAL'> = env,
): string {
  const base = config.PUBLIC_VERIFY_URL ?? `${config.WEB_ORIGIN.replace(/\/+$/, '')}/verify`;
  if (config.NODE_ENV === 'production' && !config.VERIFY_URL_ALLOW_LOCAL && !isPublicUrl(base)) {
    logger.error({ url: base }, 'PUBLIC_VERIFY_URL (or WEB_ORIGIN) is not a public address: certificates are not printed');
    throw new VerifyUrlNotPublicError();
  }
  return base.replace(/\/+$/, '');
}

/** An http(s) address that is not loopback nor a bare host name: what a phone scanning a paper certificate can open. */
export function isPublicUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0' || /^127\./.test(host)) return false;
  return host.includes('.');
}

/** The public check the QR code opens, with the number filled in (the holder's name is still asked for). */
export function verificationUrl(number: string, base: string = verificationBase()): string {
  return `${base}?number=${encodeURIComponent(number)}`;
}

export type CertificatePdfData = {
  number: string;
  holderName: string;
  gender: 'MALE' | 'FEMALE';
  /** The full resident ID number, as the official certificate prints it (verification pages mask it). */
  residentId: string;
  levelNameZh: string;
  levelNameEn: string;
  issuerName: string;
  /** 备案编号 of the assessment body; null: not recorded yet (printed as a blank line). */
  issuerFilingCode: string | null;
  issuedOn: Date;
  expiresOn: Date | null;
  status: 'VALID' | 'REVOKED';
  revokedAt: Date | null;
  /** JPEG or PNG bytes; null: a framed 照片 box is printed instead. */
  photo: Buffer | null;
  /** PNG bytes of the body's seal; null: a dashed 印章 circle is printed where the seal goes. */
  seal: Buffer | null;
  /** The verification page (without the number); see verificationBase. */
  verifyBase?: string;
};

const RED = '#a8071a';
const INK = '#1f1f1f';
const MUTED = '#6b6b6b';

/** 2025年9月1日 for a calendar date (stored as UTC midnight). */
const zhDate = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** An uploaded image, or null when pdfkit cannot read it (the caller prints the placeholder). */
function drawImage(doc: PDFKit.PDFDocument, bytes: Buffer | null, x: number, y: number, w: number, h: number): boolean {
  if (!bytes) return false;
  try {
    doc.image(bytes, x, y, { fit: [w, h], align: 'center', valign: 'center' });
    return true;
  } catch (err) {
    logger.warn({ err }, 'an uploaded certificate image could not be drawn; printing the placeholder');
    return false;
  }
}

/**
 * An A4 landscape 职业技能等级证书 in the national layout: the holder's photo on the left; name,
 * gender, full ID number, occupation, level, certificate number, assessment body with its filing
 * number and date of issue in the middle; the QR code to the public verification page on the right;
 * the body's seal over its name at the foot. The status is not printed (it changes; the QR code shows
 * it live), except that a revoked certificate carries a red 已撤销 banner and stamp, so a printout made
 * after revocation cannot pass for valid.
 */
export async function renderCertificatePdf(data: CertificatePdfData, font: CertificateFont = findCertificateFont()): Promise<Buffer> {
  const url = verificationUrl(data.number, data.verifyBase ?? verificationBase());

  // pdfkit and qrcode (with fontkit and brotli, megabytes of heap) are loaded on the first certificate printed.
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

  doc.fillColor(INK).font('cjk-bold').fontSize(36).text('职业技能等级证书', 0, 52, { width: W, align: 'center' });
  doc
    .fillColor(MUTED)
    .font('cjk')
    .fontSize(12)
    .text('Vocational Skill Level Certificate', 0, 102, { width: W, align: 'center', characterSpacing: 1 });

  let top = 132;
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
    top += 40;
  } else {
    doc
      .moveTo(70, top + 10)
      .lineTo(W - 70, top + 10)
      .lineWidth(0.5)
      .stroke(RED);
    top += 24;
  }

  // Photo: a two-inch portrait (35 × 49 mm) on the left; without one, a framed box reading 照片.
  const photo = { x: 70, y: top + 6, w: 99, h: 139 };
  if (!drawImage(doc, data.photo, photo.x, photo.y, photo.w, photo.h)) {
    doc.lineWidth(0.8).rect(photo.x, photo.y, photo.w, photo.h).stroke(MUTED);
    doc
      .fillColor(MUTED)
      .font('cjk')
      .fontSize(14)
      .text('照片', photo.x, photo.y + photo.h / 2 - 10, { width: photo.w, align: 'center', lineBreak: false });
  } else doc.lineWidth(0.5).rect(photo.x, photo.y, photo.w, photo.h).stroke('#d9d9d9');

  // Facts, one row each: the Chinese label with its English gloss, then the value.
  const rows: { zh: string; en: string; value: string; gloss?: string; bold?: boolean }[] = [
    { zh: '姓名', en: 'Name', value: data.holderName, bold: true },
    { zh: '性别', en: 'Gender', value: data.gender === 'FEMALE' ? '女' : '男', gloss: data.gender === 'FEMALE' ? 'Female' : 'Male' },
    { zh: '身份证件号', en: 'ID number', value: data.residentId },
    { zh: '职业（工种）', en: 'Occupation', value: '养老护理员', gloss: 'Elderly-care worker' },
    { zh: '职业技能等级', en: 'Skill level', value: data.levelNameZh, gloss: data.levelNameEn, bold: true },
    { zh: '证书编号', en: 'Certificate No.', value: data.number },
    { zh: '评价机构', en: 'Assessment body', value: data.issuerName },
    { zh: '备案编号', en: 'Filing No. of the body', value: data.issuerFilingCode ?? '' },
    { zh: '发证日期', en: 'Date of issue', value: zhDate(data.issuedOn), gloss: isoDate(data.issuedOn) },
    ...(data.expiresOn ? [{ zh: '有效期至', en: 'Valid until', value: zhDate(data.expiresOn), gloss: isoDate(data.expiresOn) }] : []),
  ];
  const rowHeight = Math.min(31, (H - 150 - top) / rows.length);
  const labelX = 195;
  const valueX = 320;
  const valueWidth = 270;
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    doc.fillColor(INK).font('cjk').fontSize(12.5).text(row.zh, labelX, y, { lineBreak: false });
    doc
      .fillColor(MUTED)
      .fontSize(7)
      .text(row.en, labelX, y + 15, { lineBreak: false });
    doc.font(row.bold ? 'cjk-bold' : 'cjk');
    // Long issuer names shrink to fit the column rather than wrap into the next row.
    let size = 14;
    while (size > 8 && doc.fontSize(size).widthOfString(row.value) > valueWidth) size -= 0.5;
    doc.fillColor(INK).text(row.value, valueX, y, { lineBreak: false });
    if (row.gloss)
      doc
        .fillColor(MUTED)
        .font('cjk')
        .fontSize(8)
        .text(row.gloss, valueX, y + 16, { lineBreak: false });
    doc
      .moveTo(valueX, y + rowHeight - 4)
      .lineTo(valueX + valueWidth, y + rowHeight - 4)
      .lineWidth(0.3)
      .stroke('#d9d9d9');
  });

  // QR code to the verification page, drawn module by module so it stays sharp at any print size.
  const box = 130;
  const qrX = W - 75 - box;
  const qrY = top + 6;
  drawQrCode(doc, QRCode.create(url, { errorCorrectionLevel: 'M' }).modules, qrX, qrY, box);
  doc.link(qrX, qrY, box, box, url);
  doc
    .fillColor(INK)
    .font('cjk')
    .fontSize(11)
    .text('扫码查验证书真伪及状态', qrX - 25, qrY + box + 6, { width: box + 50, align: 'center' });
  doc
    .fillColor(MUTED)
    .fontSize(7.5)
    .text('Scan to verify the certificate and its status', qrX - 25, qrY + box + 22, { width: box + 50, align: 'center' });
  doc.fontSize(6.5).text(url, qrX - 40, qrY + box + 34, { width: box + 80, align: 'center', link: url });

  // The issuer and its seal at the foot of the right column; without an uploaded seal, a dashed circle reading 印章.
  const sealSize = 104;
  const sealX = qrX + box / 2 - sealSize / 2;
  const sealY = H - 92 - sealSize - 6;
  doc
    .fillColor(INK)
    .font('cjk')
    .fontSize(11)
    .text(`评价机构（盖章）`, qrX - 40, sealY + sealSize / 2 - 20, { width: box + 80, align: 'center', lineBreak: false });
  doc.fontSize(9).text(zhDate(data.issuedOn), qrX - 40, sealY + sealSize / 2 + 2, { width: box + 80, align: 'center', lineBreak: false });
  if (!drawImage(doc, data.seal, sealX, sealY, sealSize, sealSize)) {
    doc.save();
    doc
      .lineWidth(0.8)
      .dash(3, { space: 3 })
      .circle(sealX + sealSize / 2, sealY + sealSize / 2, sealSize / 2 - 2)
      .stroke(MUTED);
    doc.undash().restore();
    doc
      .fillColor(MUTED)
      .fontSize(10)
      .text('印章', sealX, sealY + sealSize - 22, { width: sealSize, align: 'center', lineBreak: false });
  }

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
      '依据国家职业技能标准《养老护理员》（2019年版）认定。证书真伪及当前状态请扫描二维码，或访问证书查验页面，输入证书编号和持证人姓名查验。',
      70,
      H - 84,
      { width: W - 140, align: 'center' },
    )
    .fontSize(7.5)
    // ASCII apostrophe: the CJK font draws ’ full-width.
    .text(
      "Assessed under the National Occupational Skill Standard for elderly-care workers (2019). The QR code or the verification page (certificate number and the holder's full name) shows whether the certificate is valid today.",
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

/** Bytes of an uploaded photo or seal; a file missing from the store prints the placeholder rather than failing the print. */
async function storedImage(sha256: string | null | undefined): Promise<Buffer | null> {
  if (!sha256) return null;
  try {
    return await evidenceStore.get(sha256);
  } catch (err) {
    logger.warn({ err, sha256 }, 'an uploaded certificate image is missing from the file store');
    return null;
  }
}

/**
 * The PDF of a certificate the viewer may print (see certificatePrintWhereFor); one that does not
 * exist and one the viewer may not print look the same (NotFoundError). It carries the full ID number,
 * as the official certificate does: only the holder, the employer, the issuing body and the bureau print it.
 */
export async function printCertificate(viewer: Viewer, certificateId: string): Promise<PrintedCertificate> {
  const font = findCertificateFont();
  const verifyBase = verificationBase();
  const c = await prisma.certificate.findFirst({
    where: { AND: [{ id: certificateId }, certificatePrintWhereFor(viewer)] },
    include: {
      caregiver: { select: { name: true, gender: true, residentIdCipher: true, photoSha256: true } },
      level: { select: { nameZh: true, nameEn: true } },
      issuer: { select: { name: true, assessorRegistration: { select: { filingCode: true, sealSha256: true } } } },
    },
  });
  if (!c) throw new NotFoundError('Certificate');
  const [photo, seal] = await Promise.all([storedImage(c.caregiver.photoSha256), storedImage(c.issuer.assessorRegistration?.sealSha256)]);
  const pdf = await renderCertificatePdf(
    {
      number: c.number,
      holderName: c.caregiver.name,
      gender: c.caregiver.gender,
      residentId: decryptSecret(c.caregiver.residentIdCipher),
      levelNameZh: c.level.nameZh,
      levelNameEn: c.level.nameEn,
      issuerName: c.issuer.name,
      issuerFilingCode: c.issuer.assessorRegistration?.filingCode ?? null,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      status: c.status,
      revokedAt: c.revokedAt,
      photo,
      seal,
      verifyBase,
    },
    font,
  );
  return { fileName: `carecert-certificate-${c.number}.pdf`, pdf, verificationUrl: verificationUrl(c.number, verifyBase) };
}
