import { ConflictError } from '../../graphql/errors.ts';

/** A caregiver with this resident ID number is already registered (and the name given does not match it). */
export class CaregiverAlreadyRegisteredError extends ConflictError {
  override readonly code: string = 'CAREGIVER_ALREADY_REGISTERED';
  constructor() {
    super('A caregiver with this resident ID number is already registered');
  }
}

/** The employment overlaps an open employment of the same caregiver at the same institution. */
export class EmploymentOverlapError extends ConflictError {
  override readonly code: string = 'EMPLOYMENT_OVERLAP';
  constructor() {
    super('This caregiver already has an open employment at this institution');
  }
}
