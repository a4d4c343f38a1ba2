import { prisma } from '../../db/client.ts';
import { logger } from '../../logger.ts';
import { decryptSecret, encryptSecret, isCurrentKey, keyring, type Keyring } from './field-encryption.ts';
import { maskPhone } from './phone.ts';

/**
 * Moves every resident ID and phone ciphertext written with a retired key to the current key, and
 * encrypts phone numbers still held in clear (rows from before phone encryption), a chunk at a time.
 * A row is rewritten only if it still holds what was read, so a concurrent edit wins and the row is
 * simply picked up again. Returns how many rows were rewritten.
 */
export async function reencryptPersonalData(ring: Keyring = keyring, chunk = 500): Promise<number> {
  let moved = 0;
  for (;;) {
    const rows = await prisma.$queryRaw<
      { id: string; residentIdCipher: Uint8Array<ArrayBuffer>; phone: string | null; phoneCipher: Uint8Array<ArrayBuffer> | null }[]
    >`
      SELECT id, "residentIdCipher", phone, "phoneCipher" FROM "Caregiver"
      WHERE substring("residentIdCipher" FROM 1 FOR 8) <> ${ring.current.id}
         OR substring("phoneCipher" FROM 1 FOR 8) <> ${ring.current.id}
         OR phone IS NOT NULL
      ORDER BY id LIMIT ${chunk}`;
    if (!rows.length) return moved;
    for (const row of rows) {
      const phone = row.phoneCipher ? decryptSecret(row.phoneCipher, ring) : row.phone;
      const { count } = await prisma.caregiver.updateMany({
        where: { id: row.id, residentIdCipher: row.residentIdCipher, phone: row.phone, phoneCipher: row.phoneCipher },
        data: {
          residentIdCipher: isCurrentKey(row.residentIdCipher, ring)
            ? row.residentIdCipher
            : encryptSecret(decryptSecret(row.residentIdCipher, ring), ring),
          phone: null,
          phoneCipher: phone === null ? null : encryptSecret(phone, ring),
          phoneMasked: phone === null ? null : maskPhone(phone),
        },
      });
      moved += count;
    }
    logger.info({ moved }, 'personal data re-encrypted so far');
  }
}
