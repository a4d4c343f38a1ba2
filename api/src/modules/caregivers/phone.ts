import { decryptSecret, encryptSecret } from './field-encryption.ts';

/** A mobile number as shown to those who may not read it whole, and as kept in the append-only audit log. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** Everything stored for a mobile number: encrypted at rest, masked for display, nothing in clear. */
export const protectPhone = (phone: string | null) => ({
  phone: null,
  phoneCipher: phone === null ? null : encryptSecret(phone),
  phoneMasked: phone === null ? null : maskPhone(phone),
});

/** The number in clear, from its ciphertext or (a row not yet moved by `pnpm data:reencrypt`) the legacy column. */
export const readPhone = (row: { phone: string | null; phoneCipher: Uint8Array | null }) =>
  row.phoneCipher ? decryptSecret(row.phoneCipher) : row.phone;

/** The masked number of a row, old or new. */
export const maskedPhoneOf = (row: { phone: string | null; phoneMasked: string | null }) =>
  row.phoneMasked ?? (row.phone === null ? null : maskPhone(row.phone));
