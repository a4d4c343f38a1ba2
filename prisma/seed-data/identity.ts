import type { Gender } from '../../api/src/generated/prisma/enums.ts';
import { parseResidentId, residentIdCheckChar, type ResidentIdFacts } from '../../api/src/modules/caregivers/resident-id.ts';

/** How many distinct numbers one region, birth date and gender can have: the order code's other 500 values hold the other gender. */
export const RESIDENT_ID_SEQUENCES = 500;

/**
 * A valid GB 11643 resident ID number: the region code, the birth date, a three-digit order code whose
 * last digit is odd for men and even for women, then the check character. `seq` (0–499) picks the order
 * code, so the same arguments always give the same number and different `seq` never collide.
 */
export function makeResidentId(regionCode: string, birthDate: Date, gender: Gender, seq: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new Error(`region code must be 6 digits: ${regionCode}`);
  if (!Number.isInteger(seq) || seq < 0 || seq >= RESIDENT_ID_SEQUENCES)
    throw new Error(`seq must be an integer from 0 to ${RESIDENT_ID_SEQUENCES - 1}`);
  const order = String(seq * 2 + (gender === 'MALE' ? 1 : 0)).padStart(3, '0');
  const first17 = `${regionCode}${birthDate.toISOString().slice(0, 10).replaceAll('-', '')}${order}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * makeResidentId read back through the parser the API uses, so a seeded record's gender, birth date
 * and region are taken from the number and can never disagree with it.
 */
export function makeResidentIdentity(
  regionCode: string,
  birthDate: Date,
  gender: Gender,
  seq: number,
): { id: string; facts: ResidentIdFacts } {
  const parsed = parseResidentId(makeResidentId(regionCode, birthDate, gender, seq));
  if (!parsed.ok) throw new Error(`generated an invalid resident ID: ${parsed.reason}`);
  return { id: parsed.id, facts: parsed.facts };
}
