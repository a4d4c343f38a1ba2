/**
 * Certificate numbers of 职业技能等级证书, in the national format: one letter and 21 digits, e.g.
 * `S000036000101265000017` (a provincially registered social body in Jiangxi, site 000101, 2026,
 * level 5, the 17th).
 *
 *   K BBBB PP SSSSSS YY G NNNNNN
 *   │ │    │  │      │  │ └ serial within the site, year and level (6 digits), from the assessment body
 *   │ │    │  │      │  └ national grade 1–5; 0 for levels outside the five (apprentice; 特级技师 and
 *   │ │    │  │      │    首席技师 have a two-letter national form not issued here)
 *   │ │    │  │      └ last two digits of the year of issue
 *   │ │    │  └ serial the province assigned to the body or its assessment site (6 digits)
 *   │ │    └ province code (first two digits of GB/T 2260)
 *   │ └ the body's code from the ministry; 0000 for a body registered with a province
 *   └ Y: an employer assessing its own staff; S: a social assessment organisation
 *
 * Positions 1–13 are set by the HR departments (recorded on the body's registration), 14–22 by the body.
 *
 * Numbers issued before this format stay verifiable: CareCert's earlier 18-character numbers
 * (`RRRRRR YY G NNNNNNNN C`, region code, year, grade, serial, ISO 7064 MOD 11-2 check character) and
 * the 16-digit numbers of the older 职业资格证书 that imports carry.
 */
export type AssessmentLetter = 'Y' | 'S';
export type CertificateNumberParts = {
  letter: AssessmentLetter;
  bodyCode: string;
  provinceCode: string;
  siteCode: string;
  year: number;
  grade: number | null;
  serial: number;
};

/** The largest serial a site can give in one year and level. */
export const MAX_CERTIFICATE_SERIAL = 999_999;

/** Positions 1–13, the part the HR departments set. */
export function certificatePrefix({
  letter,
  bodyCode,
  provinceCode,
  siteCode,
}: Pick<CertificateNumberParts, 'letter' | 'bodyCode' | 'provinceCode' | 'siteCode'>): string {
  if (!/^\d{4}$/.test(bodyCode) || !/^\d{2}$/.test(provinceCode) || !/^\d{6}$/.test(siteCode))
    throw new RangeError(`malformed assessment body codes: ${bodyCode} ${provinceCode} ${siteCode}`);
  return `${letter}${bodyCode}${provinceCode}${siteCode}`;
}

export function formatCertificateNumber(parts: CertificateNumberParts): string {
  const { year, grade, serial } = parts;
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_CERTIFICATE_SERIAL) throw new RangeError(`serial out of range: ${serial}`);
  return `${certificatePrefix(parts)}${String(year % 100).padStart(2, '0')}${grade ?? 0}${String(serial).padStart(6, '0')}`;
}

/** People copy numbers off paper with spaces between the groups, and type the letter in lower case. */
export const normaliseCertificateNumber = (value: string) => value.replace(/\s+/g, '').toUpperCase();

export function mod11_2(digits: string): string {
  let p = 0;
  for (const d of digits) p = ((p + Number(d)) * 2) % 11;
  const check = (12 - p) % 11;
  return check === 10 ? 'X' : String(check);
}

/** Whether a normalised `value` has the shape of a number issued now or earlier (it may still not exist). */
export function isWellFormedCertificateNumber(value: string): boolean {
  if (/^[YS]\d{14}[0-5]\d{6}$/.test(value)) return true;
  if (/^\d{17}[\dX]$/.test(value)) return mod11_2(value.slice(0, 17)) === value[17];
  return /^\d{16}$/.test(value);
}
