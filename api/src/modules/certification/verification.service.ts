import { RateLimiterRes } from 'rate-limiter-flexible';
import { prisma } from '../../db/client.ts';
import type { Context } from '../../graphql/context.ts';
import { DomainError } from '../../graphql/errors.ts';
import { limiter } from '../../graphql/limits.ts';
import type { TVerifyCertificateInput } from './certification.schemas.ts';

/** Look-ups one client address may make per minute: enough for an employer, too few to enumerate numbers. */
export const VERIFICATIONS_PER_MINUTE = 20;
let verifications: ReturnType<typeof limiter> | null = null;

/** Too many look-ups from this address; try again after `retryAfterSeconds`. */
export class VerificationRateLimitedError extends DomainError {
  override readonly code: string = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number) {
    super({ retryAfterSeconds });
  }
}

/** 李秀英 → 李*英, 王芳 → 王*: enough to confirm the person asked about, not to learn a name. */
export const maskName = (name: string) => {
  const chars = [...name];
  return chars.length <= 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
};

export type VerificationResult = {
  number: string;
  holderMasked: string;
  levelCode: string;
  levelNameZh: string;
  levelNameEn: string;
  issuerName: string;
  issuedOn: Date;
  status: 'VALID' | 'REVOKED';
  revokedOn: Date | null;
};

/**
 * Public check of a certificate: the number and the holder's full name must both match, so a number
 * alone reveals nothing. A wrong pair and an unknown number get the same answer (null).
 */
export async function verifyCertificate(
  ctx: Pick<Context, 'clientIp'>,
  input: TVerifyCertificateInput,
): Promise<VerificationResult | null> {
  verifications ??= limiter(VERIFICATIONS_PER_MINUTE, 'carecert:rl:verify');
  try {
    await verifications.consume(ctx.clientIp);
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) throw new VerificationRateLimitedError(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
    throw refusal;
  }
  const certificate = await prisma.certificate.findUnique({
    where: { number: input.number },
    include: { caregiver: { select: { name: true } }, level: true, issuer: { select: { name: true } } },
  });
  if (!certificate || certificate.caregiver.name !== input.holderName) return null;
  return {
    number: certificate.number,
    holderMasked: maskName(certificate.caregiver.name),
    levelCode: certificate.level.code,
    levelNameZh: certificate.level.nameZh,
    levelNameEn: certificate.level.nameEn,
    issuerName: certificate.issuer.name,
    issuedOn: certificate.issuedOn,
    status: certificate.status,
    revokedOn: certificate.revokedAt,
  };
}
