/**
 * The events the domain tells people and systems about. A code names what happened; its parameters are
 * ids, numbers, dates and states, never sentences and never resident ID numbers (the portal words them).
 */
export const EVENT_CODES = [
  'enrolment.promoted',
  'certificate.issued',
  'certificate.revoked',
  'blacklist.added',
  'blacklist.lifted',
  'claim.submitted',
  'claim.approved',
  'claim.rejected',
  'claim.paid',
  'firstAid.expiring',
  'exam.resultsPublicised',
  'instalment.due',
  'instalment.forfeited',
  'import.finished',
  'paymentBatch.finished',
] as const;
export type EventCode = (typeof EVENT_CODES)[number];

/**
 * Who hears of an event: the caregiver it concerns, the staff of the institutions employing them now,
 * the HR reviewers of the event's region (claims waiting for review), the finance officers of the
 * event's region (a payment batch answered), or the one user it names (who started an import).
 */
export const AUDIENCES = ['CAREGIVER', 'EMPLOYER', 'REVIEWERS', 'FINANCE', 'INITIATOR', 'ORGANISATION'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * The API-token scope another system needs to receive an event by webhook: the scope that reads the
 * object it is about, so a delivery carries nothing the token could not read itself. Null: never sent to
 * other systems: an import's report is its starter's business; exam applications and the blacklist are
 * read by roles only, never by tokens.
 */
export const WEBHOOK_SCOPE: Record<EventCode, string | null> = {
  'enrolment.promoted': 'training:read',
  'certificate.issued': 'certificates:read',
  'certificate.revoked': 'certificates:read',
  'exam.resultsPublicised': null,
  'firstAid.expiring': 'certificates:read',
  'blacklist.added': null,
  'blacklist.lifted': null,
  'claim.submitted': 'subsidies:read',
  'claim.approved': 'subsidies:read',
  'claim.rejected': 'subsidies:read',
  'claim.paid': 'subsidies:read',
  'instalment.due': 'subsidies:read',
  'instalment.forfeited': 'subsidies:read',
  'paymentBatch.finished': 'subsidies:read',
  'import.finished': null,
};

/** Scopes whose tokens read people (a certificate's holder); the others see status and figures, not who. */
export const SCOPES_SEEING_PEOPLE: ReadonlySet<string> = new Set(['certificates:read', 'caregivers:read']);

/** Codes a token with these scopes may receive. */
export const codesReadableWith = (scopes: readonly string[]): EventCode[] =>
  EVENT_CODES.filter((code) => {
    const scope = WEBHOOK_SCOPE[code];
    return scope !== null && scopes.includes(scope);
  });

/** Parameters of an event: what changed, in values the portal can word and other systems can read. */
export type EventParams = Record<string, string | number | boolean | null>;

/**
 * Events worth an SMS to a caregiver who opted in. Providers in China send only pre-approved templates
 * with positional parameters, so each code names its template and the order of its parameters.
 */
export const SMS_TEMPLATES: Partial<Record<EventCode, { template: string; params: string[] }>> = {
  'enrolment.promoted': { template: 'ENROLMENT_PROMOTED', params: ['courseTitle', 'startsOn'] },
  'certificate.revoked': { template: 'CERTIFICATE_REVOKED', params: ['number'] },
  'claim.approved': { template: 'CLAIM_APPROVED', params: ['amountYuan'] },
  'claim.rejected': { template: 'CLAIM_REJECTED', params: [] },
  'claim.paid': { template: 'CLAIM_PAID', params: ['amountYuan'] },
  'blacklist.added': { template: 'BLACKLIST_ADDED', params: ['startsOn'] },
};
