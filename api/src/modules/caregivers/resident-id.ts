import { isDivisionCode } from '../../shared/gb2260/divisions.ts';
import { blindIndex, encryptSecret } from './field-encryption.ts';

// The look-up hash is how other modules find a person by ID number.
export { blindIndex };

// Weights and check characters of GB 11643-1999 (ISO 7064 MOD 11-2).
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type ResidentIdFacts = { regionCode: string; birthDate: Date; gender: 'MALE' | 'FEMALE' };

/** The GB 11643 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Why a resident ID number is refused: a stable code and what the portal needs to word it. */
export type ResidentIdProblem = {
  code: 'RESIDENT_ID_FORMAT' | 'RESIDENT_ID_CHECK_DIGIT' | 'RESIDENT_ID_REGION_UNKNOWN' | 'RESIDENT_ID_BIRTH_DATE';
  params: Record<string, string>;
  reason: string;
};

/**
 * Normalises (trim, upper-case x) and returns the ID with what it encodes, or why it is invalid: the
 * shape, the check character, a first six digits that are a GB/T 2260 division (current or
 * historical), and a birth date that exists and is not after `today`.
 */
export function parseResidentId(
  raw: string,
  today: Date = new Date(),
): { ok: true; id: string; facts: ResidentIdFacts } | ({ ok: false } & ResidentIdProblem) {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id))
    return { ok: false, code: 'RESIDENT_ID_FORMAT', params: {}, reason: 'must be 17 digits followed by a digit or X' };
  if (residentIdCheckChar(id) !== id[17])
    return { ok: false, code: 'RESIDENT_ID_CHECK_DIGIT', params: {}, reason: 'check digit does not match (GB 11643)' };
  const regionCode = id.slice(0, 6);
  if (!isDivisionCode(regionCode))
    return {
      ok: false,
      code: 'RESIDENT_ID_REGION_UNKNOWN',
      params: { regionCode },
      reason: `the first six digits ${regionCode} are no GB/T 2260 division code`,
    };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = new Date(Date.UTC(y, m - 1, d));
  if (
    birthDate.getUTCFullYear() !== y ||
    birthDate.getUTCMonth() !== m - 1 ||
    birthDate.getUTCDate() !== d ||
    y < 1900 ||
    birthDate > today
  ) {
    return {
      ok: false,
      code: 'RESIDENT_ID_BIRTH_DATE',
      params: { birthDate: id.slice(6, 14) },
      reason: 'birth date in the number is not a real past date',
    };
  }
  const gender = Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE';
  return { ok: true, id, facts: { regionCode, birthDate, gender } };
}

/** Whole years between a birth date and a day (both UTC midnights). */
export function ageOn(birthDate: Date, day: Date): number {
  const years = day.getUTCFullYear() - birthDate.getUTCFullYear();
  const birthdayPassed =
    day.getUTCMonth() > birthDate.getUTCMonth() ||
    (day.getUTCMonth() === birthDate.getUTCMonth() && day.getUTCDate() >= birthDate.getUTCDate());
  return birthdayPassed ? years : years - 1;
}

/** Masks all but the first four and last four characters: 3601**********123X. */
export function maskResidentId(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** Everything stored for a resident ID number. `id` must already be normalised by parseResidentId. */
export function protectResidentId(id: string) {
  return { residentIdCipher: encryptSecret(id), residentIdHash: blindIndex(id), residentIdMasked: maskResidentId(id) };
}
