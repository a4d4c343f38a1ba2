import { ConflictError, ForbiddenError } from '../../graphql/errors.ts';

/** A caregiver with this resident ID number is already registered (and the name given does not match it). */
export class CaregiverAlreadyRegisteredError extends ConflictError {
  override readonly code: string = 'CAREGIVER_ALREADY_REGISTERED';
  constructor() {
    super();
  }
}

/** The employment overlaps an open employment of the same caregiver at the same institution. */
export class EmploymentOverlapError extends ConflictError {
  override readonly code: string = 'EMPLOYMENT_OVERLAP';
  constructor() {
    super();
  }
}

/**
 * The viewer may see the caregiver (masked) but has no legal need for the full resident ID number: only
 * staff of the person's current employer, the HR bureau of their region and admins do.
 */
export class ResidentIdNotRevealableError extends ForbiddenError {
  override readonly code: string = 'RESIDENT_ID_NOT_REVEALABLE';
  constructor() {
    super();
  }
}
