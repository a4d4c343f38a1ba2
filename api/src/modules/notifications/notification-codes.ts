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
] as const;
export type EventCode = (typeof EVENT_CODES)[number];

/**
 * Who hears of an event: the caregiver it concerns, the staff of the institutions employing them now,
 * or the HR reviewers of the caregiver's region (claims waiting for review).
 */
export const AUDIENCES = ['CAREGIVER', 'EMPLOYER', 'REVIEWERS'] as const;
export type Audience = (typeof AUDIENCES)[number];

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
