import { ConflictError, ForbiddenError } from '../../graphql/errors.ts';

/** The action does not fit where the competition is in its lifecycle (says why). */
export class CompetitionStateError extends ConflictError {
  override readonly code: string = 'WRONG_STATE';
}

/** Maker-checker: whoever submitted the results may not approve them. */
export class SameApproverError extends ForbiddenError {
  override readonly code: string = 'SAME_PERSON';
  constructor() {
    super({ reason: 'SUBMITTER_APPROVES' });
  }
}

/** The caregiver is already entered in this competition. */
export class AlreadyEnteredError extends ConflictError {
  override readonly code: string = 'ALREADY_ENTERED';
  constructor() {
    super();
  }
}
