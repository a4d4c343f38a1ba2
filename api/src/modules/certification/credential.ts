import { createHash, createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import { env, isProduction } from '../../config/env.ts';
import { prisma } from '../../db/client.ts';

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410), so a 32-byte secret from the environment becomes a key.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const DEV_SEED = createHash('sha256').update('carecert-dev-credential-key').digest();

function signingKey(): KeyObject {
  const seed = env.CREDENTIAL_SIGNING_KEY ? Buffer.from(env.CREDENTIAL_SIGNING_KEY, 'base64') : isProduction ? null : DEV_SEED;
  if (!seed || seed.length !== 32)
    throw new Error('CREDENTIAL_SIGNING_KEY must be a 32-byte Ed25519 seed, base64-encoded (required in production)');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

let cached: { privateKey: KeyObject; publicJwk: JsonWebKey } | null = null;
function keys() {
  if (!cached) {
    const privateKey = signingKey();
    cached = {
      privateKey,
      publicJwk: {
        ...createPublicKey(privateKey).export({ format: 'jwk' }),
        kid: env.CREDENTIAL_KEY_ID,
        alg: 'EdDSA',
        use: 'sig',
      } as JsonWebKey,
    };
  }
  return cached;
}

export const ISSUER_PATH = '/.well-known/carecert-issuer.json';
export const STATUS_LIST_PATH = '/credentials/status/revocation';
const issuerUrl = () => `${env.PUBLIC_API_URL}${ISSUER_PATH}`;
const statusListUrl = () => `${env.PUBLIC_API_URL}${STATUS_LIST_PATH}`;
/** Bits in the status list: 16 KB, the specification's minimum, or more as certificates grow. */
const MIN_STATUS_BITS = 131_072;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A compact JWS (VC-JWT, EdDSA over Ed25519) of the credential, verifiable offline with the issuer's public key. */
export function signCredential(credential: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ alg: 'EdDSA', kid: env.CREDENTIAL_KEY_ID, typ: 'vc+jwt', cty: 'vc' }));
  const payload = b64url(JSON.stringify(credential));
  const signature = sign(null, Buffer.from(`${header}.${payload}`), keys().privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** Checks a VC-JWT against a public JWK and returns the credential; throws when the signature does not hold. */
export function verifyCredential(jwt: string, publicJwk: JsonWebKey): Record<string, unknown> {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) throw new Error('not a compact JWS');
  const key = createPublicKey({ key: publicJwk, format: 'jwk' });
  if (!verify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url')))
    throw new Error('signature does not verify');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The issuer profile that credentials point at: who signs, and the key to check with. */
export function issuerProfile() {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: issuerUrl(),
    type: ['Profile'],
    name: 'CareCert 养老护理员职业技能等级认定平台',
    publicKeyJwk: keys().publicJwk,
    statusList: statusListUrl(),
  };
}

/**
 * A skill-level certificate as an Open Badges 3.0 achievement credential (W3C VC 2.0), signed. The
 * holder is identified by a salted hash of the name (OB 3.0 IdentityObject), so the credential does
 * not carry the ID number; revocation is read from the published Bitstring Status List.
 */
export async function certificateCredential(certificateId: string): Promise<string | null> {
  const c = await prisma.certificate.findUnique({
    where: { id: certificateId },
    include: { caregiver: { select: { name: true } }, level: true, issuer: { select: { name: true, uscc: true } } },
  });
  if (!c) return null;
  const salt = createHash('sha256').update(c.number).digest('hex').slice(0, 16);
  return signCredential({
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:carecert:certificate:${c.number}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: issuerUrl(),
      type: ['Profile'],
      name: c.issuer.name,
      otherIdentifier: [{ type: 'IdentifierEntry', identifier: c.issuer.uscc, identifierType: 'identifier' }],
    },
    validFrom: `${c.issuedOn.toISOString().slice(0, 10)}T00:00:00+08:00`,
    ...(c.expiresOn ? { validUntil: `${c.expiresOn.toISOString().slice(0, 10)}T00:00:00+08:00` } : {}),
    name: `养老护理员职业技能等级证书（${c.level.nameZh}）`,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: `sha256$${createHash('sha256')
            .update(c.caregiver.name + salt)
            .digest('hex')}`,
          identityType: 'name',
          hashed: true,
          salt,
        },
      ],
      achievement: {
        id: `urn:carecert:skill-level:${c.level.code}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: `养老护理员 ${c.level.nameZh}`,
        description: `${c.level.nameEn}, elderly-care worker (National Occupational Skill Standard 2019)`,
        criteria: { narrative: '按国家职业技能标准《养老护理员》（2019年版）通过职业技能等级认定' },
      },
      certificateNumber: c.number,
    },
    credentialStatus: {
      id: `${statusListUrl()}#${c.statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(c.statusIndex),
      statusListCredential: statusListUrl(),
    },
  });
}

/** The revocation status list: bit N set means the certificate with statusIndex N is revoked. */
export async function statusListCredential(): Promise<string> {
  const revoked = await prisma.certificate.findMany({ where: { status: 'REVOKED' }, select: { statusIndex: true } });
  const top = await prisma.certificate.aggregate({ _max: { statusIndex: true } });
  const bits = Math.max(MIN_STATUS_BITS, Math.ceil(((top._max.statusIndex ?? 0) + 1) / 8) * 8);
  const list = Buffer.alloc(bits / 8);
  // Bit 0 is the most significant bit of the first byte, as the specification orders them.
  for (const { statusIndex } of revoked) list[statusIndex >> 3]! |= 0x80 >> (statusIndex & 7);
  return signCredential({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: statusListUrl(),
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerUrl(),
    validFrom: new Date().toISOString(),
    credentialSubject: {
      id: `${statusListUrl()}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: `u${b64url(gzipSync(list))}`,
    },
  });
}

/** Reads bit `index` of a status list credential's encodedList (what a verifier does offline). */
export function isRevokedInList(encodedList: string, index: number): boolean {
  const list = gunzipSync(Buffer.from(encodedList.replace(/^u/, ''), 'base64url'));
  return (list[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}
