import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { env, isProduction } from '../../config/env.ts';

/**
 * Keys for personal data at rest. New ciphertext is written with `current`; `retired` keys only
 * decrypt, so rows written before a rotation stay readable until `reencryptPersonalData` has moved
 * them to the current key (see SECURITY.md, "Rotating keys").
 */
export type Keyring = { current: { id: Buffer; key: Buffer }; retired: Map<string, Buffer> };

const KEY_ID_BYTES = 8;
// Fixed development keys so the demo works with no configuration; production refuses to start without real ones.
const DEV_DATA_KEY = Buffer.alloc(32, 'carecert-dev-data-key');
const DEV_INDEX_KEY = Buffer.alloc(32, 'carecert-dev-blind-index');

function decodeKey(value: string, name: string): Buffer {
  const buf = Buffer.from(value, 'base64');
  if (buf.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return buf;
}

function requiredKey(value: string | undefined, fallback: Buffer, name: string): Buffer {
  if (value) return decodeKey(value, name);
  if (isProduction) throw new Error(`${name} is required in production`);
  return fallback;
}

/** A key id as stored in front of each ciphertext: up to 8 bytes, zero-padded. */
export const keyIdBytes = (id: string) => Buffer.from(id.padEnd(KEY_ID_BYTES, '\0').slice(0, KEY_ID_BYTES));
const keyIdText = (bytes: Buffer) => bytes.toString('utf8').replace(/\0+$/, '');

/** Builds a keyring from `DATA_ENCRYPTION_KEY(_ID)` and `DATA_ENCRYPTION_RETIRED_KEYS` ("id:base64,id:base64"). */
export function keyringFrom(config: { key?: string; keyId: string; retired?: string }): Keyring {
  const retired = new Map<string, Buffer>();
  for (const entry of (config.retired ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [id, value] = entry.split(':');
    if (!id || !value) throw new Error('DATA_ENCRYPTION_RETIRED_KEYS entries look like id:base64key');
    retired.set(id, decodeKey(value, `retired key ${id}`));
  }
  return { current: { id: keyIdBytes(config.keyId), key: requiredKey(config.key, DEV_DATA_KEY, 'DATA_ENCRYPTION_KEY') }, retired };
}

export const keyring: Keyring = keyringFrom({
  key: env.DATA_ENCRYPTION_KEY,
  keyId: env.DATA_ENCRYPTION_KEY_ID,
  retired: env.DATA_ENCRYPTION_RETIRED_KEYS,
});
const indexKey = requiredKey(env.BLIND_INDEX_KEY, DEV_INDEX_KEY, 'BLIND_INDEX_KEY');

/** AES-256-GCM: key id (8 bytes) | IV (12) | tag (16) | ciphertext; the key id is also the AAD. */
export function encryptSecret(plain: string, ring: Keyring = keyring): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  cipher.setAAD(ring.current.id);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return new Uint8Array(Buffer.concat([ring.current.id, iv, cipher.getAuthTag(), data]));
}

/** Whether a ciphertext was written with the keyring's current key. */
export function isCurrentKey(blob: Uint8Array, ring: Keyring = keyring): boolean {
  return Buffer.from(blob).subarray(0, KEY_ID_BYTES).equals(ring.current.id);
}

export function decryptSecret(blob: Uint8Array, ring: Keyring = keyring): string {
  const buf = Buffer.from(blob);
  const keyId = buf.subarray(0, KEY_ID_BYTES);
  const key = keyId.equals(ring.current.id) ? ring.current.key : ring.retired.get(keyIdText(keyId));
  // Never the ciphertext or the id's bytes in the message: errors end up in logs.
  if (!key) throw new Error('ciphertext was written with a key this keyring does not hold');
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(8, 20));
  decipher.setAAD(keyId);
  decipher.setAuthTag(buf.subarray(20, 36));
  return Buffer.concat([decipher.update(buf.subarray(36)), decipher.final()]).toString('utf8');
}

/** Keyed hash for exact look-up without decrypting every row. */
export function blindIndex(normalisedId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHmac('sha256', indexKey).update(normalisedId).digest());
}
