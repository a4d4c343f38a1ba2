import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prisma } from '../../api/src/db/client.ts';
import { decryptSecret, encryptSecret, isCurrentKey, keyring, keyringFrom } from '../../api/src/modules/caregivers/field-encryption.ts';
import { reencryptPersonalData } from '../../api/src/modules/caregivers/key-rotation.ts';
import { gid, makeCaregiver, makeRegionTree, makeUser } from '../support/factories.ts';
import { gql } from '../support/graphql.ts';

describe('personal data key rotation', () => {
  it('reads rows written with a retired key, re-encrypts them to the current key, and leaves current rows alone', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const before = keyringFrom({ key: oldKey, keyId: 'k0' });
    // After the rotation: the service's current key, with the old one kept for reading.
    const after = { current: keyring.current, retired: keyringFrom({ keyId: 'k1', retired: `k0:${oldKey}` }).retired };

    const regions = await makeRegionTree();
    const old = await makeCaregiver(regions.county.id, regions.county.code, { name: '旧密钥' });
    const current = await makeCaregiver(regions.county.id, regions.county.code, { name: '新密钥' });
    const oldCipher = encryptSecret(old.residentId, before);
    await prisma.caregiver.update({ where: { id: old.caregiver.id }, data: { residentIdCipher: oldCipher } });
    const untouched = (await prisma.caregiver.findUniqueOrThrow({ where: { id: current.caregiver.id } })).residentIdCipher;

    expect(() => decryptSecret(oldCipher)).toThrow(/does not hold/);
    expect(decryptSecret(oldCipher, after)).toBe(old.residentId);

    expect(await reencryptPersonalData(after, 2)).toBeGreaterThanOrEqual(1);
    const rotated = await prisma.caregiver.findUniqueOrThrow({ where: { id: old.caregiver.id } });
    expect(isCurrentKey(rotated.residentIdCipher)).toBe(true);
    expect(decryptSecret(rotated.residentIdCipher)).toBe(old.residentId);
    expect(Buffer.from((await prisma.caregiver.findUniqueOrThrow({ where: { id: current.caregiver.id } })).residentIdCipher)).toEqual(
      Buffer.from(untouched),
    );
    expect(await reencryptPersonalData(after)).toBe(0);
  });

  it('keeps phone numbers encrypted at rest, reads a row from before phone encryption, and encrypts it on the re-encryption run', async () => {
    const regions = await makeRegionTree();
    const fresh = await makeCaregiver(regions.county.id, regions.county.code, { phone: '13912345678' });
    const stored = await prisma.caregiver.findUniqueOrThrow({ where: { id: fresh.caregiver.id } });
    expect(stored.phone).toBeNull();
    expect(stored.phoneMasked).toBe('139****5678');
    expect(Buffer.from(stored.phoneCipher!).toString('latin1')).not.toContain('13912345678');
    expect(decryptSecret(stored.phoneCipher!)).toBe('13912345678');

    const legacy = await makeCaregiver(regions.county.id, regions.county.code, { phone: null });
    await prisma.caregiver.update({
      where: { id: legacy.caregiver.id },
      data: { phone: '13687654321', phoneCipher: null, phoneMasked: null },
    });
    const admin = await makeUser('ADMIN');
    const read = async () =>
      (
        await gql(
          `query($id: ID!) { node(id: $id) { ... on Caregiver { phone } } }`,
          { id: gid('Caregiver', legacy.caregiver.id) },
          { token: admin.token },
        )
      ).data?.node.phone;
    expect(await read()).toBe('13687654321');
    expect(await reencryptPersonalData()).toBeGreaterThanOrEqual(1);
    const moved = await prisma.caregiver.findUniqueOrThrow({ where: { id: legacy.caregiver.id } });
    expect(moved).toMatchObject({ phone: null, phoneMasked: '136****4321' });
    expect(decryptSecret(moved.phoneCipher!)).toBe('13687654321');
    expect(await read()).toBe('13687654321');
  });

  it('refuses a tampered ciphertext and never puts the number in the error', async () => {
    const blob = Buffer.from(encryptSecret('36110219740315002X'));
    blob[blob.length - 1]! ^= 0xff;
    expect(() => decryptSecret(blob)).toThrow();
    try {
      decryptSecret(blob);
    } catch (error) {
      expect(String(error)).not.toContain('36110219740315002X');
    }
  });
});
