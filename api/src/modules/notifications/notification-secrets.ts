/**
 * How this module keeps secrets (webhook signing secrets, SMS phone numbers) at rest. The keyring lives
 * with the caregivers' personal data; the composition root hands its functions over (app/wiring.ts),
 * so this module imports no domain module.
 */
export type SecretBox = {
  encrypt(plain: string): Uint8Array<ArrayBuffer>;
  decrypt(blob: Uint8Array): string;
  maskPhone(phone: string): string;
};

let box: SecretBox | null = null;

export function useSecretBox(b: SecretBox): void {
  box = b;
}

export function secretBox(): SecretBox {
  if (!box) throw new Error('notifications: no secret box wired (app/wiring.ts)');
  return box;
}
