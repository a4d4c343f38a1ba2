import type { ErrorParams } from './errors.ts';

/**
 * The one place where failures get English words: the fallback `message` other systems (API tokens)
 * read. Services raise codes and parameters; the portal words the same codes in Chinese and English
 * from its own dictionaries (web/src/lib/i18n/errors.ts). A failure is looked up by its `reason` first
 * (the rule of state that refused it), then by its code.
 */
type Words = (p: ErrorParams) => string;

const failures: Record<string, Words> = {
  // graphql/errors.ts
  NOT_FOUND: (p) => `${p.entity ?? 'Record'} not found`,
  FORBIDDEN: () => 'You are not allowed to do this',
  UNAUTHENTICATED: () => 'Sign in first',
  // reasons of a refusal (FORBIDDEN): who may do it
  COLLEGE_STAFF_ONLY: () => 'Only college staff do this',
  HR_APPROVER_ONLY: () => 'Only the HR bureau’s approver writes to the credit record',
  CAREGIVER_ONLY: () => 'Only a caregiver applies for a course, for themself',
  PROVIDER_STAFF_ONLY: () => 'Only training provider staff do this',
  FINANCE_OF_REGION_ONLY: () => 'Only finance of the region does this',
  CAREGIVER_OR_EMPLOYER_ONLY: () => 'Only the caregiver or their employer does this',
  HR_APPROVER_OF_REGION_ONLY: () => 'Only the HR approver of the region publishes subsidy policies',
  ASSESSMENT_BODY_ONLY: () => 'Only assessment bodies do this',
  TARGETS_OF_OWN_REGION_ONLY: () => 'Only civil affairs of the region sets its targets; only an admin sets the defaults',
  CIVIL_AFFAIRS_ONLY: () => 'Only civil affairs records blacklist entries',
  OWN_INSTITUTION_ONLY: () => 'You record employment only at your own institution',
  EMPLOYER_ONLY: () => 'Only the employing institution changes this record',
  ADMIN_ONLY: () => 'Only an admin does this',
  CONFLICT: () => 'This conflicts with existing data',
  UNIQUE_CONSTRAINT: () => 'This conflicts with a record written at the same time; reload and try again',
  UNKNOWN_JOB: (p) => `No handler for job ${p.name} in this worker`,
  BUSY: () => 'Too many simultaneous changes to the same records; nothing was saved, try again',
  // auth
  INVALID_CREDENTIALS: () => 'Wrong username or password',
  TOO_MANY_ATTEMPTS: (p) => `Too many failed attempts; try again in ${Math.ceil(Number(p.retryAfterSeconds) / 60)} minutes`,
  REAUTHENTICATION_REQUIRED: () => 'Enter your password again to confirm it is you',
  USERNAME_TAKEN: (p) => `The username ${p.username} is taken`,
  OWN_ACCOUNT: () => 'You cannot disable your own account or remove your own admin role',
  // background jobs
  JOB_NOT_FAILED: (p) => `Only a failed job can be retried; this one is ${p.status}`,
  // caregivers and organisations
  CAREGIVER_ALREADY_REGISTERED: () => 'A caregiver with this resident ID number is already registered',
  EMPLOYMENT_OVERLAP: () => 'This caregiver already has an open employment at this institution',
  RESIDENT_ID_NOT_REVEALABLE: () => 'Your role may see this person only with the resident ID number masked',
  USCC_TAKEN: (p) => `An organisation with the code ${p.uscc} is already registered`,
  OUTSIDE_REGISTRY_SCOPE: () => 'Civil affairs registers care institutions in its own region only',
  REGION_CODE_TAKEN: (p) => `Region ${p.code} already exists`,
  // certification
  NOT_ELIGIBLE: (p) => (p.unmet ? `Not eligible: ${p.unmet}` : 'Does not meet the entry rules of this level'),
  BLACKLISTED: () => 'On the credit blacklist: may not apply',
  SESSION_FULL: () => 'The exam session is full',
  CERTIFICATE_FONT_MISSING: () => 'No CJK font on the server to print the certificate: install fonts-noto-cjk or set CERTIFICATE_FONT',
  EXAM_NOT_HELD: (p) => `The exam session starts at ${p.startsAt}: no results before it has taken place`,
  PUBLICITY_RUNNING: (p) => `Results are publicised until ${p.endsOn}: certificates are issued after that`,
  OBJECTIONS_OPEN: (p) => `${p.count} objection(s) still to be answered before certificates are issued`,
  ASSESSOR_CODES_MISSING: () => 'The HR bureau has not recorded this assessment body’s codes: certificates cannot be numbered',
  CERTIFICATE_SERIALS_EXHAUSTED: (p) => `No certificate serials left for ${p.prefix}, ${p.year}, level ${p.grade}`,
  ASSESSOR_CODES_TAKEN: (p) => `Another assessment body already has site ${p.bodyCode} ${p.provinceCode} ${p.siteCode}`,
  RATE_LIMITED: (p) => `Too many look-ups: try again in ${p.retryAfterSeconds} s`,
  NOT_APPROVED_FOR_LEVEL: () => 'The HR bureau has not approved this body for this level',
  APPLICATIONS_CLOSED: () => 'Applications for this session are closed',
  ALREADY_APPLIED: () => 'Already applied for this session',
  APPLICATION_DECIDED: () => 'This application has been decided',
  SCORES_NOT_OPEN: () => 'Scores are entered for scheduled candidates before results are publicised',
  REVIEW_SCORE_REQUIRED: () => 'This level needs a comprehensive review score',
  REVIEW_SCORE_NOT_TAKEN: () => 'This level has no comprehensive review',
  RESULTS_ALREADY_PUBLICISED: () => 'Results are already publicised',
  SCORES_MISSING: (p) => `${p.count} candidate(s) have no scores yet`,
  NOT_IN_PUBLICITY: () => 'Objections are taken only while results are publicised',
  NO_OPEN_OBJECTION: () => 'No open objection',
  RESULTS_NOT_PUBLICISED: () => 'Results have not been publicised',
  CERTIFICATE_ALREADY_REVOKED: () => 'Already revoked',
  REGISTRATION_DECIDED: () => 'Already decided',
  ASSESSOR_PENDING: () => 'Already waiting for the HR bureau',
  ASSESSOR_APPROVED: () => 'Already approved',
  FIRST_AID_NUMBER_TAKEN: () => 'A first-aid certificate with this number is already recorded',
  ENTRY_ALREADY_LIFTED: () => 'Already lifted',
  ENTRY_NOT_IN_FORCE: () => 'The entry is no longer in force',
  APPEAL_ALREADY_OPEN: () => 'An appeal against this entry is already waiting for a decision',
  NOT_ISSUING_REGION: () => 'Only civil affairs of the issuing region decides appeals',
  APPEAL_DECIDED: () => 'This appeal has been decided',
  // notifications
  WEBHOOK_DELIVERY_FAILED: (p) => `The receiver did not accept the delivery (${p.failure})`,
  SMS_SEND_FAILED: (p) => `The SMS provider did not accept the message (${p.failure})`,
  WEBHOOK_ENDPOINT_DISABLED: () => 'The endpoint is disabled; enable it before replaying',
  // competitions
  RESULTS_SUBMITTED: () => 'Results are submitted: entries and scores are closed',
  NO_ENTRIES: () => 'No entries yet',
  ENTRANTS_UNSCORED: (p) => `${p.count} entrant(s) have no scores yet`,
  RESULTS_NOT_SUBMITTED: () => 'Results have not been submitted',
  RESULTS_ALREADY_APPROVED: () => 'Results are already approved',
  ENTRANT_WITHOUT_RANK: () => 'An entrant has no rank',
  AWARD_LEVEL_RETIRED: (p) => `Level ${p.levelCode} of the award rules is no longer in force`,
  SUBMITTER_APPROVES: () => 'The person who submitted the results may not approve them',
  REGION_OUTSIDE_REACH: (p) => `Region ${p.code} is outside the regions you record figures for`,
  SAME_PERSON: () => 'The person who submitted or reviewed this may not approve it',
  ALREADY_ENTERED: () => 'Already entered in this competition',
  // directed training
  QUOTA_FULL: (p) => `The class's quota of ${p.quota} is full`,
  ACTIVE_AGREEMENT: (p) => `The student holds an active agreement in ${p.className}`,
  GRADUATION_BEFORE_PROGRAMME_END: (p) =>
    `Graduating before ${p.earliest}, the end of the ${p.programmeYears}-year programme, needs a recorded reason`,
  AGREEMENT_RECORDED: (p) => `The agreement is recorded already (${p.agreementNo})`,
  AGREEMENT_MISSING: () => 'Record the three-party agreement first',
  STUDENT_STATUS: (p) => `A student who is ${String(p.status).toLowerCase()} cannot ${String(p.action).toLowerCase().replace(/_/g, ' ')}`,
  REPAYMENT_NOT_DUE: (p) => `The repayment is ${String(p.status).toLowerCase()}; nothing more can be recorded`,
  // training
  ALREADY_ENROLLED: () => 'You are already enrolled or waitlisted on this course',
  ENTITLEMENT_USED: (p) => `The government-funded training of ${p.year} is used by ${p.courseTitle}`,
  NOT_OPEN_TO_YOU: (p) => (p.rule ? `The course is not open to you (${p.rule})` : 'The course is not open to you'),
  COURSE_CANCELLED: () => 'The course is cancelled',
  COURSE_STARTED: () => 'The course has started already',
  COURSE_NOT_DRAFT: () => 'Only a draft course can be published',
  SESSIONS_SHORT_OF_HOURS: (p) => `The sessions give ${p.hours} hours, fewer than the ${p.requiredHours} required`,
  ENROLMENT_STATUS: (p) => `A ${String(p.status).toLowerCase()} place cannot ${String(p.action).toLowerCase().replace(/_/g, ' ')}`,
  // notifications
  API_TOKEN_REVOKED: () => 'the API token is revoked or expired',
  // subsidies
  NO_POLICY: (p) => `No ${p.kind} policy is in force for this region on that day`,
  DUPLICATE_CLAIM: (p) => `A claim for this exists already: ${p.existingReference}`,
  ENVELOPE_EXHAUSTED: (p) => `No fund envelope of this policy has ${Number(p.neededFen) / 100} yuan left for ${p.year}`,
  EVIDENCE_MISSING: (p) => `Evidence missing: ${String(p.missing).split(',').join(', ')}`,
  ROSTER_CONFIRMED: () => 'The roster of this month is confirmed already',
  CLAIM_SUBMITTED: () => 'The claim is already submitted',
  CLAIM_REVIEWED: () => 'A claim can be withdrawn only before review',
  CLAIM_NOT_SUBMITTED: () => 'Only submitted claims are reviewed',
  CLAIM_NOT_REVIEWED: () => 'Only reviewed claims are approved',
  CLAIM_NOT_REJECTABLE: () => 'The claim cannot be rejected in this state',
  CLAIM_NOT_APPROVED: () => 'Only approved claims are revoked',
  PAYMENT_WITH_BANK: () => 'A payment is with the bank; revoke after its return file',
  NOTHING_TO_RECOVER: () => 'Nothing to recover on this claim',
  RECOVERY_TOO_MUCH: (p) => `More than the ${p.owedYuan} yuan still owed`,
  IDEMPOTENCY_KEY_TAKEN: () => 'This idempotency key belongs to another request',
  NOTHING_PAYABLE: () => 'Nothing is payable',
  PAYER_ACCOUNT_MISSING: (p) => `Fund ${p.fund} has no paying account: finance sets it on the fund before the bank file is exported`,
  VERIFY_URL_NOT_PUBLIC: () =>
    'The verification address for the QR code is not public (localhost): an operator must set PUBLIC_VERIFY_URL before certificates are printed',
  PAYABLE_CHANGED: () => 'Payable items changed meanwhile; try again',
  WRONG_STATE: () => 'This cannot be done in the current state',
};

