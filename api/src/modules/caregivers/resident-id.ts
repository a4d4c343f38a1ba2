import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { env, isProduction } from '../../config/env.ts';

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

/** Normalises (trim, upper-case x) and returns the ID with what it encodes, or why it is invalid. */
export function parseResidentId(raw: string): { ok: true; id: string; facts: ResidentIdFacts } | { ok: false; reason: string } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  if (residentIdCheckChar(id) !== id[17]) return { ok: false, reason: 'check digit does not match (GB 11643)' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = new Date(Date.UTC(y, m - 1, d));
  if (birthDate.getUTCFullYear() !== y || birthDate.getUTCMonth() !== m - 1 || birthDate.getUTCDate() !== d || y < 1900 || birthDate > new Date()) {
    return { ok: false, reason: 'birth date in the number is not a real past date' };
  }
  const gender = Number(id[16]) % 2 === 1 ? 'MALE' : 'FEMALE';
  return { ok: true, id, facts: { regionCode: id.slice(0, 6), birthDate, gender } };
}

/** Masks all but the first four and last four characters: 3601**********123X. */
export function maskResidentId(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

// Fixed development keys so the demo works with no configuration; production refuses to start without real ones.
const DEV_DATA_KEY = Buffer.alloc(32, 'carecert-dev-data-key');
const DEV_INDEX_KEY = Buffer.alloc(32, 'carecert-dev-blind-index');

function key(value: string | undefined, fallback: Buffer, name: string): Buffer {
  if (value) {
    const buf = Buffer.from(value, 'base64');
    if (buf.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
    return buf;
  }
  if (isProduction) throw new Error(`${name} is required in production`);
  return fallback;
}

const dataKey = key(env.DATA_ENCRYPTION_KEY, DEV_DATA_KEY, 'DATA_ENCRYPTION_KEY');
const indexKey = key(env.BLIND_INDEX_KEY, DEV_INDEX_KEY, 'BLIND_INDEX_KEY');
const KEY_ID = Buffer.from(env.DATA_ENCRYPTION_KEY_ID.padEnd(8, '\0').slice(0, 8));

/** AES-256-GCM: key id (8 bytes) | IV (12) | tag (16) | ciphertext. The key id lets keys rotate. */
export function encryptSecret(plain: string): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(KEY_ID);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return new Uint8Array(Buffer.concat([KEY_ID, iv, cipher.getAuthTag(), data]));
}

export function decryptSecret(blob: Uint8Array): string {
  const buf = Buffer.from(blob);
  const keyId = buf.subarray(0, 8);
  if (!keyId.equals(KEY_ID)) throw new Error('ciphertext was written with an unknown key id');
  const decipher = createDecipheriv('aes-256-gcm', dataKey, buf.subarray(8, 20));
  decipher.setAAD(keyId);
  decipher.setAuthTag(buf.subarray(20, 36));
  return Buffer.concat([decipher.update(buf.subarray(36)), decipher.final()]).toString('utf8');
}

/** Keyed hash for exact look-up without decrypting every row. */
export function blindIndex(normalisedId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHmac('sha256', indexKey).update(normalisedId).digest());
}

/** Everything stored for a resident ID number. `id` must already be normalised by parseResidentId. */
export function protectResidentId(id: string) {
  return { residentIdCipher: encryptSecret(id), residentIdHash: blindIndex(id), residentIdMasked: maskResidentId(id) };
}
