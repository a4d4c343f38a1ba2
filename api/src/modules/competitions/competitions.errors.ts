import { ConflictError, ForbiddenError } from '../../graphql/errors.ts';

/** Maker-checker: whoever submitted the results may not approve them. */
export class SameApproverError extends ForbiddenError {
  override readonly code: string = 'SAME_PERSON';
  constructor() {
    super('SUBMITTER_APPROVES');
  }
}

/** The caregiver is already entered in this competition. */
export class AlreadyEnteredError extends ConflictError {
  override readonly code: string = 'ALREADY_ENTERED';
  constructor() {
    super();
  }
}