/** Field issues (zod's codes and the services' own): `{field}` is not part of the words, the path says it. */
const fieldIssues: Record<string, Words> = {
  REQUIRED: () => 'is required',
  TOO_SMALL: (p) =>
    p.origin === 'string'
      ? `must have at least ${p.minimum} characters`
      : p.origin === 'array'
        ? `must have at least ${p.minimum} items`
        : p.exclusive
          ? `must be more than ${p.minimum}`
          : `must be at least ${p.minimum}`,
  TOO_BIG: (p) =>
    p.origin === 'string'
      ? `must have at most ${p.maximum} characters`
      : p.origin === 'array'
        ? `must have at most ${p.maximum} items`
        : p.exclusive
          ? `must be less than ${p.maximum}`
          : `must be at most ${p.maximum}`,
  INVALID_TYPE: (p) => `must be a ${p.expected}`,
  INVALID_FORMAT: (p) => (p.format === 'regex' ? 'is not in the expected format' : `is not a valid ${p.format}`),
  INVALID_VALUE: (p) => `must be one of ${p.values}`,
  NOT_MULTIPLE_OF: (p) => `must be a multiple of ${p.divisor}`,
  TOO_MANY_DECIMALS: (p) => `at most ${p.places} decimal places`,
  DATE_IN_FUTURE: () => 'cannot be in the future',
  DATE_NOT_IN_FUTURE: () => 'must be in the future',
  REGION_UNKNOWN: () => 'is not a known region',
  CONSENT_REQUIRED: () => 'confirm that the person agreed to this check',
  HEADER_MISSING: (p) => `the header row lacks ${p.columns ?? p.fields}`,
  FILE_EMPTY: () => 'the file is empty',
  DUPLICATE_ROW: (p) => (p.row ? `duplicate: repeats row ${p.row}` : 'repeats an earlier row of this file'),
  COURSE_UNKNOWN: () => 'unknown course: none of your courses has this code',
  SESSION_UNKNOWN: (p) => `the course has no session ${p.session}`,
  PERSON_UNKNOWN: () => 'no registered person has this ID number',
  NAME_MISMATCH: () => 'differs from the name registered for this ID number',
  NOT_ENROLLED: () => 'is not enrolled on this course',
  CLASS_GONE: () => 'the class is gone',
  AGREEMENT_NO_TAKEN: () => 'is the number of another agreement',
  DATE_FORMAT: (p) => `must be a date such as ${p.example ?? '2023-09-01'}`,
  AGREEMENT_AND_DAY: () => 'give both the agreement number and the day it was signed',
  AGE_BAND_UNKNOWN: () => 'must be 60+ or 65+',
  BASIS_UNKNOWN: () => 'must be resident or registered',
  POPULATION_YEAR_IN_FUTURE: (p) => `must not be a future year (after ${p.maxYear})`,
  NOT_A_LINE_OF_BATCH: (p) => `is not a line of batch ${p.batch}`,
  BANK_STATUS_UNKNOWN: () => 'must be 成功 (paid) or 失败 (failed)',
  NOT_AN_AMOUNT: () => 'is not an amount in yuan',
  AMOUNT_MISMATCH: (p) => `is not the line's amount (${p.expectedYuan})`,
  LINE_ALREADY_RECORDED: (p) => `the line was recorded as ${p.status} already`,
  NOT_AN_INSTITUTION: () => 'must be a care institution',
  SESSION_NOT_BEGUN: () => 'the session has not begun yet',
  NOT_FIRST_OF_MONTH: () => 'must be the first day of a month',
  MONTH_NOT_ENDED: () => 'must be a month that has ended',
  FUND_UNKNOWN: (p) => (p.codes ? `unknown fund source ${p.codes}` : 'is not a known fund source'),
  LEVEL_UNKNOWN: (p) => (p.codes ? `unknown skill level(s): ${p.codes}` : 'is not a known skill level'),
  COURSE_CODE_TAKEN: () => 'is used by another of your courses',
  BEFORE_COURSE_START: () => 'must not be before the course starts',
  COHORT_YEAR_MISMATCH: (p) => `must fall in the cohort year ${p.cohortYear}`,
  AMOUNT_OVER_OUTSTANDING: (p) => `must be at most the ${p.outstandingYuan} yuan outstanding`,
  SESSION_OUTSIDE_COURSE: (p) => `must fall within the course, ${p.from} to ${p.to}`,
  BELOW_COMMITTED: (p) => `is below the ${p.committedYuan} yuan already committed`,
  FILE_NAME_MISMATCH: (p) => `does not match the content (${p.mimeType})`,
  FILE_TOO_LARGE: (p) => `the file is larger than ${p.maxMb} MB`,
  FILE_TYPE_NOT_ALLOWED: () => 'must be a PDF, JPEG or PNG file',
  IMAGE_TYPE_NOT_ALLOWED: (p) => `must be a ${String(p.allowed).split(',').join(' or ')} image file`,
  NOT_BASE64: () => 'must be base64',
  BANK_ACCOUNT_FORMAT: () => 'must be a bank account number of 8 to 32 digits',
  BANK_LAYOUT_UNKNOWN: () => 'is not a known bank file layout',
  FILING_CODE_FORMAT: () => 'must be 4 to 40 letters, digits or dashes',
  BEFORE_ENROLMENT: () => 'must not be before enrolment',
  BEFORE_BREACH: () => 'must not be before the breach',
  OUTSIDE_EMPLOYMENT: () => 'outside the employment period',
  CAPACITY_BELOW_TAKEN: (p) => `must be at least the ${p.seatsTaken} seats taken`,
  HOURS_OVER_SESSION: (p) => `must be at most the session's ${p.hours} hours`,
  ATTENDANCE_MISSING: (p) => `no attendance for ${p.names}`,
  REQUIRED_FOR_KIND: (p) => `is required for ${p.kind}`,
  CLASS_REQUIRED: () => 'a students file goes into a class',
  CLASS_EXISTS: (p) => `a ${p.cohortYear} class of this major exists already`,
  STUDENT_IN_CLASS: (p) => `the student is in this class already as ${p.studentNo}`,
  STUDENT_NO_TAKEN: () => 'is another student’s number in this class',
  OUTSIDE_SPONSOR_REGION: () => 'must be in the sponsoring region',
  RECEIPT_RECORDED: (p) => `receipt ${p.reference} is recorded already with ${p.amountYuan} yuan`,
  NOT_HOLDING_SEAT: (p) => `is ${String(p.status).toLowerCase()}, not holding a seat`,
  REGION_CODE_FORMAT: () => 'must be a 6-digit region code',
  POLICY_CODE_ELSEWHERE: () => 'belongs to a policy of another kind or region',
  NOT_AFTER_CURRENT_VERSION: () => 'must be after the current version starts',
  AWARD_NOT_CLAIMED: () => 'competition awards are granted by the competition organiser, not claimed',
  ON_BEHALF_OF_REQUIRED: () => 'name who appeals when recording an appeal on their behalf',
  REGION_REQUIRED: () => 'choose the region whose bureau runs the competition',
  OUTSIDE_YOUR_REGION: () => 'must be your bureau’s region or within it',
  ORGANISER_NOT_BUREAU: () => 'must be a bureau of the competition’s region (it issues the certificates)',
  EMPLOYMENT_REQUIRED: () => 'institution staff register a caregiver together with their employment',
  GRADUATION_NOT_AFTER_ENROLMENT: () => 'must be after enrolment',
  PLACEMENT_BEFORE_GRADUATION: () => 'must not be before graduation',
  CONTRACT_END_NOT_AFTER_START: () => 'must be after the start date',
  END_BEFORE_START: () => 'must not be before the start date',
  ROLE_NOT_ASSIGNABLE: () => 'caregiver logins keep their one role',
  FUND_CODE_TAKEN: (p) => `the fund code ${p.code} is taken`,
  REGION_TOO_DEEP: () => 'regions below a county are not kept',
  REGION_CODE_PARENT_MISMATCH: (p) => `must start with ${p.prefix} and not end in zeros`,
  REGION_PARENT_REQUIRED: () => 'a region whose code does not end in 0000 needs its parent',
  CAREGIVER_UNDER_WORKING_AGE: (p) => `under the minimum working age of ${p.minimumAge} (is ${p.age})`,
  RESIDENT_ID_UNCHANGED: () => 'is the number already recorded',
  UNREADABLE_FILE: () => 'is not a readable .xlsx file',
  TOO_MANY_ROWS: (p) => `has more than ${p.maxRows} rows`,
  FILE_INFLATES_TOO_MUCH: () => 'unpacks to more than a spreadsheet of this kind can hold',
  INVALID_GLOBAL_ID: (p) => `is not a valid ${p.type} ID`,
  ONE_SUBJECT_REQUIRED: () => 'name either a person or an organisation',
  LAYOUT_NEEDS_PAYEE_AND_AMOUNT: () => 'a layout needs the payee account and the amount columns',
  LAYOUT_CODE_FORMAT: () => 'capital letters, digits and hyphens, 2 to 30 (e.g. ABC-DAIFA)',
  RESIDENT_ID_FORMAT: () => 'must be 17 digits followed by a digit or X',
  RESIDENT_ID_CHECK_DIGIT: () => 'invalid resident ID number: check digit does not match (GB 11643)',
  WEBHOOK_HTTPS_REQUIRED: () => 'must be an https address',
  WEBHOOK_INTERNAL_ADDRESS: (p) =>
    `resolves to an internal address${p.address ? ` (${p.address})` : ''}; webhooks go to public addresses only`,
  WEBHOOK_HOST_UNRESOLVED: () => 'the host name does not resolve',
  API_TOKEN_UNKNOWN: () => 'no API token has this id',
  API_TOKEN_READS_NO_EVENTS: () => 'the token’s scopes read none of the events (give it certificates, training, caregivers or subsidies)',
  EVENT_OUTSIDE_TOKEN_SCOPES: (p) => `the token’s scopes do not read ${p.codes}`,
};

const PLAIN = /^[A-Z][A-Z0-9_]*$/;

/** English words for a failure: its reason's, else a fallback sentence not yet turned into a reason, else its code's. */
export function englishMessage(code: string, params: ErrorParams, fallback?: string): string {
  const reason = typeof params.reason === 'string' && PLAIN.test(params.reason) ? failures[params.reason] : undefined;
  if (reason) return reason(params);
  if (fallback) return fallback;
  return failures[code]?.(params) ?? code;
}

/** English words for one field issue. */
export function englishFieldMessage(code: string, params: ErrorParams): string {
  return (fieldIssues[code] ?? failures[code])?.(params) ?? code.toLowerCase().replace(/_/g, ' ');
}

export const hasEnglishFieldMessage = (code: string) => code in fieldIssues || code in failures;

/** Every code and reason the catalogue words (the portal's dictionaries must word each one too). */
export const cataloguedCodes = (): string[] => [...Object.keys(failures), ...Object.keys(fieldIssues)];
