import { ConflictError, DomainError } from '../../graphql/errors.ts';
import type { RuleResult } from '../../shared/rule-result.ts';

/** The person meets none of the level's entry rules; `rules` says what each one lacks. */
export class NotEligibleError extends DomainError {
  override readonly code: string = 'NOT_ELIGIBLE';
  constructor(readonly rules: RuleResult[]) {
    super();
  }
}

/** Every seat of the exam session is taken. */
export class SessionFullError extends ConflictError {
  override readonly code: string = 'SESSION_FULL';
  constructor() {
    super();
  }
}

/** The server has no CJK font to print certificates with (an operator must install one); nothing was rendered. */
export class CertificateFontMissingError extends DomainError {
  override readonly code: string = 'CERTIFICATE_FONT_MISSING';
  constructor() {
    super();
  }
}

/**
 * The verification address printed as the QR code (PUBLIC_VERIFY_URL, else WEB_ORIGIN) is not public
 * (localhost, a bare host name or plain http) in production; an operator must set it; nothing was printed.
 */
export class VerifyUrlNotPublicError extends DomainError {
  override readonly code: string = 'VERIFY_URL_NOT_PUBLIC';
  constructor() {
    super();
  }
}

/** Scores and results wait until the exam has taken place: the session starts at `startsAt`. */
export class ExamNotHeldError extends ConflictError {
  override readonly code: string = 'EXAM_NOT_HELD';
  constructor(startsAt: Date) {
    super({ startsAt: startsAt.toISOString() });
  }
}

/** Results are publicised until `endsOn` (inclusive): certificates are issued from the next day. */
export class PublicityRunningError extends ConflictError {
  override readonly code: string = 'PUBLICITY_RUNNING';
  constructor(endsOn: Date) {
    super({ endsOn: endsOn.toISOString().slice(0, 10) });
  }
}

/** Objections lodged during publicity must all be answered before any certificate is issued. */
export class ObjectionsOpenError extends ConflictError {
  override readonly code: string = 'OBJECTIONS_OPEN';
  constructor(count: number) {
    super({ count });
  }
}

/** The HR bureau has not recorded the body's codes (kind, body code, site serial): its certificates cannot be numbered. */
export class AssessorCodesMissingError extends ConflictError {
  override readonly code: string = 'ASSESSOR_CODES_MISSING';
  constructor() {
    super();
  }
}

/** A site has given every serial of a year and level (999,999). */
export class CertificateSerialsExhaustedError extends ConflictError {
  override readonly code: string = 'CERTIFICATE_SERIALS_EXHAUSTED';
  constructor(prefix: string, year: number, grade: number) {
    super({ prefix, year, grade });
  }
}

/** Another approved body already uses the codes of this site. */
export class AssessorCodesTakenError extends ConflictError {
  override readonly code: string = 'ASSESSOR_CODES_TAKEN';
  constructor(bodyCode: string, provinceCode: string, siteCode: string) {
    super({ bodyCode, provinceCode, siteCode });
  }
}
