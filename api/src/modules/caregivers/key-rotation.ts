import { prisma } from '../../db/client.ts';
import { logger } from '../../logger.ts';
import { decryptSecret, encryptSecret, keyring, type Keyring } from './field-encryption.ts';

/**
 * Moves every resident ID ciphertext written with a retired key to the current key, a chunk at a time.
 * A row is rewritten only if it still holds the ciphertext that was read, so a concurrent edit wins
 * and the row is simply picked up again. Returns how many rows were re-encrypted.
 */
export async function reencryptPersonalData(ring: Keyring = keyring, chunk = 500): Promise<number> {
  let moved = 0;
  for (;;) {
    const rows = await prisma.$queryRaw<{ id: string; residentIdCipher: Uint8Array<ArrayBuffer> }[]>`
      SELECT id, "residentIdCipher" FROM "Caregiver"
      WHERE substring("residentIdCipher" FROM 1 FOR 8) <> ${ring.current.id}
      ORDER BY id LIMIT ${chunk}`;
    if (!rows.length) return moved;
    for (const row of rows) {
      const fresh = encryptSecret(decryptSecret(row.residentIdCipher, ring), ring);
      const { count } = await prisma.caregiver.updateMany({ where: { id: row.id, residentIdCipher: row.residentIdCipher }, data: { residentIdCipher: fresh } });
      moved += count;
    }
    logger.info({ moved }, 'personal data re-encrypted so far');
  }
}
