import { ConflictError, DomainError } from '../../graphql/errors.ts';

/** The person already holds a place (or a waitlist place) on this course. */
export class AlreadyEnrolledError extends ConflictError {
  override readonly code: string = 'ALREADY_ENROLLED';
  constructor() {
    super();
  }
}

/** This year's government-funded training is taken by another course. */
export class EntitlementUsedError extends ConflictError {
  override readonly code: string = 'ENTITLEMENT_USED';
  constructor(
    readonly year: number,
    readonly courseTitle: string,
  ) {
    super({ year, courseTitle });
  }
}

/** The course is not open to this person (a family carer on a post course, a director course without the post). */
export class NotOpenToYouError extends DomainError {
  override readonly code: string = 'NOT_OPEN_TO_YOU';
}
