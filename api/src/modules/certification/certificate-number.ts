/**
 * Certificate numbers: 17 digits and a check character, e.g. `36110226500001234` + `7`.
 *
 *   RRRRRR YY G NNNNNNNN C
 *   │      │  │ │        └ ISO 7064 MOD 11-2 check character over the 17 digits ('X' for 10), as on
 *   │      │  │ │          resident ID cards, so a mistyped number is refused before any look-up
 *   │      │  │ └ serial within the issuer's region and year (8 digits)
 *   │      │  └ national grade 1–5; 0 for levels outside the five (apprentice, 特级技师, 首席技师)
 *   │      └ last two digits of the year of issue
 *   └ GB/T 2260 code of the issuing body's region
 */
export type CertificateNumberParts = { regionCode: string; year: number; grade: number | null; serial: number };

export function mod11_2(digits: string): string {
  let p = 0;
  for (const d of digits) p = ((p + Number(d)) * 2) % 11;
  const check = (12 - p) % 11;
  return check === 10 ? 'X' : String(check);
}

export function formatCertificateNumber({ regionCode, year, grade, serial }: CertificateNumberParts): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits: ${regionCode}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 99_999_999) throw new RangeError(`serial out of range: ${serial}`);
  const body = `${regionCode}${String(year % 100).padStart(2, '0')}${grade ?? 0}${String(serial).padStart(8, '0')}`;
  return body + mod11_2(body);
}

/** Whether `value` has the shape and a correct check character (it may still not exist). */
export function isWellFormedCertificateNumber(value: string): boolean {
  const v = value.trim().toUpperCase();
  return /^\d{17}[\dX]$/.test(v) && mod11_2(v.slice(0, 17)) === v[17];
}
